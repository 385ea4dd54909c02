// text.hpp: UTF-8 validation, code-point length, the letter table, fold and trim.
#include <catch2/catch.hpp>

#include <string>

#include "pawnotes/text.hpp"

using namespace pawnotes;

TEST_CASE("is_valid_utf8 accepts well-formed text", "[text]") {
  CHECK(text::is_valid_utf8(""));
  CHECK(text::is_valid_utf8("plain ascii"));
  CHECK(text::is_valid_utf8("Ødegård"));
  CHECK(text::is_valid_utf8("日本語"));
  CHECK(text::is_valid_utf8("\xF0\x9F\x90\x95"));      // U+1F415 dog
  CHECK(text::is_valid_utf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF
  CHECK(text::is_valid_utf8(std::string("a\0b", 3)));  // NUL is a valid code point
}

TEST_CASE("is_valid_utf8 rejects malformed text", "[text]") {
  CHECK_FALSE(text::is_valid_utf8("\x80"));              // lone continuation
  CHECK_FALSE(text::is_valid_utf8("\xC3"));              // truncated
  CHECK_FALSE(text::is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(text::is_valid_utf8("\xE0\x80\xAF"));      // overlong 3-byte
  CHECK_FALSE(text::is_valid_utf8("\xED\xA0\x80"));      // surrogate U+D800
  CHECK_FALSE(text::is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(text::is_valid_utf8("\xFF"));
  CHECK_FALSE(text::is_valid_utf8("ab\xE2\x82"));  // truncated at the end
}

TEST_CASE("length counts code points", "[text]") {
  CHECK(text::length("") == 0);
  CHECK(text::length("abc") == 3);
  CHECK(text::length("Ødegård") == 7);
  CHECK(text::length("日本語") == 3);
  CHECK(text::length("\xF0\x9F\x90\x95") == 1);
}

TEST_CASE("is_letter follows the built-in \\p{L} table", "[text]") {
  for (char32_t c : {U'a', U'Z', U'é', U'Ø', U'ß', U'ł',  U'Ž',  U'ə',  U'Ω',  U'λ', U'Ж', U'я', U'Ա',
                     U'א', U'ب', U'क', U'ก', U'ა', U'한', U'ひ', U'カ', U'日', U'ª', U'ẞ', U'ế'}) {
    INFO(static_cast<unsigned>(c));
    CHECK(text::is_letter(c));
  }
  for (char32_t c : {U'0', U'9', U' ', U'-', U'\'', U'.', U'_', U'×', U'÷', U'\u00A0', U'\u0301', U'\u093E', U'\u0E31',
                     U'€', U'・', U'\U0001F415', char32_t{0x10FFFF}, char32_t{0}}) {
    INFO(static_cast<unsigned>(c));
    CHECK_FALSE(text::is_letter(c));
  }
}

TEST_CASE("fold lower-cases ASCII, Latin, Greek and Cyrillic", "[text]") {
  CHECK(text::fold("") == "");
  CHECK(text::fold("McDonald-SMITH 42") == "mcdonald-smith 42");
  CHECK(text::fold("ØDEGÅRD") == "ødegård");
  CHECK(text::fold("Ødegård") == "ødegård");
  CHECK(text::fold("ÀÉÎÕÜÝÞ") == "àéîõüýþ");
  CHECK(text::fold("×") == "×");  // not a letter: unchanged
  CHECK(text::fold("ß") == "ß");
  CHECK(text::fold("ŁÓDŹ ŻÓŁĆ") == "łódź żółć");
  CHECK(text::fold("ŠĽŽČŤŇĎ") == "šľžčťňď");
  CHECK(text::fold("ĞİŞ") == "ğiş");
  CHECK(text::fold("Ÿ") == "ÿ");
  CHECK(text::fold("ΑΘΗΝΑ Άλφα ΏΡΑ") == "αθηνα άλφα ώρα");
  CHECK(text::fold("ΣΟΦΟΣ") == "σοφοσ");
  CHECK(text::fold("МОСКВА Ёж ЇЖАК") == "москва ёж їжак");
  CHECK(text::fold("ҐӀӁ") == "ґӏӂ");
  CHECK(text::fold("日本語 한국어") == "日本語 한국어");  // no case: unchanged
}

TEST_CASE("fold always returns valid UTF-8", "[text]") {
  const std::string folded = text::fold(
      "A\xC3(\xFF"
      "B");
  CHECK(text::is_valid_utf8(folded));
  CHECK(folded ==
        "a\xEF\xBF\xBD(\xEF\xBF\xBD"
        "b");
}

TEST_CASE("fold is idempotent and keeps sort prefixes", "[text]") {
  const std::string s = "Van Der BERG-Ødegård Πέτρος Иванов";
  CHECK(text::fold(text::fold(s)) == text::fold(s));
  CHECK(text::fold(s).rfind(text::fold("van der b"), 0) == 0);
}

TEST_CASE("trim removes Unicode white space at both ends only", "[text]") {
  CHECK(text::trim("") == "");
  CHECK(text::trim("   ") == "");
  CHECK(text::trim("  Rex  ") == "Rex");
  CHECK(text::trim("\t\r\n Rex\n") == "Rex");
  CHECK(text::trim("\u00A0\u3000Rex Max\u2003\u202F") == "Rex Max");
  CHECK(text::trim("Rex  Max") == "Rex  Max");
  CHECK(text::trim("\u200BRex") == "\u200BRex");  // zero width space is not White_Space
  CHECK(text::trim(" 日本 ") == "日本");
  CHECK(text::trim(" Ødegård ") == "Ødegård");
  CHECK(text::trim(" \xFF ") == "\xFF");  // invalid bytes are kept, not mangled
}

// Unicode helpers without ICU. The letter table and the case mapping are built in (see below), so the
// same answers come out of the native, Python and WebAssembly builds.
#include "pawnotes/text.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace pawnotes::text {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

/// Decodes one code point at s[i]; on invalid input returns false and leaves cp/size unspecified.
/// Rejects overlong forms, surrogates and values above U+10FFFF.
bool decode(std::string_view s, std::size_t i, char32_t& cp, std::size_t& size) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    size = 1;
    return true;
  }
  std::size_t n = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return false;
  }
  if (s.size() - i < n) return false;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  size = n;
  return true;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

struct Range {
  char32_t first;
  char32_t last;
};

// Letters (general categories Lu, Ll, Lt, Lm, Lo) of the scripts pawnotes expects in names, from the
// Unicode 15 character database. Sorted, non-overlapping. Combining marks (Mn/Mc, e.g. Devanagari vowel
// signs or a decomposed accent) are not letters, exactly as for \p{L} in an ECMAScript regex.
constexpr Range kLetters[] = {
    {0x0041, 0x005A},   {0x0061, 0x007A},   {0x00AA, 0x00AA},   {0x00B5, 0x00B5},    // Basic Latin, signs
    {0x00BA, 0x00BA},   {0x00C0, 0x00D6},   {0x00D8, 0x00F6},                        // Latin-1 (not × ÷)
    {0x00F8, 0x02C1},                                                                // Latin Ext-A/B, IPA
    {0x02C6, 0x02D1},   {0x02E0, 0x02E4},   {0x02EC, 0x02EC},   {0x02EE, 0x02EE},    // modifier letters
    {0x0370, 0x0374},   {0x0376, 0x0377},   {0x037A, 0x037D},   {0x037F, 0x037F},    // Greek
    {0x0386, 0x0386},   {0x0388, 0x038A},   {0x038C, 0x038C},   {0x038E, 0x03A1},    //
    {0x03A3, 0x03F5},   {0x03F7, 0x0481},   {0x048A, 0x052F},                        // Greek, Cyrillic
    {0x0531, 0x0556},   {0x0559, 0x0559},   {0x0560, 0x0588},                        // Armenian
    {0x05D0, 0x05EA},   {0x05EF, 0x05F2},                                            // Hebrew
    {0x0620, 0x064A},   {0x066E, 0x066F},   {0x0671, 0x06D3},   {0x06D5, 0x06D5},    // Arabic
    {0x06E5, 0x06E6},   {0x06EE, 0x06EF},   {0x06FA, 0x06FC},   {0x06FF, 0x06FF},    //
    {0x0750, 0x077F},                                                                // Arabic Supplement
    {0x0904, 0x0939},   {0x093D, 0x093D},   {0x0950, 0x0950},   {0x0958, 0x0961},    // Devanagari
    {0x0971, 0x0980},                                                                //
    {0x0E01, 0x0E30},   {0x0E32, 0x0E33},   {0x0E40, 0x0E46},                        // Thai
    {0x10A0, 0x10C5},   {0x10C7, 0x10C7},   {0x10CD, 0x10CD},   {0x10D0, 0x10FA},    // Georgian
    {0x10FC, 0x10FF},                                                                //
    {0x1100, 0x11FF},                                                                // Hangul Jamo
    {0x13A0, 0x13F5},   {0x13F8, 0x13FD},                                            // Cherokee
    {0x1C80, 0x1C88},                                                                // Cyrillic Ext-C
    {0x1C90, 0x1CBA},   {0x1CBD, 0x1CBF},                                            // Georgian Mtavruli
    {0x1D00, 0x1DBF},                                                                // Phonetic Extensions
    {0x1E00, 0x1F15},   {0x1F18, 0x1F1D},   {0x1F20, 0x1F45},   {0x1F48, 0x1F4D},    // Latin Ext Additional,
    {0x1F50, 0x1F57},   {0x1F59, 0x1F59},   {0x1F5B, 0x1F5B},   {0x1F5D, 0x1F5D},    // Greek Extended
    {0x1F5F, 0x1F7D},   {0x1F80, 0x1FB4},   {0x1FB6, 0x1FBC},   {0x1FBE, 0x1FBE},    //
    {0x1FC2, 0x1FC4},   {0x1FC6, 0x1FCC},   {0x1FD0, 0x1FD3},   {0x1FD6, 0x1FDB},    //
    {0x1FE0, 0x1FEC},   {0x1FF2, 0x1FF4},   {0x1FF6, 0x1FFC},                        //
    {0x2C00, 0x2CE4},   {0x2CEB, 0x2CEE},                                            // Glagolitic, Latin Ext-C, Coptic
    {0x2D00, 0x2D25},   {0x2D27, 0x2D27},   {0x2D2D, 0x2D2D},                        // Georgian Supplement
    {0x3005, 0x3006},   {0x3031, 0x3035},   {0x303B, 0x303C},                        // CJK iteration marks
    {0x3041, 0x3096},   {0x309D, 0x309F},                                            // Hiragana
    {0x30A1, 0x30FA},   {0x30FC, 0x30FF},                                            // Katakana
    {0x3105, 0x312F},   {0x3131, 0x318E},   {0x31A0, 0x31BF},   {0x31F0, 0x31FF},    // Bopomofo, Hangul compat
    {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},                                            // CJK ideographs
    {0xA000, 0xA48C},                                                                // Yi
    {0xA640, 0xA66E},   {0xA67F, 0xA69D},   {0xA6A0, 0xA6E5},                        // Cyrillic Ext-B, Bamum
    {0xA717, 0xA71F},   {0xA722, 0xA788},   {0xA78B, 0xA7CA},   {0xA7F2, 0xA7FF},    // Latin Ext-D
    {0xAB30, 0xAB5A},   {0xAB5C, 0xAB69},                                            // Latin Ext-E
    {0xAC00, 0xD7A3},   {0xD7B0, 0xD7C6},   {0xD7CB, 0xD7FB},                        // Hangul syllables
    {0xF900, 0xFA6D},   {0xFA70, 0xFAD9},                                            // CJK compatibility
    {0xFB00, 0xFB06},   {0xFB13, 0xFB17},   {0xFB1D, 0xFB1D},   {0xFB1F, 0xFB28},    // ligatures, Hebrew
    {0xFB2A, 0xFB36},   {0xFB38, 0xFB3C},   {0xFB3E, 0xFB3E},   {0xFB40, 0xFB41},    //
    {0xFB43, 0xFB44},   {0xFB46, 0xFBB1},   {0xFBD3, 0xFD3D},   {0xFD50, 0xFD8F},    // Arabic forms
    {0xFD92, 0xFDC7},   {0xFDF0, 0xFDFB},   {0xFE70, 0xFE74},   {0xFE76, 0xFEFC},    //
    {0xFF21, 0xFF3A},   {0xFF41, 0xFF5A},   {0xFF66, 0xFFBE},   {0xFFC2, 0xFFC7},    // half/full width
    {0xFFCA, 0xFFCF},   {0xFFD2, 0xFFD7},   {0xFFDA, 0xFFDC},                        //
    {0x20000, 0x2A6DF}, {0x2A700, 0x2B739}, {0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1},  // CJK extensions B-F
    {0x2CEB0, 0x2EBE0}, {0x2F800, 0x2FA1D}, {0x30000, 0x3134A},                      // and G
};

/// Simple (one-to-one) lower-case mapping for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic.
/// Every other code point maps to itself. Greek final sigma stays ς (lower case already).
char32_t lower(char32_t cp) noexcept {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  if (cp < 0x100) return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ? cp + 32 : cp;
  if (cp < 0x180) {                // Latin Extended-A: upper/lower pairs, parity changes at U+0138 and U+0178
    if (cp == 0x130) return 'i';   // İ (simple mapping)
    if (cp == 0x178) return 0xFF;  // Ÿ
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) return (cp % 2 == 0) ? cp + 1 : cp;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return (cp % 2 == 1) ? cp + 1 : cp;
    return cp;
  }
  if (cp >= 0x370 && cp < 0x400) {  // Greek
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;
    if (cp == 0x386) return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A) return cp + 37;
    if (cp == 0x38C) return 0x3CC;
    if (cp == 0x38E || cp == 0x38F) return cp + 63;
    if (cp >= 0x3D8 && cp <= 0x3EF) return (cp % 2 == 0) ? cp + 1 : cp;
    return cp;
  }
  if (cp >= 0x400 && cp < 0x530) {  // Cyrillic and Cyrillic Supplement
    if (cp <= 0x40F) return cp + 80;
    if (cp <= 0x42F) return cp + 32;
    if (cp <= 0x45F) return cp;
    if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) || cp >= 0x4D0) return (cp % 2 == 0) ? cp + 1 : cp;
    if (cp == 0x4C0) return 0x4CF;
    if (cp >= 0x4C1 && cp <= 0x4CE) return (cp % 2 == 1) ? cp + 1 : cp;
    return cp;
  }
  return cp;
}

bool is_white_space(char32_t cp) noexcept {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

}  // namespace

bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    std::size_t size = 0;
    if (!decode(s, i, cp, size)) return false;
    i += size;
  }
  return true;
}

std::size_t length(std::string_view utf8) noexcept {
  std::size_t n = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool is_letter(char32_t cp) noexcept {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  const auto* end = std::end(kLetters);
  const auto* it =
      std::upper_bound(std::begin(kLetters), end, cp, [](char32_t value, const Range& r) { return value < r.first; });
  if (it == std::begin(kLetters)) return false;
  --it;
  return cp <= it->last;
}

std::string fold(std::string_view utf8) {
  std::string out;
  out.resize(utf8.size());
  // ASCII fast path: byte-wise until the first non-ASCII byte.
  std::size_t i = 0;
  for (; i < utf8.size(); ++i) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if (b >= 0x80) break;
    out[i] = static_cast<char>((b >= 'A' && b <= 'Z') ? b + 32 : b);
  }
  if (i == utf8.size()) return out;
  out.resize(i);
  out.reserve(utf8.size() + 8);
  while (i < utf8.size()) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if (b < 0x80) {
      out.push_back(static_cast<char>((b >= 'A' && b <= 'Z') ? b + 32 : b));
      ++i;
      continue;
    }
    char32_t cp = 0;
    std::size_t size = 0;
    if (!decode(utf8, i, cp, size)) {
      encode(kReplacement, out);  // keeps the result valid UTF-8
      ++i;
      continue;
    }
    const char32_t lowered = lower(cp);
    if (lowered == cp) {
      out.append(utf8.data() + i, size);
    } else {
      encode(lowered, out);
    }
    i += size;
  }
  return out;
}

std::string trim(std::string_view utf8) {
  std::size_t begin = 0;
  while (begin < utf8.size()) {
    char32_t cp = 0;
    std::size_t size = 0;
    if (!decode(utf8, begin, cp, size) || !is_white_space(cp)) break;
    begin += size;
  }
  std::size_t end = utf8.size();
  while (end > begin) {
    // Find the start of the last code point (at most 4 bytes back).
    std::size_t start = end - 1;
    while (start > begin && end - start < 4 && (static_cast<unsigned char>(utf8[start]) & 0xC0) == 0x80) --start;
    char32_t cp = 0;
    std::size_t size = 0;
    if (!decode(utf8, start, cp, size) || start + size != end || !is_white_space(cp)) break;
    end = start;
  }
  return std::string(utf8.substr(begin, end - begin));
}

}  // namespace pawnotes::text

// The read queries of the PostgreSQL engine: the SQLite engine's queries (sqlite_queries.cpp) with the same
// validation, orders, paging, totals and cursors. Every query is scoped to the caller's organization.
//
// Full-text search (the documented differences are in lib/README.md, "Storage engines"):
// - The index is notes.search, to_tsvector('pawnotes_search', search_text(body)): the core splits the body
//   into words like SQLite's unicode61 tokenizer (letters and digits; punctuation, HTML tags, e-mail
//   addresses and URLs are all just separators), PostgreSQL lower-cases and removes diacritics (unaccent).
// - Every white-space separated word of the user's text becomes phraseto_tsquery of its tokens and all
//   must match (&&): the same "every word, as a phrase" semantics as the SQLite engine's FTS5 query, and
//   user text is never tsquery syntax.
// - Relevance is ts_rank with length normalization (1), reported negated so that, like bm25, lower is
//   better. The figures differ from bm25's; the order of clearly better matches is the same.
// - Snippets are cut here, not by ts_headline: ts_headline drops leading words and treats HTML in a note as
//   markup, so its windows and marks differ from FTS5's. The window (16 tokens around the most matches,
//   "…" where it cuts, the same U+E000/U+E001 sentinels turned into <mark>, everything else HTML-escaped)
//   follows FTS5's snippet(). A match found only through diacritic folding ("cafe" for "café") is found
//   and ranked but not marked.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pawnotes/errors.hpp"
#include "pawnotes/search_rule.hpp"
#include "pawnotes/text.hpp"
#include "postgres/postgres_storage.hpp"

namespace pawnotes::postgres_detail {

// ---------------------------------------------------------------- tokens (shared with the records)

namespace {

// One code point at `i` (invalid bytes count as one non-token character).
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = static_cast<unsigned char>(s[i]);
  std::size_t size = 1;
  char32_t cp = byte;
  if (byte >= 0xF0 && byte < 0xF8) {
    size = 4;
    cp = byte & 0x07;
  } else if (byte >= 0xE0) {
    size = 3;
    cp = byte & 0x0F;
  } else if (byte >= 0xC0) {
    size = 2;
    cp = byte & 0x1F;
  } else if (byte >= 0x80) {
    ++i;
    return 0xFFFD;
  }
  if (i + size > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (std::size_t k = 1; k < size; ++k) {
    const auto continuation = static_cast<unsigned char>(s[i + k]);
    if ((continuation & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (continuation & 0x3F);
  }
  i += size;
  return cp;
}

bool is_token_char(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp >= 0x300 && cp <= 0x36F) return true;  // combining diacritics stay with their letter
  return cp != 0xFFFD && text::is_letter(cp);
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> search_tokens(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> tokens;
  std::size_t i = 0;
  std::size_t start = std::string_view::npos;
  while (i < text.size()) {
    const std::size_t here = i;
    const bool token = is_token_char(next_code_point(text, i));
    if (token && start == std::string_view::npos) start = here;
    if (!token && start != std::string_view::npos) {
      tokens.emplace_back(start, here);
      start = std::string_view::npos;
    }
  }
  if (start != std::string_view::npos) tokens.emplace_back(start, text.size());
  return tokens;
}

std::string search_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const auto& [begin, end] : search_tokens(text)) {
    if (!out.empty()) out += ' ';
    out.append(text.substr(begin, end - begin));
  }
  return out;
}

namespace {

// ---------------------------------------------------------------- paging and sorting

struct SortKey {
  const char* name;      // the API's key ("lastName")
  const char* asc_sql;   // ORDER BY text ascending
  const char* desc_sql;  // ORDER BY text descending
};

struct Paging {
  std::int64_t limit = 20;
  std::int64_t offset = 0;
  const char* order_sql = "";
};

// Validates page, size and sort, adding to the query's other `errors`, and throws them all at once.
// The first entry of `keys` is the default order.
Paging check_page(const PageRequest& page, const std::vector<SortKey>& keys, std::vector<FieldError> errors = {}) {
  if (page.page < 0) errors.push_back({"page", "out_of_range", "The page must be 0 or more."});
  if (page.size < 1 || page.size > 1000)
    errors.push_back({"size", "out_of_range", "The page size must be between 1 and 1000."});
  Paging paging;
  paging.order_sql = keys.front().asc_sql;
  if (!page.sort.empty()) {
    const bool descending = page.sort[0] == '-';
    const std::string_view name = std::string_view(page.sort).substr(descending ? 1 : 0);
    const auto found = std::find_if(keys.begin(), keys.end(), [&](const SortKey& k) { return name == k.name; });
    if (found == keys.end() || (descending && found->desc_sql == nullptr)) {
      std::string allowed;
      for (const auto& k : keys) allowed += (allowed.empty() ? "" : ", ") + std::string(k.name);
      errors.push_back({"sort", "invalid_sort", "Unknown sort key; use one of: " + allowed + "."});
    } else {
      paging.order_sql = descending ? found->desc_sql : found->asc_sql;
    }
  }
  if (!errors.empty()) throw ValidationError(std::move(errors));
  paging.limit = page.size;
  paging.offset = static_cast<std::int64_t>(page.page) * page.size;
  return paging;
}

// The total of a query whose page held `rows` rows, when the page alone tells it; else nullopt.
std::optional<std::int64_t> total_from_page(const Paging& paging, std::int64_t rows) {
  if (rows > 0 && rows < paging.limit) return paging.offset + rows;
  if (rows == 0 && paging.offset == 0) return 0;
  return std::nullopt;
}

template <class T>
Page<T> make_page(const PageRequest& request) {
  Page<T> page;
  page.page = request.page;
  page.size = request.size;
  return page;
}

// The exclusive upper bound of a prefix range: every string starting with `prefix` sorts below it
// (U+10FFFF is the largest code point; the columns compare bytes, COLLATE "C").
std::string prefix_upper_bound(const std::string& prefix) { return prefix + "\xF4\x8F\xBF\xBF"; }

// ---------------------------------------------------------------- reading rows

Date date_at(const Result& r, int i, int col) {
  const auto parsed = Date::parse(r.text(i, col));
  if (!parsed) throw StorageError("The database holds a malformed date.");
  return *parsed;
}

Timestamp timestamp_at(const Result& r, int i, int col) {
  const auto parsed = Timestamp::parse(r.text(i, col));
  if (!parsed) throw StorageError("The database holds a malformed timestamp.");
  return *parsed;
}

std::vector<std::string> split_tags(std::string_view joined) {
  std::vector<std::string> tags;
  std::size_t start = 0;
  while (start < joined.size()) {
    const std::size_t end = std::min(joined.find(' ', start), joined.size());
    if (end > start) tags.emplace_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return tags;
}

int whole_years(const Date& from, const Date& to) {
  int years = to.year - from.year;
  if (to.month < from.month || (to.month == from.month && to.day < from.day)) --years;
  return years;
}

// Columns read by dog_at (table alias d, pet type alias t).
constexpr const char* kDogColumns =
    "d.id, d.owner_id, d.type_id, t.name, d.name, d.birth_date, d.breed, d.sex, d.weight_kg, d.microchip, "
    "d.status, d.version";

Dog dog_at(const Result& r, int i, int c, const Date& today) {
  Dog dog;
  dog.id = r.int64(i, c);
  dog.owner_id = r.int64(i, c + 1);
  dog.type_id = r.int64(i, c + 2);
  dog.type_name = r.text(i, c + 3);
  dog.name = r.text(i, c + 4);
  if (!r.is_null(i, c + 5)) {
    dog.birth_date = date_at(r, i, c + 5);
    dog.age_years = whole_years(*dog.birth_date, today);
  }
  dog.breed = r.optional_text(i, c + 6);
  dog.sex = r.text(i, c + 7);
  if (!r.is_null(i, c + 8)) dog.weight_kg = r.real(i, c + 8);
  dog.microchip = r.optional_text(i, c + 9);
  dog.status = r.text(i, c + 10);
  dog.version = r.int64(i, c + 11);
  return dog;
}

constexpr const char* kOwnerColumns =
    "o.id, o.first_name, o.last_name, o.address, o.city, o.telephone, o.email, o.version";

Owner owner_at(const Result& r, int i, int c) {
  Owner owner;
  owner.id = r.int64(i, c);
  owner.first_name = r.text(i, c + 1);
  owner.last_name = r.text(i, c + 2);
  owner.address = r.text(i, c + 3);
  owner.city = r.text(i, c + 4);
  owner.telephone = r.text(i, c + 5);
  owner.email = r.optional_text(i, c + 6);
  owner.version = r.int64(i, c + 7);
  return owner;
}

constexpr const char* kNoteColumns =
    "n.id, n.dog_id, n.author_id, n.body, n.category, n.tags, n.visibility, n.created_at, n.updated_at, "
    "n.revision, n.deleted_at, n.version";

Note note_at(const Result& r, int i, int c) {
  Note note;
  note.id = r.int64(i, c);
  note.dog_id = r.int64(i, c + 1);
  note.author_id = r.int64(i, c + 2);
  note.body = r.text(i, c + 3);
  note.category = r.text(i, c + 4);
  note.tags = split_tags(r.view(i, c + 5));
  note.visibility = r.text(i, c + 6);
  note.created_at = timestamp_at(r, i, c + 7);
  note.updated_at = timestamp_at(r, i, c + 8);
  note.revision = static_cast<int>(r.int64(i, c + 9));
  if (!r.is_null(i, c + 10)) note.deleted_at = timestamp_at(r, i, c + 10);
  note.version = r.int64(i, c + 11);
  return note;
}

constexpr const char* kVisitColumns =
    "v.id, v.dog_id, v.trainer_id, v.date, v.description, v.duration_minutes, v.version";

Visit visit_at(const Result& r, int i, int c) {
  Visit visit;
  visit.id = r.int64(i, c);
  visit.dog_id = r.int64(i, c + 1);
  visit.trainer_id = r.optional_int64(i, c + 2);
  visit.date = date_at(r, i, c + 3);
  visit.description = r.text(i, c + 4);
  if (!r.is_null(i, c + 5)) visit.duration_minutes = static_cast<int>(r.int64(i, c + 5));
  visit.version = r.int64(i, c + 6);
  return visit;
}

constexpr const char* kVaccinationColumns = "v.id, v.dog_id, v.name, v.given_on, v.expires_on, v.version";

Vaccination vaccination_at(const Result& r, int i, int c, const Date& today) {
  Vaccination vaccination;
  vaccination.id = r.int64(i, c);
  vaccination.dog_id = r.int64(i, c + 1);
  vaccination.name = r.text(i, c + 2);
  vaccination.given_on = date_at(r, i, c + 3);
  vaccination.expires_on = date_at(r, i, c + 4);
  vaccination.version = r.int64(i, c + 5);
  const std::int64_t days_left = vaccination.expires_on.days_since_epoch() - today.days_since_epoch();
  vaccination.days_left = static_cast<int>(days_left);
  vaccination.status = days_left < 0 ? "expired" : days_left <= 30 ? "due" : "ok";
  return vaccination;
}

// ---------------------------------------------------------------- existence checks

void require_dog(PostgresStorage& storage, const Scope& scope, Id dog_id) {
  Params params;
  params.add(static_cast<std::int64_t>(dog_id));
  params.add(static_cast<std::int64_t>(scope.organization_id));
  if (storage.exec("SELECT 1 FROM dogs WHERE id = $1 AND organization_id = $2", params).empty()) {
    throw NotFound("Dog " + std::to_string(dog_id) + " was not found.");
  }
}

void check_choice(std::vector<FieldError>& errors, const char* field, const std::optional<std::string>& value,
                  std::initializer_list<const char*> allowed) {
  if (!value) return;
  for (const char* choice : allowed)
    if (*value == choice) return;
  std::string list;
  for (const char* choice : allowed) list += (list.empty() ? "" : ", ") + std::string(choice);
  errors.push_back({field, "invalid_value", "Use one of: " + list + "."});
}

// ---------------------------------------------------------------- timeline cursor (as the SQLite engine)

struct TimelineKey {
  std::string at;
  std::string kind;
  Id id = 0;
};

constexpr const char* kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url_encode(std::string_view in) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const unsigned char byte : in) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kBase64Url[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kBase64Url[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::optional<std::string> base64url_decode(std::string_view in) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char ch : in) {
    const char* pos = std::char_traits<char>::find(kBase64Url, 64, ch);
    if (pos == nullptr) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(pos - kBase64Url);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (bits >= 6) return std::nullopt;  // a dangling character cannot come from encode
  return out;
}

std::string encode_cursor(const TimelineKey& key) {
  return base64url_encode(key.at + "|" + key.kind + "|" + std::to_string(key.id));
}

// Accepts exactly what encode_cursor produces: "<date or timestamp>|note|visit|<id>"; nullopt otherwise.
std::optional<TimelineKey> decode_cursor(const std::string& cursor) {
  if (cursor.empty() || cursor.size() > 200) return std::nullopt;
  const auto decoded = base64url_decode(cursor);
  if (!decoded) return std::nullopt;
  const std::size_t first = decoded->find('|');
  const std::size_t second = first == std::string::npos ? first : decoded->find('|', first + 1);
  if (second == std::string::npos) return std::nullopt;
  TimelineKey key;
  key.at = decoded->substr(0, first);
  key.kind = decoded->substr(first + 1, second - first - 1);
  const std::string id_text = decoded->substr(second + 1);
  const bool at_ok = key.at.size() == 10 ? Date::parse(key.at).has_value() : Timestamp::parse(key.at).has_value();
  if (!at_ok || (key.kind != "note" && key.kind != "visit")) return std::nullopt;
  if (id_text.empty() || id_text.size() > 18 || id_text[0] == '0' ||
      !std::all_of(id_text.begin(), id_text.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return std::nullopt;
  key.id = std::stoll(id_text);
  return key;
}

// ---------------------------------------------------------------- full-text helpers

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; }

bool is_blank(const std::string& text) { return std::all_of(text.begin(), text.end(), is_space); }

// The user's words, each as its folded tokens (a phrase); words without a token are left out.
std::vector<std::vector<std::string>> query_phrases(const std::string& text) {
  std::vector<std::vector<std::string>> phrases;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    const std::string_view word = std::string_view(text).substr(start, i - start);
    std::vector<std::string> tokens;
    for (const auto& [begin, end] : search_tokens(word)) tokens.push_back(text::fold(word.substr(begin, end - begin)));
    if (!tokens.empty()) phrases.push_back(std::move(tokens));
  }
  return phrases;
}

void escape_into(std::string& out, std::string_view raw) {
  for (const char ch : raw) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(ch);
    }
  }
}

// FTS5's snippet(…, '<mark>', '</mark>', '…', 16) over `body`: the 16-token window with the most distinct
// query words (then the most matches), centred on its matches, "…" where it cuts the text.
std::string make_snippet(std::string_view body, const std::vector<std::vector<std::string>>& phrases) {
  constexpr std::size_t kWindow = 16;
  const auto tokens = search_tokens(body);
  const std::size_t n = tokens.size();
  std::vector<std::string> folded;
  folded.reserve(n);
  for (const auto& [begin, end] : tokens) folded.push_back(text::fold(body.substr(begin, end - begin)));
  std::vector<bool> marked(n, false);
  std::vector<int> phrase_at(n, -1);  // the phrase whose match starts at a token
  for (std::size_t p = 0; p < phrases.size(); ++p) {
    const auto& phrase = phrases[p];
    for (std::size_t i = 0; i + phrase.size() <= n; ++i) {
      if (!std::equal(phrase.begin(), phrase.end(), folded.begin() + static_cast<std::ptrdiff_t>(i))) continue;
      phrase_at[i] = static_cast<int>(p);
      for (std::size_t k = 0; k < phrase.size(); ++k) marked[i + k] = true;
    }
  }
  std::size_t first = 0;
  std::size_t last = n;
  if (n > kWindow) {
    std::size_t best = 0;
    long best_score = -1;
    for (std::size_t s = 0; s + kWindow <= n; ++s) {
      std::vector<bool> seen(phrases.size(), false);
      long distinct = 0;
      long hits = 0;
      for (std::size_t i = s; i < s + kWindow; ++i) {
        if (phrase_at[i] < 0) continue;
        ++hits;
        if (!seen[static_cast<std::size_t>(phrase_at[i])]) {
          seen[static_cast<std::size_t>(phrase_at[i])] = true;
          ++distinct;
        }
      }
      const long score = distinct * 1000 + hits;
      if (score > best_score) {
        best_score = score;
        best = s;
      }
    }
    // Centre the window's matches (FTS5 does the same) without losing any of them.
    std::size_t lo = n;
    std::size_t hi = 0;
    for (std::size_t i = best; i < best + kWindow; ++i) {
      if (!marked[i]) continue;
      lo = std::min(lo, i);
      hi = std::max(hi, i + 1);
    }
    if (lo < hi) {
      const std::size_t spare = kWindow - (hi - lo);
      best = lo > spare / 2 ? lo - spare / 2 : 0;
      best = std::min(best, n - kWindow);
    }
    first = best;
    last = best + kWindow;
  }
  std::string out;
  out.reserve(body.size() + 32);
  std::size_t position = 0;
  if (first > 0) {
    out += "\xE2\x80\xA6";
    position = tokens[first].first;
  }
  for (std::size_t i = first; i < last; ++i) {
    escape_into(out, body.substr(position, tokens[i].first - position));
    const std::string_view token = body.substr(tokens[i].first, tokens[i].second - tokens[i].first);
    if (marked[i]) {
      out += "<mark>";
      escape_into(out, token);
      out += "</mark>";
    } else {
      escape_into(out, token);
    }
    position = tokens[i].second;
  }
  if (last < n) {
    out += "\xE2\x80\xA6";
  } else {
    escape_into(out, body.substr(position));
  }
  return out;
}

// One page of a list query and its total. `select` is "SELECT <columns> FROM ... WHERE <where>";
// `count_from_where` is " FROM ... WHERE <where>" with only the joins the filter needs. The total comes from
// the page alone when it can (total_from_page), else from one count(*).
template <class T, class ReadRow>
Page<T> fetch_page(PostgresStorage& storage, const PageRequest& request, const Paging& paging, const Params& params,
                   const std::string& select, const std::string& count_from_where, ReadRow read_row) {
  Page<T> page = make_page<T>(request);
  {
    Params page_params = params;
    const std::string limit = page_params.add(paging.limit);
    const std::string offset = page_params.add(paging.offset);
    const Result rows =
        storage.exec(select + " ORDER BY " + paging.order_sql + " LIMIT " + limit + " OFFSET " + offset, page_params);
    for (int i = 0; i < rows.rows(); ++i) page.items.push_back(read_row(rows, i));
  }
  if (const auto known = total_from_page(paging, static_cast<std::int64_t>(page.items.size()))) {
    page.total = *known;
  } else {
    page.total = storage.exec("SELECT count(*)" + count_from_where, params).int64(0, 0);
  }
  return page;
}

}  // namespace

// ================================================================== owners

Page<Owner> PostgresStorage::search_owners(const Scope& scope, const OwnerSearch& request) {
  static const std::vector<SortKey> kSorts = {
      {"lastName", "o.last_name_fold, o.first_name, o.id", "o.last_name_fold DESC, o.first_name DESC, o.id DESC"},
      {"firstName", "o.first_name, o.last_name_fold, o.id", "o.first_name DESC, o.last_name_fold DESC, o.id DESC"},
      {"city", "o.city, o.last_name_fold, o.id", "o.city DESC, o.last_name_fold DESC, o.id DESC"},
      {"id", "o.id", "o.id DESC"},
  };
  const Paging paging = check_page(request.page, kSorts);
  const std::string prefix = text::fold(request.last_name_prefix);
  return translate_pg_errors(*this, "could not search owners", [&] {
    Params params;
    std::string where = "o.organization_id = " + params.add(static_cast<std::int64_t>(scope.organization_id));
    if (!prefix.empty()) {
      where += " AND o.last_name_fold >= " + params.add(prefix);
      where += " AND o.last_name_fold < " + params.add(prefix_upper_bound(prefix));
    }
    Page<Owner> page = fetch_page<Owner>(
        *this, request.page, paging, params, std::string("SELECT ") + kOwnerColumns + " FROM owners o WHERE " + where,
        " FROM owners o WHERE " + where, [](const Result& r, int i) { return owner_at(r, i, 0); });
    if (page.items.empty()) return page;

    // All dogs of the page in one query; owners are few, so a linear match is cheapest.
    std::vector<Id> ids;
    ids.reserve(page.items.size());
    for (const auto& owner : page.items) ids.push_back(owner.id);
    Params dog_params;
    dog_params.add(id_array(ids));
    dog_params.add(static_cast<std::int64_t>(scope.organization_id));
    const Result dogs = exec(std::string("SELECT ") + kDogColumns +
                                 " FROM dogs d JOIN pet_types t ON t.id = d.type_id"
                                 " WHERE d.owner_id = ANY($1::bigint[]) AND d.organization_id = $2"
                                 " ORDER BY d.owner_id, d.name_fold, d.id",
                             dog_params);
    const Date today = clock().today();
    Owner* current = nullptr;
    for (int i = 0; i < dogs.rows(); ++i) {
      Dog dog = dog_at(dogs, i, 0, today);
      if (current == nullptr || current->id != dog.owner_id) {
        current = &*std::find_if(page.items.begin(), page.items.end(),
                                 [&](const Owner& owner) { return owner.id == dog.owner_id; });
      }
      current->dogs.push_back(std::move(dog));
    }
    return page;
  });
}

// ================================================================== dogs

Page<Dog> PostgresStorage::list_dogs(const Scope& scope, const DogFilter& request) {
  static const std::vector<SortKey> kSorts = {
      {"name", "d.name_fold, d.id", "d.name_fold DESC, d.id DESC"},
      {"birthDate", "d.birth_date IS NULL, d.birth_date, d.id", "d.birth_date IS NULL, d.birth_date DESC, d.id DESC"},
      {"id", "d.id", "d.id DESC"},
      {"breed", "d.breed_fold IS NULL, d.breed_fold, d.name_fold, d.id",
       "d.breed_fold IS NULL, d.breed_fold DESC, d.name_fold DESC, d.id DESC"},
  };
  std::vector<FieldError> errors;
  check_choice(errors, "status", request.status, {"active", "inactive", "archived"});
  const Paging paging = check_page(request.page, kSorts, std::move(errors));
  return translate_pg_errors(*this, "could not list dogs", [&] {
    Params params;
    std::string where = "d.organization_id = " + params.add(static_cast<std::int64_t>(scope.organization_id));
    if (request.name_prefix && !request.name_prefix->empty()) {
      const std::string prefix = text::fold(*request.name_prefix);
      where += " AND d.name_fold >= " + params.add(prefix);
      where += " AND d.name_fold < " + params.add(prefix_upper_bound(prefix));
    }
    if (request.breed) where += " AND d.breed_fold = " + params.add(text::fold(text::trim(*request.breed)));
    if (request.owner_id) where += " AND d.owner_id = " + params.add(static_cast<std::int64_t>(*request.owner_id));
    if (request.type_id) where += " AND d.type_id = " + params.add(static_cast<std::int64_t>(*request.type_id));
    if (request.status) where += " AND d.status = " + params.add(*request.status);

    const Date today = clock().today();
    return fetch_page<Dog>(
        *this, request.page, paging, params,
        std::string("SELECT ") + kDogColumns + " FROM dogs d JOIN pet_types t ON t.id = d.type_id WHERE " + where,
        " FROM dogs d WHERE " + where, [&](const Result& r, int i) { return dog_at(r, i, 0, today); });
  });
}

// ================================================================== timeline

CursorPage<TimelineEntry> PostgresStorage::timeline(const Scope& scope, const TimelineRequest& request) {
  std::vector<FieldError> errors;
  if (request.limit < 1 || request.limit > 500)
    errors.push_back({"limit", "out_of_range", "The limit must be between 1 and 500."});
  std::optional<TimelineKey> cursor;
  if (request.cursor) {
    cursor = decode_cursor(*request.cursor);
    if (!cursor) errors.push_back({"cursor", "invalid_cursor", "The cursor is not valid; start again without one."});
  }
  if (!errors.empty()) throw ValidationError(std::move(errors));
  // Order: at DESC, kind ASC ("note" < "visit"), id DESC (see the SQLite engine for the bounds).
  TimelineKey after{"9999-12-31T23:59:59.999Z~", "note", 0};  // sorts after every stored `at`
  Id note_bound = 0;
  Id visit_bound = 0;
  if (cursor) {
    after = *cursor;
    const Id all = std::numeric_limits<Id>::max();
    note_bound = after.kind == "note" ? after.id : 0;
    visit_bound = after.kind == "visit" ? after.id : all;
  }
  return translate_pg_errors(*this, "could not read the timeline", [&] {
    require_dog(*this, scope, request.dog_id);
    const std::int64_t fetch = request.limit + 1;  // one more than asked tells whether a next page exists
    std::vector<TimelineEntry> entries;
    entries.reserve(static_cast<std::size_t>(fetch) * 2);
    {
      Params params;
      params.add(static_cast<std::int64_t>(request.dog_id));
      params.add(after.at);
      params.add(static_cast<std::int64_t>(note_bound));
      params.add(request.include_deleted_notes);
      params.add(fetch);
      const Result notes = exec(std::string("SELECT ") + kNoteColumns +
                                    " FROM notes n WHERE n.dog_id = $1 AND n.created_at <= $2"
                                    " AND (n.created_at < $2 OR n.id < $3) AND ($4::boolean OR n.deleted_at IS NULL)"
                                    " ORDER BY n.created_at DESC, n.id DESC LIMIT $5",
                                params);
      for (int i = 0; i < notes.rows(); ++i) {
        TimelineEntry entry;
        entry.kind = "note";
        entry.at = notes.text(i, 7);
        entry.note = note_at(notes, i, 0);
        entries.push_back(std::move(entry));
      }
    }
    const std::size_t note_count = entries.size();
    {
      Params params;
      params.add(static_cast<std::int64_t>(request.dog_id));
      params.add(after.at);
      params.add(static_cast<std::int64_t>(visit_bound));
      params.add(fetch);
      const Result visits = exec(std::string("SELECT ") + kVisitColumns +
                                     " FROM visits v WHERE v.dog_id = $1 AND v.date <= $2"
                                     " AND (v.date < $2 OR v.id < $3) ORDER BY v.date DESC, v.id DESC LIMIT $4",
                                 params);
      for (int i = 0; i < visits.rows(); ++i) {
        TimelineEntry entry;
        entry.kind = "visit";
        entry.at = visits.text(i, 3);
        entry.visit = visit_at(visits, i, 0);
        entries.push_back(std::move(entry));
      }
    }
    // Both runs are already in timeline order: merge them.
    const auto before = [](const TimelineEntry& a, const TimelineEntry& b) {
      if (a.at != b.at) return a.at > b.at;
      if (a.kind != b.kind) return a.kind < b.kind;
      const Id a_id = a.note ? a.note->id : a.visit->id;
      const Id b_id = b.note ? b.note->id : b.visit->id;
      return a_id > b_id;
    };
    std::inplace_merge(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(note_count), entries.end(),
                       before);
    CursorPage<TimelineEntry> page;
    if (entries.size() > static_cast<std::size_t>(request.limit)) {
      entries.resize(static_cast<std::size_t>(request.limit));
      const TimelineEntry& last = entries.back();
      page.next_cursor = encode_cursor({last.at, last.kind, last.note ? last.note->id : last.visit->id});
    }
    page.items = std::move(entries);
    return page;
  });
}

// ================================================================== full-text search

Page<NoteHit> PostgresStorage::search_notes(const Scope& scope, const NoteSearch& request) {
  static const std::vector<SortKey> kSorts = {
      {"relevance", "rank DESC, n.id", nullptr},
      {"createdAt", "n.created_at, n.id", "n.created_at DESC, n.id DESC"},
  };
  const auto phrases = query_phrases(request.text);
  std::vector<FieldError> errors;
  if (is_blank(request.text)) errors.push_back({"text", "required", "Enter at least one word to search for."});
  check_choice(errors, "category", request.category, {"behaviour", "progress", "health", "incident", "general"});
  check_choice(errors, "visibility", request.visibility, {"internal", "shared"});
  const Paging paging = check_page(request.page, kSorts, std::move(errors));
  if (phrases.empty()) {  // punctuation only: nothing can match
    Page<NoteHit> none = make_page<NoteHit>(request.page);
    none.order = request.page.sort.empty() ? note_search_rule::kOrderRelevance : request.page.sort;
    return none;
  }
  return translate_pg_errors(*this, "could not search the notes", [&] {
    Params params;
    std::string query;
    for (const auto& phrase : phrases) {
      std::string words;
      for (const auto& token : phrase) words += (words.empty() ? "" : " ") + token;
      query +=
          (query.empty() ? "" : " && ") + std::string("phraseto_tsquery('pawnotes_search', ") + params.add(words) + ")";
    }
    query = "(" + query + ")";
    std::string where = "n.search @@ " + query;
    where += " AND n.organization_id = " + params.add(static_cast<std::int64_t>(scope.organization_id)) +
             " AND n.deleted_at IS NULL";
    if (request.category) where += " AND n.category = " + params.add(*request.category);
    if (request.visibility) where += " AND n.visibility = " + params.add(*request.visibility);
    if (request.dog_id) where += " AND n.dog_id = " + params.add(static_cast<std::int64_t>(*request.dog_id));
    if (request.from) where += " AND n.created_at >= " + params.add(request.from->to_string());
    // created_at is a timestamp: "on or before a date" is "before the next day".
    if (request.to) where += " AND n.created_at < " + params.add(request.to->add_days(1).to_string());
    if (request.tag) {
      where +=
          " AND EXISTS (SELECT 1 FROM note_tags g WHERE g.tag = " + params.add(*request.tag) + " AND g.note_id = n.id)";
    }
    const std::string select = std::string("SELECT ") + kNoteColumns + ", d.name, ts_rank(n.search, " + query +
                               ", 1) AS rank FROM notes n JOIN dogs d ON d.id = n.dog_id WHERE " + where;
    const auto read_hit = [&](const Result& row, int i) {
      NoteHit hit;
      hit.note = note_at(row, i, 0);
      hit.dog_name = row.text(i, 12);
      hit.snippet = make_snippet(hit.note.body, phrases);
      hit.rank = -row.real(i, 13);
      return hit;
    };
    const std::string from_where = " FROM notes n WHERE " + where;
    const bool by_relevance = request.page.sort.empty() || request.page.sort == "relevance";
    if (!by_relevance) {
      Page<NoteHit> page = fetch_page<NoteHit>(*this, request.page, paging, params, select, from_where, read_hit);
      page.order = request.page.sort;
      return page;
    }
    // The rule of search_rule.hpp, as on SQLite; newest first walks the primary key's btree backwards.
    return note_search_rule::apply<Page<NoteHit>>(
        [&](std::int64_t limit) {
          return exec("SELECT count(*) FROM (SELECT 1" + from_where + " LIMIT " + std::to_string(limit) + ") c", params)
              .int64(0, 0);
        },
        [&] { return fetch_page<NoteHit>(*this, request.page, paging, params, select, from_where, read_hit); },
        [&] {
          Page<NoteHit> page = make_page<NoteHit>(request.page);
          Params page_params = params;
          const std::string limit = page_params.add(paging.limit);
          const std::string offset = page_params.add(paging.offset);
          const Result rows = exec(select + " ORDER BY n.id DESC LIMIT " + limit + " OFFSET " + offset, page_params);
          for (int i = 0; i < rows.rows(); ++i) page.items.push_back(read_hit(rows, i));
          return page;
        });
  });
}

// ================================================================== vaccinations due

Page<VaccinationDue> PostgresStorage::vaccinations_due(const Scope& scope, const VaccinationDueRequest& request) {
  static const std::vector<SortKey> kSorts = {
      {"expiresOn", "v.expires_on, v.id", "v.expires_on DESC, v.id DESC"},
      {"dogName", "d.name_fold, v.expires_on, v.id", "d.name_fold DESC, v.expires_on DESC, v.id DESC"},
  };
  std::vector<FieldError> errors;
  if (request.within_days < 0 || request.within_days > 3660)
    errors.push_back({"withinDays", "out_of_range", "The number of days must be between 0 and 3660."});
  const Paging paging = check_page(request.page, kSorts, std::move(errors));
  const Date today = clock().today();
  return translate_pg_errors(*this, "could not list the vaccinations due", [&] {
    Params params;
    std::string where = "v.organization_id = " + params.add(static_cast<std::int64_t>(scope.organization_id)) +
                        " AND v.expires_on <= " + params.add(today.add_days(request.within_days).to_string());
    if (!request.include_expired) where += " AND v.expires_on >= " + params.add(today.to_string());

    return fetch_page<VaccinationDue>(
        *this, request.page, paging, params,
        std::string("SELECT ") + kVaccinationColumns +
            ", d.name, d.owner_id FROM vaccinations v JOIN dogs d ON d.id = v.dog_id WHERE " + where,
        " FROM vaccinations v WHERE " + where, [&](const Result& r, int i) {
          VaccinationDue due;
          due.vaccination = vaccination_at(r, i, 0, today);
          due.dog_name = r.text(i, 6);
          due.owner_id = r.int64(i, 7);
          return due;
        });
  });
}

// ================================================================== a trainer's visits

Page<Visit> PostgresStorage::trainer_visits(const Scope& scope, const TrainerVisitsRequest& request) {
  // Upcoming: soonest first; recent: newest first (the defaults). "date" / "-date" choose explicitly.
  static const std::vector<SortKey> kSorts = {{"date", "v.date, v.id", "v.date DESC, v.id DESC"},
                                              {"id", "v.id", "v.id DESC"}};
  PageRequest page_request = request.page;
  if (page_request.sort.empty() && !request.upcoming) page_request.sort = "-date";
  const Paging paging = check_page(page_request, kSorts);
  const Date today = clock().today();
  return translate_pg_errors(*this, "could not list the trainer's visits", [&] {
    {
      Params params;
      params.add(static_cast<std::int64_t>(request.trainer_id));
      params.add(static_cast<std::int64_t>(scope.organization_id));
      if (exec("SELECT 1 FROM trainers WHERE id = $1 AND organization_id = $2", params).empty()) {
        throw NotFound("Trainer " + std::to_string(request.trainer_id) + " was not found.");
      }
    }
    Params params;
    std::string where = "v.trainer_id = " + params.add(static_cast<std::int64_t>(request.trainer_id)) +
                        " AND v.organization_id = " + params.add(static_cast<std::int64_t>(scope.organization_id)) +
                        " AND v.date " + (request.upcoming ? ">= " : "< ") + params.add(today.to_string());
    return fetch_page<Visit>(*this, request.page, paging, params,
                             std::string("SELECT ") + kVisitColumns + " FROM visits v WHERE " + where,
                             " FROM visits v WHERE " + where, [](const Result& r, int i) { return visit_at(r, i, 0); });
  });
}

std::vector<Visit> PostgresStorage::visits_of_dogs(const Scope& scope, const std::vector<Id>& dog_ids) {
  // The ids travel as one bigint[] parameter, so one prepared statement serves any number of them.
  return translate_pg_errors(*this, "could not list the dogs' visits", [&] {
    Params params;
    params.add(id_array(dog_ids));
    params.add(static_cast<std::int64_t>(scope.organization_id));
    const Result rows = exec(std::string("SELECT ") + kVisitColumns +
                                 " FROM visits v WHERE v.dog_id = ANY($1::bigint[]) AND v.organization_id = $2"
                                 " ORDER BY v.dog_id, v.date, v.id",
                             params);
    std::vector<Visit> visits;
    visits.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i) visits.push_back(visit_at(rows, i, 0));
    return visits;
  });
}

// ================================================================== a dog's flags and vaccinations

std::vector<CareFlag> PostgresStorage::care_flags(const Scope& scope, Id dog_id, bool active_only) {
  return translate_pg_errors(*this, "could not list the care flags", [&] {
    require_dog(*this, scope, dog_id);
    Params params;
    params.add(static_cast<std::int64_t>(dog_id));
    params.add(static_cast<std::int64_t>(scope.organization_id));
    params.add(active_only);
    const Result rows = exec(
        "SELECT id, dog_id, kind, severity, text, active, created_at, version FROM care_flags"
        " WHERE dog_id = $1 AND organization_id = $2 AND (NOT $3::boolean OR active)"
        " ORDER BY CASE severity WHEN 'danger' THEN 0 WHEN 'caution' THEN 1 ELSE 2 END, created_at DESC, id DESC",
        params);
    std::vector<CareFlag> flags;
    for (int i = 0; i < rows.rows(); ++i) {
      CareFlag flag;
      flag.id = rows.int64(i, 0);
      flag.dog_id = rows.int64(i, 1);
      flag.kind = rows.text(i, 2);
      flag.severity = rows.text(i, 3);
      flag.text = rows.text(i, 4);
      flag.active = rows.boolean(i, 5);
      flag.created_at = timestamp_at(rows, i, 6);
      flag.version = rows.int64(i, 7);
      flags.push_back(std::move(flag));
    }
    return flags;
  });
}

std::vector<Vaccination> PostgresStorage::vaccinations(const Scope& scope, Id dog_id) {
  return translate_pg_errors(*this, "could not list the vaccinations", [&] {
    require_dog(*this, scope, dog_id);
    Params params;
    params.add(static_cast<std::int64_t>(dog_id));
    params.add(static_cast<std::int64_t>(scope.organization_id));
    const Result rows = exec(std::string("SELECT ") + kVaccinationColumns +
                                 " FROM vaccinations v WHERE v.dog_id = $1 AND v.organization_id = $2"
                                 " ORDER BY v.expires_on, v.id",
                             params);
    const Date today = clock().today();
    std::vector<Vaccination> result;
    for (int i = 0; i < rows.rows(); ++i) result.push_back(vaccination_at(rows, i, 0, today));
    return result;
  });
}

}  // namespace pawnotes::postgres_detail

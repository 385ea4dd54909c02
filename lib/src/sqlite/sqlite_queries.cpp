// The read queries of the SQLite engine. Every query is scoped to the caller's organization, reads
// typed structs straight from rows (no JSON in the hot path) and uses cached prepared statements.
//
// Notes on the plans (checked with EXPLAIN QUERY PLAN against schema v1):
// - Prefix searches are index ranges on the *_fold columns: fold >= prefix AND fold < prefix + U+10FFFF.
// - Owner search loads the page's dogs with ONE query (owner_id IN json_each(?)), never one per owner.
// - The timeline reads the newest `limit + 1` rows of each kind through notes_by_dog / visits_by_dog
//   (both ranges walk the index backwards, no sort) and merges them here.
// - Full-text search starts from notes_fts (CROSS JOIN keeps the planner from scanning notes first),
//   so "ORDER BY rank LIMIT" is consumed by FTS5. The total is exact (never capped); it is only counted
//   when the page alone cannot tell it (a full page, or an empty page past the first). FTS5 computes bm25
//   for every match to order by rank, so that ranking, not the count, dominates a search for a common
//   word (measured in bench/RESULTS.md).
#include <SQLiteCpp/SQLiteCpp.h>

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
#include "sqlite/sqlite_storage.hpp"

namespace pawnotes::sqlite_detail {
namespace {

// ---------------------------------------------------------------- statement guard

// Resets a cached statement when leaving scope, so no read transaction stays open between calls.
class ResetOnExit {
 public:
  explicit ResetOnExit(SQLite::Statement& stmt) : stmt_(stmt) {}
  ~ResetOnExit() { stmt_.tryReset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  SQLite::Statement& stmt_;
};

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

// ---------------------------------------------------------------- binding

// Positional parameters collected while a WHERE clause is built.
struct Params {
  struct Value {
    bool is_text;
    std::int64_t number;
    std::string text;
  };
  std::vector<Value> values;

  // Appends a parameter and returns its placeholder ("?3").
  std::string add(std::int64_t v) {
    values.push_back({false, v, {}});
    return "?" + std::to_string(values.size());
  }
  std::string add(std::string v) {
    values.push_back({true, 0, std::move(v)});
    return "?" + std::to_string(values.size());
  }
  void bind(SQLite::Statement& stmt) const {
    for (std::size_t i = 0; i < values.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      if (values[i].is_text) {
        stmt.bind(index, values[i].text);
      } else {
        stmt.bind(index, static_cast<std::int64_t>(values[i].number));
      }
    }
  }
};

// The exclusive upper bound of a prefix range: every string starting with `prefix` sorts below it
// (U+10FFFF is the largest code point, so no continuation of a valid UTF-8 prefix reaches it).
std::string prefix_upper_bound(const std::string& prefix) { return prefix + "\xF4\x8F\xBF\xBF"; }

// ---------------------------------------------------------------- reading rows

std::optional<std::string> optional_text(const SQLite::Statement& stmt, int col) {
  const auto column = stmt.getColumn(col);
  if (column.isNull()) return std::nullopt;
  return std::string(column.getText(), static_cast<std::size_t>(column.getBytes()));
}

std::string text_at(const SQLite::Statement& stmt, int col) {
  const auto column = stmt.getColumn(col);
  return std::string(column.getText(), static_cast<std::size_t>(column.getBytes()));
}

Date date_at(const SQLite::Statement& stmt, int col) {
  const auto parsed = Date::parse(stmt.getColumn(col).getText());
  if (!parsed) throw StorageError("The database holds a malformed date.");
  return *parsed;
}

Timestamp timestamp_of(const char* value) {
  const auto parsed = Timestamp::parse(value);
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

Dog dog_at(const SQLite::Statement& stmt, int c, const Date& today) {
  Dog dog;
  dog.id = stmt.getColumn(c).getInt64();
  dog.owner_id = stmt.getColumn(c + 1).getInt64();
  dog.type_id = stmt.getColumn(c + 2).getInt64();
  dog.type_name = text_at(stmt, c + 3);
  dog.name = text_at(stmt, c + 4);
  if (!stmt.getColumn(c + 5).isNull()) {
    dog.birth_date = date_at(stmt, c + 5);
    dog.age_years = whole_years(*dog.birth_date, today);
  }
  dog.breed = optional_text(stmt, c + 6);
  dog.sex = text_at(stmt, c + 7);
  if (!stmt.getColumn(c + 8).isNull()) dog.weight_kg = stmt.getColumn(c + 8).getDouble();
  dog.microchip = optional_text(stmt, c + 9);
  dog.status = text_at(stmt, c + 10);
  dog.version = stmt.getColumn(c + 11).getInt64();
  return dog;
}

constexpr const char* kOwnerColumns =
    "o.id, o.first_name, o.last_name, o.address, o.city, o.telephone, o.email, o.version";

Owner owner_at(const SQLite::Statement& stmt, int c) {
  Owner owner;
  owner.id = stmt.getColumn(c).getInt64();
  owner.first_name = text_at(stmt, c + 1);
  owner.last_name = text_at(stmt, c + 2);
  owner.address = text_at(stmt, c + 3);
  owner.city = text_at(stmt, c + 4);
  owner.telephone = text_at(stmt, c + 5);
  owner.email = optional_text(stmt, c + 6);
  owner.version = stmt.getColumn(c + 7).getInt64();
  return owner;
}

constexpr const char* kNoteColumns =
    "n.id, n.dog_id, n.author_id, n.body, n.category, n.tags, n.visibility, n.created_at, n.updated_at, "
    "n.revision, n.deleted_at, n.version";

Note note_at(const SQLite::Statement& stmt, int c) {
  Note note;
  note.id = stmt.getColumn(c).getInt64();
  note.dog_id = stmt.getColumn(c + 1).getInt64();
  note.author_id = stmt.getColumn(c + 2).getInt64();
  note.body = text_at(stmt, c + 3);
  note.category = text_at(stmt, c + 4);
  note.tags = split_tags(stmt.getColumn(c + 5).getText());
  note.visibility = text_at(stmt, c + 6);
  note.created_at = timestamp_of(stmt.getColumn(c + 7).getText());
  note.updated_at = timestamp_of(stmt.getColumn(c + 8).getText());
  note.revision = stmt.getColumn(c + 9).getInt();
  if (!stmt.getColumn(c + 10).isNull()) note.deleted_at = timestamp_of(stmt.getColumn(c + 10).getText());
  note.version = stmt.getColumn(c + 11).getInt64();
  return note;
}

constexpr const char* kVisitColumns =
    "v.id, v.dog_id, v.trainer_id, v.date, v.description, v.duration_minutes, v.version";

Visit visit_at(const SQLite::Statement& stmt, int c) {
  Visit visit;
  visit.id = stmt.getColumn(c).getInt64();
  visit.dog_id = stmt.getColumn(c + 1).getInt64();
  if (!stmt.getColumn(c + 2).isNull()) visit.trainer_id = stmt.getColumn(c + 2).getInt64();
  visit.date = date_at(stmt, c + 3);
  visit.description = text_at(stmt, c + 4);
  if (!stmt.getColumn(c + 5).isNull()) visit.duration_minutes = stmt.getColumn(c + 5).getInt();
  visit.version = stmt.getColumn(c + 6).getInt64();
  return visit;
}

constexpr const char* kVaccinationColumns = "v.id, v.dog_id, v.name, v.given_on, v.expires_on, v.version";

Vaccination vaccination_at(const SQLite::Statement& stmt, int c, const Date& today) {
  Vaccination vaccination;
  vaccination.id = stmt.getColumn(c).getInt64();
  vaccination.dog_id = stmt.getColumn(c + 1).getInt64();
  vaccination.name = text_at(stmt, c + 2);
  vaccination.given_on = date_at(stmt, c + 3);
  vaccination.expires_on = date_at(stmt, c + 4);
  vaccination.version = stmt.getColumn(c + 5).getInt64();
  const std::int64_t days_left = vaccination.expires_on.days_since_epoch() - today.days_since_epoch();
  vaccination.days_left = static_cast<int>(days_left);
  vaccination.status = days_left < 0 ? "expired" : days_left <= 30 ? "due" : "ok";
  return vaccination;
}

// ---------------------------------------------------------------- existence checks

void require_dog(SqliteStorage& storage, const Scope& scope, Id dog_id) {
  auto& stmt = storage.statement("SELECT 1 FROM dogs WHERE id = ?1 AND organization_id = ?2");
  ResetOnExit reset(stmt);
  stmt.bind(1, static_cast<std::int64_t>(dog_id));
  stmt.bind(2, static_cast<std::int64_t>(scope.organization_id));
  if (!stmt.executeStep()) throw NotFound("Dog " + std::to_string(dog_id) + " was not found.");
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

// ---------------------------------------------------------------- timeline cursor

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

// Private-use sentinels passed to snippet(): the text is escaped first, then they become the tags.
constexpr const char* kMarkOpen = "\xEE\x80\x80";   // U+E000
constexpr const char* kMarkClose = "\xEE\x80\x81";  // U+E001

std::string escape_snippet(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + 32);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char ch = raw[i];
    if (ch == '&') {
      out += "&amp;";
    } else if (ch == '<') {
      out += "&lt;";
    } else if (ch == '>') {
      out += "&gt;";
    } else if (ch == '"') {
      out += "&quot;";
    } else if (raw.compare(i, 3, kMarkOpen) == 0) {
      out += "<mark>";
      i += 2;
    } else if (raw.compare(i, 3, kMarkClose) == 0) {
      out += "</mark>";
      i += 2;
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

// Whether the tokenizer (unicode61) finds a token in the word: an ASCII letter or digit, or any
// non-ASCII character (letters of other alphabets). A word of punctuation only would be an empty
// phrase, which FTS5 never matches, so it must not be ANDed in.
bool has_token(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char ch) {
    const auto byte = static_cast<unsigned char>(ch);
    return byte >= 0x80 || (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
  });
}

// User text -> a safe FTS5 query: every white-space separated word becomes a quoted phrase and all
// must match. FTS5 operators and punctuation in the text are thereby plain words, never syntax.
std::string fts_query(const std::string& text) {
  std::string query;
  std::size_t i = 0;
  const auto space = [](char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
  };
  while (i < text.size()) {
    while (i < text.size() && space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !space(text[i])) ++i;
    const std::string_view word = std::string_view(text).substr(start, i - start);
    if (word.empty() || !has_token(word)) continue;
    if (!query.empty()) query += " AND ";
    query += '"';
    for (const char ch : word) {
      if (ch == '"') query += '"';
      query += ch;
    }
    query += '"';
  }
  return query;
}

bool is_blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
  });
}

// One page of a list query and its total. `select` is "SELECT <columns> FROM ... WHERE <where>";
// `count_from_where` is " FROM ... WHERE <where>" with only the joins the filter needs. The total comes from
// the page alone when it can (total_from_page), else from one count(*).
template <class T, class ReadRow>
Page<T> fetch_page(SqliteStorage& storage, const PageRequest& request, const Paging& paging, const Params& params,
                   const std::string& select, const std::string& count_from_where, ReadRow read_row) {
  Page<T> page = make_page<T>(request);
  {
    Params page_params = params;
    auto& stmt = storage.statement(select + " ORDER BY " + paging.order_sql + " LIMIT " +
                                   page_params.add(paging.limit) + " OFFSET " + page_params.add(paging.offset));
    ResetOnExit reset(stmt);
    page_params.bind(stmt);
    while (stmt.executeStep()) page.items.push_back(read_row(stmt));
  }
  if (const auto known = total_from_page(paging, static_cast<std::int64_t>(page.items.size()))) {
    page.total = *known;
  } else {
    auto& count = storage.statement("SELECT count(*)" + count_from_where);
    ResetOnExit reset(count);
    params.bind(count);
    count.executeStep();
    page.total = count.getColumn(0).getInt64();
  }
  return page;
}

// The default order of a note search, by the engine-independent rule of search_rule.hpp: bm25 over at most
// kRankedLimit matches (exact total), else newest first (descending rowid, which FTS5 walks without
// sorting) with the total counted up to kCountLimit and flagged as a lower bound beyond it.
template <class ReadRow>
Page<NoteHit> search_notes_by_rule(SqliteStorage& storage, const PageRequest& request, const Paging& paging,
                                   const Params& params, const std::string& select, const std::string& from_where,
                                   ReadRow read_row) {
  return note_search_rule::apply<Page<NoteHit>>(
      [&](std::int64_t limit) {
        auto& probe =
            storage.statement("SELECT count(*) FROM (SELECT 1" + from_where + " LIMIT " + std::to_string(limit) + ")");
        ResetOnExit reset(probe);
        params.bind(probe);
        probe.executeStep();
        return probe.getColumn(0).getInt64();
      },
      [&] { return fetch_page<NoteHit>(storage, request, paging, params, select, from_where, read_row); },
      [&] {
        Page<NoteHit> page = make_page<NoteHit>(request);
        Params page_params = params;
        auto& stmt = storage.statement(select + " ORDER BY notes_fts.rowid DESC LIMIT " +
                                       page_params.add(paging.limit) + " OFFSET " + page_params.add(paging.offset));
        ResetOnExit reset(stmt);
        page_params.bind(stmt);
        while (stmt.executeStep()) page.items.push_back(read_row(stmt));
        return page;
      });
}

}  // namespace

// ================================================================== owners

Page<Owner> SqliteStorage::search_owners(const Scope& scope, const OwnerSearch& request) {
  static const std::vector<SortKey> kSorts = {
      {"lastName", "o.last_name_fold, o.first_name, o.id", "o.last_name_fold DESC, o.first_name DESC, o.id DESC"},
      {"firstName", "o.first_name, o.last_name_fold, o.id", "o.first_name DESC, o.last_name_fold DESC, o.id DESC"},
      {"city", "o.city, o.last_name_fold, o.id", "o.city DESC, o.last_name_fold DESC, o.id DESC"},
      {"id", "o.id", "o.id DESC"},
  };
  const Paging paging = check_page(request.page, kSorts);
  const std::string prefix = text::fold(request.last_name_prefix);
  return translate_sqlite_errors("could not search owners", [&] {
    Params params;
    std::string where = "o.organization_id = " + params.add(scope.organization_id);
    if (!prefix.empty()) {
      where += " AND o.last_name_fold >= " + params.add(prefix);
      where += " AND o.last_name_fold < " + params.add(prefix_upper_bound(prefix));
    }
    Page<Owner> page = fetch_page<Owner>(
        *this, request.page, paging, params, std::string("SELECT ") + kOwnerColumns + " FROM owners o WHERE " + where,
        " FROM owners o WHERE " + where, [](SQLite::Statement& row) { return owner_at(row, 0); });
    if (page.items.empty()) return page;

    // All dogs of the page in one query; owners are few, so a linear match is cheapest.
    std::string ids = "[";
    for (const auto& owner : page.items) ids += (ids.size() > 1 ? "," : "") + std::to_string(owner.id);
    ids += "]";
    auto& dogs = statement(std::string("SELECT ") + kDogColumns +
                           " FROM dogs d JOIN pet_types t ON t.id = d.type_id"
                           " WHERE d.owner_id IN (SELECT value FROM json_each(?1)) AND +d.organization_id = ?2"
                           " ORDER BY d.owner_id, d.name_fold, d.id");
    ResetOnExit reset(dogs);
    dogs.bind(1, ids);
    dogs.bind(2, static_cast<std::int64_t>(scope.organization_id));
    const Date today = clock().today();
    Owner* current = nullptr;
    while (dogs.executeStep()) {
      Dog dog = dog_at(dogs, 0, today);
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

Page<Dog> SqliteStorage::list_dogs(const Scope& scope, const DogFilter& request) {
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
  return translate_sqlite_errors("could not list dogs", [&] {
    Params params;
    std::string where = "d.organization_id = " + params.add(scope.organization_id);
    if (request.name_prefix && !request.name_prefix->empty()) {
      const std::string prefix = text::fold(*request.name_prefix);
      where += " AND d.name_fold >= " + params.add(prefix);
      where += " AND d.name_fold < " + params.add(prefix_upper_bound(prefix));
    }
    if (request.breed) where += " AND d.breed_fold = " + params.add(text::fold(text::trim(*request.breed)));
    if (request.owner_id) where += " AND d.owner_id = " + params.add(*request.owner_id);
    if (request.type_id) where += " AND d.type_id = " + params.add(*request.type_id);
    if (request.status) where += " AND d.status = " + params.add(*request.status);

    const Date today = clock().today();
    return fetch_page<Dog>(
        *this, request.page, paging, params,
        std::string("SELECT ") + kDogColumns + " FROM dogs d JOIN pet_types t ON t.id = d.type_id WHERE " + where,
        " FROM dogs d WHERE " + where, [&](SQLite::Statement& row) { return dog_at(row, 0, today); });
  });
}

// ================================================================== timeline

CursorPage<TimelineEntry> SqliteStorage::timeline(const Scope& scope, const TimelineRequest& request) {
  std::vector<FieldError> errors;
  if (request.limit < 1 || request.limit > 500)
    errors.push_back({"limit", "out_of_range", "The limit must be between 1 and 500."});
  std::optional<TimelineKey> cursor;
  if (request.cursor) {
    cursor = decode_cursor(*request.cursor);
    if (!cursor) errors.push_back({"cursor", "invalid_cursor", "The cursor is not valid; start again without one."});
  }
  if (!errors.empty()) throw ValidationError(std::move(errors));
  // Order: at DESC, kind ASC ("note" < "visit"), id DESC. Entries after the cursor satisfy, per kind,
  // at < cursor.at OR (at = cursor.at AND id < bound), where bound is the cursor's id for its own kind,
  // 0 for a kind sorting before it (nothing at the same `at` remains) and max for one after it (all do).
  TimelineKey after{"9999-12-31T23:59:59.999Z~", "note", 0};  // sorts after every stored `at`
  Id note_bound = 0;
  Id visit_bound = 0;
  if (cursor) {
    after = *cursor;
    const Id all = std::numeric_limits<Id>::max();
    note_bound = after.kind == "note" ? after.id : 0;
    visit_bound = after.kind == "visit" ? after.id : all;
  }
  return translate_sqlite_errors("could not read the timeline", [&] {
    require_dog(*this, scope, request.dog_id);
    const std::int64_t fetch = request.limit + 1;  // one more than asked tells whether a next page exists
    std::vector<TimelineEntry> entries;
    entries.reserve(static_cast<std::size_t>(fetch) * 2);
    {
      auto& notes = statement(std::string("SELECT ") + kNoteColumns +
                              " FROM notes n WHERE n.dog_id = ?1 AND n.created_at <= ?2"
                              " AND (n.created_at < ?2 OR n.id < ?3) AND (?4 OR n.deleted_at IS NULL)"
                              " ORDER BY n.created_at DESC, n.id DESC LIMIT ?5");
      ResetOnExit reset(notes);
      notes.bind(1, static_cast<std::int64_t>(request.dog_id));
      notes.bind(2, after.at);
      notes.bind(3, static_cast<std::int64_t>(note_bound));
      notes.bind(4, request.include_deleted_notes ? 1 : 0);
      notes.bind(5, fetch);
      while (notes.executeStep()) {
        TimelineEntry entry;
        entry.kind = "note";
        entry.at = text_at(notes, 7);
        entry.note = note_at(notes, 0);
        entries.push_back(std::move(entry));
      }
    }
    const std::size_t note_count = entries.size();
    {
      auto& visits = statement(std::string("SELECT ") + kVisitColumns +
                               " FROM visits v WHERE v.dog_id = ?1 AND v.date <= ?2"
                               " AND (v.date < ?2 OR v.id < ?3) ORDER BY v.date DESC, v.id DESC LIMIT ?4");
      ResetOnExit reset(visits);
      visits.bind(1, static_cast<std::int64_t>(request.dog_id));
      visits.bind(2, after.at);
      visits.bind(3, static_cast<std::int64_t>(visit_bound));
      visits.bind(4, fetch);
      while (visits.executeStep()) {
        TimelineEntry entry;
        entry.kind = "visit";
        entry.at = text_at(visits, 3);
        entry.visit = visit_at(visits, 0);
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

Page<NoteHit> SqliteStorage::search_notes(const Scope& scope, const NoteSearch& request) {
  static const std::vector<SortKey> kSorts = {
      // rank alone: a tie-breaker from another table would stop FTS5 from consuming the ORDER BY.
      {"relevance", "notes_fts.rank", nullptr},
      {"createdAt", "n.created_at, n.id", "n.created_at DESC, n.id DESC"},
  };
  const std::string match = fts_query(request.text);
  std::vector<FieldError> errors;
  if (is_blank(request.text)) errors.push_back({"text", "required", "Enter at least one word to search for."});
  check_choice(errors, "category", request.category, {"behaviour", "progress", "health", "incident", "general"});
  check_choice(errors, "visibility", request.visibility, {"internal", "shared"});
  const Paging paging = check_page(request.page, kSorts, std::move(errors));
  if (match.empty()) {  // punctuation only: nothing can match
    Page<NoteHit> none = make_page<NoteHit>(request.page);
    none.order = request.page.sort.empty() ? note_search_rule::kOrderRelevance : request.page.sort;
    return none;
  }
  return translate_sqlite_errors("could not search the notes", [&] {
    Params params;
    std::string where = "notes_fts MATCH " + params.add(match);
    where += " AND n.organization_id = " + params.add(scope.organization_id) + " AND n.deleted_at IS NULL";
    if (request.category) where += " AND n.category = " + params.add(*request.category);
    if (request.visibility) where += " AND n.visibility = " + params.add(*request.visibility);
    if (request.dog_id) where += " AND n.dog_id = " + params.add(*request.dog_id);
    if (request.from) where += " AND n.created_at >= " + params.add(request.from->to_string());
    // created_at is a timestamp: "on or before a date" is "before the next day".
    if (request.to) where += " AND n.created_at < " + params.add(request.to->add_days(1).to_string());
    if (request.tag) {
      where +=
          " AND EXISTS (SELECT 1 FROM note_tags g WHERE g.tag = " + params.add(*request.tag) + " AND g.note_id = n.id)";
    }
    // CROSS JOIN: FTS5 drives the loop, so ORDER BY rank (+ LIMIT) is consumed by it.
    const std::string from = " FROM notes_fts CROSS JOIN notes n ON n.id = notes_fts.rowid";

    const std::string snippet =
        std::string("snippet(notes_fts, 0, '") + kMarkOpen + "', '" + kMarkClose + "', '\xE2\x80\xA6', 16)";
    const std::string select = std::string("SELECT ") + kNoteColumns + ", d.name, " + snippet + ", notes_fts.rank" +
                               from + " CROSS JOIN dogs d ON d.id = n.dog_id WHERE " + where;
    const auto read_hit = [](SQLite::Statement& row) {
      NoteHit hit;
      hit.note = note_at(row, 0);
      hit.dog_name = text_at(row, 12);
      const auto raw = row.getColumn(13);
      hit.snippet = escape_snippet(std::string_view(raw.getText(), static_cast<std::size_t>(raw.getBytes())));
      hit.rank = row.getColumn(14).getDouble();
      return hit;
    };
    const bool by_relevance = request.page.sort.empty() || request.page.sort == "relevance";
    if (!by_relevance) {
      Page<NoteHit> page =
          fetch_page<NoteHit>(*this, request.page, paging, params, select, from + " WHERE " + where, read_hit);
      page.order = request.page.sort;
      return page;
    }
    return search_notes_by_rule(*this, request.page, paging, params, select, from + " WHERE " + where, read_hit);
  });
}

// ================================================================== vaccinations due

Page<VaccinationDue> SqliteStorage::vaccinations_due(const Scope& scope, const VaccinationDueRequest& request) {
  static const std::vector<SortKey> kSorts = {
      {"expiresOn", "v.expires_on, v.id", "v.expires_on DESC, v.id DESC"},
      {"dogName", "d.name_fold, v.expires_on, v.id", "d.name_fold DESC, v.expires_on DESC, v.id DESC"},
  };
  std::vector<FieldError> errors;
  if (request.within_days < 0 || request.within_days > 3660)
    errors.push_back({"withinDays", "out_of_range", "The number of days must be between 0 and 3660."});
  const Paging paging = check_page(request.page, kSorts, std::move(errors));
  const Date today = clock().today();
  return translate_sqlite_errors("could not list the vaccinations due", [&] {
    Params params;
    std::string where = "v.organization_id = " + params.add(scope.organization_id) +
                        " AND v.expires_on <= " + params.add(today.add_days(request.within_days).to_string());
    if (!request.include_expired) where += " AND v.expires_on >= " + params.add(today.to_string());

    return fetch_page<VaccinationDue>(
        *this, request.page, paging, params,
        std::string("SELECT ") + kVaccinationColumns +
            ", d.name, d.owner_id FROM vaccinations v JOIN dogs d ON d.id = v.dog_id WHERE " + where,
        " FROM vaccinations v WHERE " + where, [&](SQLite::Statement& row) {
          VaccinationDue due;
          due.vaccination = vaccination_at(row, 0, today);
          due.dog_name = text_at(row, 6);
          due.owner_id = row.getColumn(7).getInt64();
          return due;
        });
  });
}

// ================================================================== a trainer's visits

Page<Visit> SqliteStorage::trainer_visits(const Scope& scope, const TrainerVisitsRequest& request) {
  // Upcoming: soonest first; recent: newest first (the defaults). "date" / "-date" choose explicitly.
  static const std::vector<SortKey> kSorts = {{"date", "v.date, v.id", "v.date DESC, v.id DESC"},
                                              {"id", "v.id", "v.id DESC"}};
  PageRequest page_request = request.page;
  if (page_request.sort.empty() && !request.upcoming) page_request.sort = "-date";
  const Paging paging = check_page(page_request, kSorts);
  const Date today = clock().today();
  return translate_sqlite_errors("could not list the trainer's visits", [&] {
    {
      auto& exists = statement("SELECT 1 FROM trainers WHERE id = ?1 AND organization_id = ?2");
      ResetOnExit reset(exists);
      exists.bind(1, static_cast<std::int64_t>(request.trainer_id));
      exists.bind(2, static_cast<std::int64_t>(scope.organization_id));
      if (!exists.executeStep()) throw NotFound("Trainer " + std::to_string(request.trainer_id) + " was not found.");
    }
    Params params;
    std::string where = "v.trainer_id = " + params.add(request.trainer_id) +
                        " AND +v.organization_id = " + params.add(scope.organization_id) + " AND v.date " +
                        (request.upcoming ? ">= " : "< ") + params.add(today.to_string());
    return fetch_page<Visit>(*this, request.page, paging, params,
                             std::string("SELECT ") + kVisitColumns + " FROM visits v WHERE " + where,
                             " FROM visits v WHERE " + where, [](SQLite::Statement& row) { return visit_at(row, 0); });
  });
}

std::vector<Visit> SqliteStorage::visits_of_dogs(const Scope& scope, const std::vector<Id>& dog_ids) {
  // The ids travel as one JSON array (json_each), so one cached statement serves any number of them;
  // visits_by_dog (dog_id, date, id) gives the order without a sort.
  std::string ids = "[";
  for (std::size_t i = 0; i < dog_ids.size(); ++i) {
    if (i != 0) ids += ',';
    ids += std::to_string(dog_ids[i]);
  }
  ids += ']';
  return translate_sqlite_errors("could not list the dogs' visits", [&] {
    auto& stmt = statement(std::string("SELECT ") + kVisitColumns +
                           " FROM visits v WHERE v.dog_id IN (SELECT value FROM json_each(?1))"
                           " AND +v.organization_id = ?2 ORDER BY v.dog_id, v.date, v.id");
    ResetOnExit reset(stmt);
    stmt.bind(1, ids);
    stmt.bind(2, static_cast<std::int64_t>(scope.organization_id));
    std::vector<Visit> visits;
    while (stmt.executeStep()) visits.push_back(visit_at(stmt, 0));
    return visits;
  });
}

// ================================================================== a dog's flags and vaccinations

std::vector<CareFlag> SqliteStorage::care_flags(const Scope& scope, Id dog_id, bool active_only) {
  return translate_sqlite_errors("could not list the care flags", [&] {
    require_dog(*this, scope, dog_id);
    auto& stmt = statement(
        "SELECT id, dog_id, kind, severity, text, active, created_at, version FROM care_flags"
        " WHERE dog_id = ?1 AND organization_id = ?2 AND (?3 = 0 OR active = 1)"
        " ORDER BY CASE severity WHEN 'danger' THEN 0 WHEN 'caution' THEN 1 ELSE 2 END, created_at DESC, id DESC");
    ResetOnExit reset(stmt);
    stmt.bind(1, static_cast<std::int64_t>(dog_id));
    stmt.bind(2, static_cast<std::int64_t>(scope.organization_id));
    stmt.bind(3, active_only ? 1 : 0);
    std::vector<CareFlag> flags;
    while (stmt.executeStep()) {
      CareFlag flag;
      flag.id = stmt.getColumn(0).getInt64();
      flag.dog_id = stmt.getColumn(1).getInt64();
      flag.kind = text_at(stmt, 2);
      flag.severity = text_at(stmt, 3);
      flag.text = text_at(stmt, 4);
      flag.active = stmt.getColumn(5).getInt() != 0;
      flag.created_at = timestamp_of(stmt.getColumn(6).getText());
      flag.version = stmt.getColumn(7).getInt64();
      flags.push_back(std::move(flag));
    }
    return flags;
  });
}

std::vector<Vaccination> SqliteStorage::vaccinations(const Scope& scope, Id dog_id) {
  return translate_sqlite_errors("could not list the vaccinations", [&] {
    require_dog(*this, scope, dog_id);
    auto& stmt = statement(std::string("SELECT ") + kVaccinationColumns +
                           " FROM vaccinations v WHERE v.dog_id = ?1 AND v.organization_id = ?2"
                           " ORDER BY v.expires_on, v.id");
    ResetOnExit reset(stmt);
    stmt.bind(1, static_cast<std::int64_t>(dog_id));
    stmt.bind(2, static_cast<std::int64_t>(scope.organization_id));
    const Date today = clock().today();
    std::vector<Vaccination> result;
    while (stmt.executeStep()) result.push_back(vaccination_at(stmt, 0, today));
    return result;
  });
}

}  // namespace pawnotes::sqlite_detail

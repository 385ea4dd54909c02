// Imports the Spring PetClinic sample data (its data.sql) through the Database.
//
// All the work that can fail on input is done before the first write, so every problem of the text is
// reported at once: the whole text is parsed, every record is checked with the entity's rules
// (pawnotes::check), references are resolved and the uniqueness rules the storage would enforce (names
// of types and specialties per organization, dog names per owner) are checked here. Only then are the
// records written, create_many per entity and batch in dependency order, all inside one
// Database::transaction, so a storage failure half-way (a full disk) leaves nothing behind either.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pawnotes/datasets.hpp"
#include "pawnotes/text.hpp"

namespace pawnotes::datasets {
namespace {

using nlohmann::json;

constexpr std::size_t kWriteBatch = 5000;
constexpr std::size_t kMaxReportedErrors = 50;

std::string line_field(int line) { return "line " + std::to_string(line); }

[[noreturn]] void fail_at(int line, const std::string& code, const std::string& message) {
  throw ValidationError({FieldError{line_field(line), code, message}});
}

std::string lower_ascii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// One parsed row of an INSERT: the line it starts on and its values by column name.
struct SqlRow {
  int line = 0;
  std::map<std::string, json> values;
};

struct SqlInsert {
  int line = 0;
  std::string table;
  std::vector<SqlRow> rows;
};

// The default column order of each table, for INSERT statements without a column list
// (older PetClinic scripts write `INSERT INTO vets VALUES (1, 'James', 'Carter');`).
const std::map<std::string, std::vector<std::string>>& default_columns() {
  static const std::map<std::string, std::vector<std::string>> columns = {
      {"vets", {"id", "first_name", "last_name"}},
      {"specialties", {"id", "name"}},
      {"vet_specialties", {"vet_id", "specialty_id"}},
      {"types", {"id", "name"}},
      {"owners", {"id", "first_name", "last_name", "address", "city", "telephone"}},
      {"pets", {"id", "name", "birth_date", "type_id", "owner_id"}},
      {"visits", {"id", "pet_id", "visit_date", "description"}},
  };
  return columns;
}

bool is_skipped_table(const std::string& table) {
  return table == "users" || table == "roles" || table == "authorities";
}

// A small, tolerant reader of the INSERT statements of a SQL script: string literals with ''
// escapes, numbers, TRUE/FALSE/NULL/DEFAULT, `--` and `/* */` comments, quoted identifiers.
// Statements other than INSERT that a data script commonly holds (SET, COMMIT, ...) are skipped.
class SqlReader {
 public:
  explicit SqlReader(const std::string& text) : text_(text) {}

  std::vector<SqlInsert> read_all() {
    std::vector<SqlInsert> inserts;
    for (;;) {
      skip_blank();
      if (at_end()) break;
      if (peek() == ';') {
        ++pos_;
        continue;
      }
      const int line = line_;
      const std::string keyword = lower_ascii(read_word("a statement"));
      if (keyword == "insert") {
        inserts.push_back(read_insert(line));
      } else if (is_skippable(keyword)) {
        skip_statement();
      } else {
        fail_at(line, "syntax", "unsupported statement '" + keyword + "' (only INSERT statements are imported)");
      }
    }
    return inserts;
  }

 private:
  static bool is_skippable(const std::string& keyword) {
    static const std::set<std::string> skippable = {"set",    "commit", "begin",  "start", "use",  "lock",
                                                    "unlock", "pragma", "create", "alter", "drop", "truncate"};
    return skippable.count(keyword) > 0;
  }

  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
  [[nodiscard]] char peek() const { return at_end() ? '\0' : text_[pos_]; }
  char advance() {
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      last_content_line_ = line_;
    }
    return c;
  }
  // Where to report a problem: at the end of the text, the last line that had something on it.
  [[nodiscard]] int here() const { return at_end() ? last_content_line_ : line_; }

  void skip_blank() {
    while (!at_end()) {
      const char c = peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
        advance();
      } else if (c == '-' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '-') {
        while (!at_end() && peek() != '\n') advance();
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        const int start = line_;
        advance();
        advance();
        while (!at_end() && !(peek() == '*' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/')) advance();
        if (at_end()) fail_at(start, "syntax", "unterminated comment");
        advance();
        advance();
      } else {
        break;
      }
    }
  }

  static bool is_word_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
  static bool is_word_char(char c) { return is_word_start(c) || (c >= '0' && c <= '9') || c == '$'; }

  // An identifier or keyword: plain, "double-quoted" or `back-quoted`.
  std::string read_word(const char* expected) {
    skip_blank();
    if (peek() == '"' || peek() == '`') {
      const char quote = advance();
      std::string word;
      while (!at_end() && peek() != quote && peek() != '\n') word += advance();
      if (peek() != quote) fail_at(line_, "syntax", std::string("unterminated quoted name, expected ") + expected);
      advance();
      return word;
    }
    if (!is_word_start(peek())) fail_at(here(), "syntax", std::string("expected ") + expected + describe_next());
    std::string word;
    while (!at_end() && is_word_char(peek())) word += advance();
    return word;
  }

  std::string describe_next() const {
    if (at_end()) return " but the text ended";
    std::string near;
    for (std::size_t i = pos_; i < text_.size() && near.size() < 12 && text_[i] != '\n'; ++i) near += text_[i];
    return " near '" + near + "'";
  }

  void expect(char c, const std::string& what) {
    skip_blank();
    if (peek() != c) fail_at(here(), "syntax", "expected " + what + describe_next());
    advance();
  }

  // A table name, possibly qualified by a schema ("public.owners"): the last part counts.
  std::string read_table() {
    std::string name = read_word("a table name");
    skip_blank();
    while (peek() == '.') {
      advance();
      name = read_word("a table name");
      skip_blank();
    }
    return lower_ascii(name);
  }

  SqlInsert read_insert(int line) {
    SqlInsert insert;
    insert.line = line;
    std::string word = lower_ascii(read_word("INTO"));
    if (word == "ignore") word = lower_ascii(read_word("INTO"));
    if (word != "into") fail_at(line_, "syntax", "expected INTO after INSERT");
    insert.table = read_table();

    std::vector<std::string> columns;
    skip_blank();
    if (peek() == '(') {
      advance();
      for (;;) {
        columns.push_back(lower_ascii(read_word("a column name")));
        skip_blank();
        if (peek() == ',') {
          advance();
          continue;
        }
        expect(')', "',' or ')' in the column list");
        break;
      }
    } else {
      const auto known = default_columns().find(insert.table);
      if (known != default_columns().end()) columns = known->second;
    }
    if (lower_ascii(read_word("VALUES")) != "values") fail_at(line_, "syntax", "expected VALUES");

    for (;;) {
      skip_blank();
      const int row_line = line_;
      expect('(', "'(' to start a row of values");
      std::vector<json> values;
      for (;;) {
        values.push_back(read_value());
        skip_blank();
        if (peek() == ',') {
          advance();
          continue;
        }
        expect(')', "',' or ')' after a value");
        break;
      }
      if (!columns.empty() && values.size() != columns.size()) {
        fail_at(row_line, "syntax",
                "a row of " + insert.table + " has " + std::to_string(values.size()) + " values for " +
                    std::to_string(columns.size()) + " columns");
      }
      SqlRow row;
      row.line = row_line;
      for (std::size_t i = 0; i < columns.size(); ++i) row.values[columns[i]] = std::move(values[i]);
      insert.rows.push_back(std::move(row));
      skip_blank();
      if (peek() == ',') {
        advance();
        continue;
      }
      if (at_end()) break;  // a last statement without ';' is tolerated
      expect(';', "',' or ';' after a row of values");
      break;
    }
    if (columns.empty() && !is_skipped_table(insert.table)) {
      fail_at(line, "syntax", "INSERT INTO " + insert.table + " needs a column list");
    }
    return insert;
  }

  json read_value() {
    skip_blank();
    const int line = line_;
    const char c = peek();
    if (c == '\'') {
      advance();
      std::string value;
      for (;;) {
        if (at_end()) fail_at(line, "syntax", "unterminated string literal");
        const char ch = advance();
        if (ch == '\'') {
          if (peek() == '\'') {
            value += advance();
            continue;
          }
          break;
        }
        value += ch;
      }
      if (!text::is_valid_utf8(value)) fail_at(line, "syntax", "a string literal is not valid UTF-8");
      return value;
    }
    if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) return read_number();
    if (is_word_start(c)) {
      const std::string word = lower_ascii(read_word("a value"));
      if (word == "null" || word == "default") return nullptr;
      if (word == "true") return true;
      if (word == "false") return false;
      fail_at(line, "syntax", "unsupported value '" + word + "' (expected a string, a number, TRUE, FALSE or NULL)");
    }
    fail_at(here(), "syntax", "expected a value" + describe_next());
  }

  json read_number() {
    const int line = line_;
    std::string digits;
    if (peek() == '-' || peek() == '+') digits += advance();
    bool fraction = false;
    while (!at_end()) {
      const char c = peek();
      if (c >= '0' && c <= '9') {
        digits += advance();
      } else if (c == '.' || c == 'e' || c == 'E') {
        fraction = true;
        digits += advance();
        if ((c == 'e' || c == 'E') && (peek() == '-' || peek() == '+')) digits += advance();
      } else {
        break;
      }
    }
    try {
      std::size_t used = 0;
      if (!fraction) {
        const long long value = std::stoll(digits, &used);
        if (used == digits.size()) return static_cast<std::int64_t>(value);
      } else {
        const double value = std::stod(digits, &used);
        if (used == digits.size()) return value;
      }
    } catch (const std::exception&) {
      // falls through to the error below
    }
    fail_at(line, "syntax", "malformed number '" + digits + "'");
  }

  void skip_statement() {
    while (!at_end() && peek() != ';') {
      if (peek() == '\'') {
        read_value();
      } else if (peek() == '-' || peek() == '/') {
        const std::size_t before = pos_;
        skip_blank();
        if (pos_ == before) advance();
      } else {
        advance();
      }
    }
  }

  const std::string& text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int last_content_line_ = 1;
};

// A row of one PetClinic table after parsing: its PetClinic id, its line, the record input for the
// core (references still as PetClinic ids) and those references.
struct Pending {
  int line = 0;
  json input = json::object();
  std::int64_t ref_a = 0;  // pets: owner id; visits: pet id; vet_specialties: vet id
  std::int64_t ref_b = 0;  // pets: type id; vet_specialties: specialty id
};

// Per PetClinic table: the rows, and their PetClinic ids -> position.
struct Table {
  std::vector<Pending> rows;
  std::unordered_map<std::int64_t, std::size_t> by_id;
};

class Importer {
 public:
  Importer(Database& db, const Scope& scope) : db_(db), scope_(scope), today_(db.clock().today()) {}

  ImportSummary run(const std::string& sql_text) {
    scope_.require_admin();  // trainers, specialties and pet types are admin-only writes
    for (SqlInsert& insert : SqlReader(sql_text).read_all()) collect(insert);
    check_references();
    resolve_named(Entity::PetType, types_, type_ids_, "types");
    resolve_named(Entity::Specialty, specialties_, specialty_ids_, "specialties");
    check_records();
    if (!errors_.empty()) throw ValidationError(std::move(errors_));
    ImportSummary summary;
    db_.transaction([&] { summary = write(); });  // every entity lands, or none (a full disk mid-import)
    return summary;
  }

 private:
  // --- collecting rows by table ---
  void collect(SqlInsert& insert) {
    if (is_skipped_table(insert.table)) return;
    for (SqlRow& row : insert.rows) {
      if (insert.table == "vets") {
        add(vets_, row, "vets", {{"first_name", "firstName"}, {"last_name", "lastName"}}, {});
      } else if (insert.table == "specialties") {
        add(specialties_, row, "specialties", {{"name", "name"}}, {});
      } else if (insert.table == "vet_specialties") {
        add(vet_specialties_, row, "vet_specialties", {}, {"vet_id", "specialty_id"});
      } else if (insert.table == "types") {
        add(types_, row, "types", {{"name", "name"}}, {});
      } else if (insert.table == "owners") {
        add(owners_, row, "owners",
            {{"first_name", "firstName"},
             {"last_name", "lastName"},
             {"address", "address"},
             {"city", "city"},
             {"telephone", "telephone"},
             {"email", "email"}},
            {});
      } else if (insert.table == "pets") {
        add(pets_, row, "pets", {{"name", "name"}, {"birth_date", "birthDate"}}, {"owner_id", "type_id"});
      } else if (insert.table == "visits") {
        add(visits_, row, "visits", {{"visit_date", "date"}, {"description", "description"}}, {"pet_id", ""});
      } else {
        fail_at(insert.line, "syntax", "unknown table '" + insert.table + "'");
      }
    }
  }

  // Maps the row's columns: `fields` SQL column -> JSON member, `refs` the columns holding references
  // (stored in ref_a / ref_b). An "id" column gives the PetClinic id, else the 1-based position.
  void add(Table& table, SqlRow& row, const char* name, const std::map<std::string, std::string>& fields,
           const std::pair<std::string, std::string>& refs) {
    Pending pending;
    pending.line = row.line;
    std::optional<std::int64_t> id;
    for (auto& [column, value] : row.values) {
      if (column == "id") {
        if (value.is_null()) continue;
        if (!value.is_number_integer())
          fail_at(row.line, "syntax", std::string("the id of a row of ") + name + " is not an integer");
        id = value.get<std::int64_t>();
      } else if (column == refs.first || column == refs.second) {
        if (!value.is_number_integer()) {
          fail_at(row.line, "syntax", std::string("column ") + column + " of " + name + " must be an integer id");
        }
        (column == refs.first ? pending.ref_a : pending.ref_b) = value.get<std::int64_t>();
      } else if (const auto field = fields.find(column); field != fields.end()) {
        if (!value.is_null()) pending.input[field->second] = std::move(value);
      } else {
        fail_at(row.line, "syntax", std::string("unknown column '") + column + "' of table " + name);
      }
    }
    const std::int64_t key = id ? *id : static_cast<std::int64_t>(table.rows.size()) + 1;
    if (!table.by_id.emplace(key, table.rows.size()).second) {
      fail_at(row.line, "unique", std::string("a second row of ") + name + " with id " + std::to_string(key));
    }
    table.rows.push_back(std::move(pending));
  }

  void error(int line, const std::string& code, const std::string& message) {
    if (errors_.size() < kMaxReportedErrors) {
      errors_.push_back({line_field(line), code, message});
    }
  }

  void check_reference(const Table& target, const char* target_name, std::int64_t id, const Pending& row,
                       const char* column) {
    if (target.by_id.count(id) == 0) {
      error(row.line, "not_found",
            std::string(column) + " " + std::to_string(id) + " matches no row of " + target_name);
    }
  }

  void check_references() {
    for (const Pending& row : vet_specialties_.rows) {
      check_reference(vets_, "vets", row.ref_a, row, "vet_id");
      check_reference(specialties_, "specialties", row.ref_b, row, "specialty_id");
    }
    for (const Pending& row : pets_.rows) {
      check_reference(owners_, "owners", row.ref_a, row, "owner_id");
      check_reference(types_, "types", row.ref_b, row, "type_id");
    }
    for (const Pending& row : visits_.rows) check_reference(pets_, "pets", row.ref_a, row, "pet_id");
  }

  // Types and specialties are unique by name in an organization: a name the organization already has
  // is reused (e.g. "dog"), and a name repeated in the file maps to its first row.
  void resolve_named(Entity entity, Table& table, std::vector<std::optional<Id>>& ids, const char* name) {
    std::unordered_map<std::string, Id> existing;
    for (int page = 0;; ++page) {
      ListRequest request;
      request.page = PageRequest{page, 1000, "id"};
      const Page<json> found = db_.list(scope_, entity, request);
      for (const json& item : found.items)
        existing.emplace(text::fold(item.at("name").get<std::string>()), item.at("id").get<Id>());
      if (static_cast<std::int64_t>(page + 1) * 1000 >= found.total || found.items.empty()) break;
    }
    std::unordered_map<std::string, std::size_t> first_in_file;
    ids.assign(table.rows.size(), std::nullopt);
    duplicate_of_.emplace(name, std::vector<std::optional<std::size_t>>(table.rows.size()));
    auto& duplicates = duplicate_of_[name];
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
      const json& value = table.rows[i].input.value("name", json());
      if (!value.is_string()) continue;  // check_records reports it
      const std::string key = text::fold(text::trim(value.get<std::string>()));
      if (const auto found = existing.find(key); found != existing.end()) {
        ids[i] = found->second;
      } else if (const auto first = first_in_file.find(key); first != first_in_file.end()) {
        duplicates[i] = first->second;
      } else {
        first_in_file.emplace(key, i);
      }
    }
  }

  void check_one(Entity entity, const Pending& row, const json& input, const char* table) {
    for (const FieldError& e : check(entity, input, today_)) {
      error(row.line, e.code, std::string(table) + (e.field.empty() ? "" : "." + e.field) + " " + e.message);
    }
  }

  // Every record against its rules, with placeholder ids for references (resolved only when written).
  void check_records() {
    for (std::size_t i = 0; i < specialties_.rows.size(); ++i) {
      check_one(Entity::Specialty, specialties_.rows[i], specialties_.rows[i].input, "specialties");
    }
    for (const Pending& row : vets_.rows) {
      json input = row.input;
      input["specialtyIds"] = json::array();
      check_one(Entity::Trainer, row, input, "vets");
    }
    for (const Pending& row : types_.rows) check_one(Entity::PetType, row, row.input, "types");
    for (const Pending& row : owners_.rows) check_one(Entity::Owner, row, row.input, "owners");
    std::set<std::pair<std::int64_t, std::string>> dog_names;
    for (const Pending& row : pets_.rows) {
      json input = row.input;
      input["ownerId"] = 1;
      input["typeId"] = 1;
      check_one(Entity::Dog, row, input, "pets");
      if (const auto name = row.input.find("name"); name != row.input.end() && name->is_string()) {
        if (!dog_names.emplace(row.ref_a, text::fold(text::trim(name->get<std::string>()))).second) {
          error(row.line, "unique", "pets.name: the owner already has a pet with this name");
        }
      }
    }
    for (const Pending& row : visits_.rows) {
      json input = row.input;
      input["dogId"] = 1;
      check_one(Entity::Visit, row, input, "visits");
    }
  }

  // --- writing, in dependency order ---
  std::vector<Id> create_all(Entity entity, const std::vector<json>& inputs) {
    std::vector<Id> ids;
    ids.reserve(inputs.size());
    for (std::size_t start = 0; start < inputs.size(); start += kWriteBatch) {
      const std::size_t end = std::min(inputs.size(), start + kWriteBatch);
      const std::vector<json> batch(inputs.begin() + static_cast<std::ptrdiff_t>(start),
                                    inputs.begin() + static_cast<std::ptrdiff_t>(end));
      for (const json& created : db_.create_many(scope_, entity, batch)) ids.push_back(created.at("id").get<Id>());
    }
    return ids;
  }

  // Creates the rows of a named table that are not reused; fills `ids` for every row.
  std::int64_t write_named(Entity entity, const Table& table, std::vector<std::optional<Id>>& ids, const char* name) {
    const auto& duplicates = duplicate_of_.at(name);
    std::vector<json> inputs;
    std::vector<std::size_t> positions;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
      if (ids[i] || duplicates[i]) continue;
      inputs.push_back(table.rows[i].input);
      positions.push_back(i);
    }
    const std::vector<Id> created = create_all(entity, inputs);
    for (std::size_t k = 0; k < created.size(); ++k) ids[positions[k]] = created[k];
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
      if (duplicates[i]) ids[i] = ids[*duplicates[i]];
    }
    return static_cast<std::int64_t>(created.size());
  }

  ImportSummary write() {
    ImportSummary summary;
    summary.specialties = write_named(Entity::Specialty, specialties_, specialty_ids_, "specialties");

    std::vector<json> trainers;
    trainers.reserve(vets_.rows.size());
    for (const Pending& row : vets_.rows) {
      json input = row.input;
      input["specialtyIds"] = json::array();
      trainers.push_back(std::move(input));
    }
    std::vector<std::set<Id>> trainer_specialties(vets_.rows.size());
    for (const Pending& link : vet_specialties_.rows) {
      trainer_specialties[vets_.by_id.at(link.ref_a)].insert(*specialty_ids_[specialties_.by_id.at(link.ref_b)]);
    }
    for (std::size_t i = 0; i < trainers.size(); ++i) {
      for (Id id : trainer_specialties[i]) trainers[i]["specialtyIds"].push_back(id);
    }
    summary.trainers = static_cast<std::int64_t>(create_all(Entity::Trainer, trainers).size());

    summary.pet_types = write_named(Entity::PetType, types_, type_ids_, "types");

    std::vector<json> owners;
    owners.reserve(owners_.rows.size());
    for (const Pending& row : owners_.rows) owners.push_back(row.input);
    const std::vector<Id> owner_ids = create_all(Entity::Owner, owners);
    summary.owners = static_cast<std::int64_t>(owner_ids.size());

    std::vector<json> dogs;
    dogs.reserve(pets_.rows.size());
    for (const Pending& row : pets_.rows) {
      json input = row.input;
      input["ownerId"] = owner_ids[owners_.by_id.at(row.ref_a)];
      input["typeId"] = *type_ids_[types_.by_id.at(row.ref_b)];
      dogs.push_back(std::move(input));
    }
    const std::vector<Id> dog_ids = create_all(Entity::Dog, dogs);
    summary.dogs = static_cast<std::int64_t>(dog_ids.size());

    std::vector<json> visits;
    visits.reserve(visits_.rows.size());
    for (const Pending& row : visits_.rows) {
      json input = row.input;
      input["dogId"] = dog_ids[pets_.by_id.at(row.ref_a)];
      visits.push_back(std::move(input));
    }
    summary.visits = static_cast<std::int64_t>(create_all(Entity::Visit, visits).size());
    return summary;
  }

  Database& db_;
  const Scope& scope_;
  Date today_;
  Table vets_, specialties_, vet_specialties_, types_, owners_, pets_, visits_;
  std::vector<std::optional<Id>> type_ids_, specialty_ids_;
  std::map<std::string, std::vector<std::optional<std::size_t>>> duplicate_of_;
  std::vector<FieldError> errors_;
};

}  // namespace

ImportSummary import_petclinic_sql(Database& db, const Scope& scope, const std::string& sql_text) {
  return Importer(db, scope).run(sql_text);
}

}  // namespace pawnotes::datasets

// Record writes of the PostgreSQL engine: create / get / update / remove / list for every entity except
// Organization and User, with tenancy, uniqueness, references, versions, delete rules, client keys and
// the change log. The same checks and messages as the SQLite engine (sqlite_records.cpp); where SQLite
// relies on its single writer, PostgreSQL gets row locks (SELECT ... FOR UPDATE before a version check),
// unique constraints (mapped to the same field errors) and INSERT ... ON CONFLICT for client keys.
#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pawnotes/text.hpp"
#include "postgres/postgres_storage.hpp"

namespace pawnotes::postgres_detail {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------- names and SQL per entity

const char* noun(Entity entity) {
  switch (entity) {
    case Entity::Organization: return "organization";
    case Entity::User: return "user";
    case Entity::Owner: return "owner";
    case Entity::PetType: return "pet type";
    case Entity::Dog: return "dog";
    case Entity::Trainer: return "trainer";
    case Entity::Specialty: return "specialty";
    case Entity::Visit: return "visit";
    case Entity::Note: return "note";
    case Entity::CareFlag: return "care flag";
    case Entity::Vaccination: return "vaccination";
    case Entity::Skill: return "skill";
    case Entity::Goal: return "goal";
    case Entity::TrainingSession: return "training session";
    case Entity::Homework: return "homework";
  }
  return "record";
}

std::string capitalized(const char* text) {
  std::string out(text);
  if (!out.empty()) out[0] = static_cast<char>(out[0] - ('a' <= out[0] && out[0] <= 'z' ? 'a' - 'A' : 0));
  return out;
}

const char* table_of(Entity entity) {
  switch (entity) {
    case Entity::Owner: return "owners";
    case Entity::PetType: return "pet_types";
    case Entity::Dog: return "dogs";
    case Entity::Trainer: return "trainers";
    case Entity::Specialty: return "specialties";
    case Entity::Visit: return "visits";
    case Entity::Note: return "notes";
    case Entity::CareFlag: return "care_flags";
    case Entity::Vaccination: return "vaccinations";
    case Entity::Skill: return "skills";
    case Entity::Goal: return "goals";
    case Entity::TrainingSession: return "training_sessions";
    case Entity::Homework: return "homework";
    default: return "";
  }
}

// Column lists read by the row readers below (alias x for the entity's table).
const char* select_of(Entity entity) {
  switch (entity) {
    case Entity::Owner:
      return "SELECT x.id, x.first_name, x.last_name, x.address, x.city, x.telephone, x.email, x.version FROM owners x";
    case Entity::PetType: return "SELECT x.id, x.name, x.version FROM pet_types x";
    case Entity::Specialty: return "SELECT x.id, x.name, x.version FROM specialties x";
    case Entity::Dog:
      return "SELECT x.id, x.owner_id, x.type_id, t.name, x.name, x.birth_date, x.breed, x.sex, x.weight_kg, "
             "x.microchip, x.status, x.version FROM dogs x JOIN pet_types t ON t.id = x.type_id";
    case Entity::Trainer: return "SELECT x.id, x.first_name, x.last_name, x.email, x.version FROM trainers x";
    case Entity::Visit:
      return "SELECT x.id, x.dog_id, x.trainer_id, x.date, x.description, x.duration_minutes, x.version FROM visits x";
    case Entity::Note:
      return "SELECT x.id, x.dog_id, x.author_id, x.body, x.category, x.tags, x.visibility, x.created_at, "
             "x.updated_at, x.revision, x.deleted_at, x.version FROM notes x";
    case Entity::CareFlag:
      return "SELECT x.id, x.dog_id, x.kind, x.severity, x.text, x.active, x.created_at, x.version FROM care_flags x";
    case Entity::Vaccination:
      return "SELECT x.id, x.dog_id, x.name, x.given_on, x.expires_on, x.version FROM vaccinations x";
    case Entity::Skill: return "SELECT x.id, x.name, x.description, x.version FROM skills x";
    case Entity::Goal:
      return "SELECT x.id, x.dog_id, x.skill_id, x.has_baseline, x.baseline_distance_metres, "
             "x.baseline_duration_seconds, x.baseline_distraction_level, x.target_distance_metres, "
             "x.target_duration_seconds, x.target_distraction_level, x.status, x.start_date, x.target_date, x.version "
             "FROM goals x";
    case Entity::TrainingSession:
      return "SELECT x.id, x.dog_id, x.trainer_id, x.date, x.note, x.version FROM training_sessions x";
    case Entity::Homework:
      return "SELECT x.id, x.goal_id, x.dog_id, x.exercise, x.assigned_on, x.due_date, x.done, x.owner_comment, "
             "x.done_at, x.version FROM homework x";
    default: return "";
  }
}

struct SortKey {
  const char* key;
  const char* column;
};

std::vector<SortKey> sort_keys_of(Entity entity) {
  switch (entity) {
    case Entity::Owner:
      return {{"id", "x.id"}, {"lastName", "x.last_name_fold"}, {"firstName", "x.first_name"}, {"city", "x.city"}};
    case Entity::PetType:
    case Entity::Specialty: return {{"id", "x.id"}, {"name", "x.name_fold"}};
    case Entity::Dog:
      return {{"id", "x.id"},
              {"name", "x.name_fold"},
              {"birthDate", "x.birth_date"},
              {"breed", "x.breed_fold"},
              {"status", "x.status"}};
    case Entity::Trainer: return {{"id", "x.id"}, {"lastName", "x.last_name_fold"}, {"firstName", "x.first_name"}};
    case Entity::Visit: return {{"id", "x.id"}, {"date", "x.date"}, {"description", "x.description"}};
    case Entity::Note:
      return {{"id", "x.id"}, {"createdAt", "x.created_at"}, {"updatedAt", "x.updated_at"}, {"category", "x.category"}};
    case Entity::CareFlag:
      return {{"id", "x.id"}, {"createdAt", "x.created_at"}, {"kind", "x.kind"}, {"severity", "x.severity"}};
    case Entity::Vaccination:
      return {{"id", "x.id"}, {"name", "x.name"}, {"givenOn", "x.given_on"}, {"expiresOn", "x.expires_on"}};
    case Entity::Skill: return {{"id", "x.id"}, {"name", "x.name_fold"}};
    case Entity::Goal:
      return {{"id", "x.id"}, {"startDate", "x.start_date"}, {"targetDate", "x.target_date"}, {"status", "x.status"}};
    case Entity::TrainingSession: return {{"id", "x.id"}, {"date", "x.date"}};
    case Entity::Homework: return {{"id", "x.id"}, {"dueDate", "x.due_date"}, {"assignedOn", "x.assigned_on"}};
    default: return {{"id", "x.id"}};
  }
}

void reject_accounts(Entity entity) {
  if (entity == Entity::Organization || entity == Entity::User) {
    throw ValidationError({{"entity", "unsupported", "organizations and users are managed by their own calls"}});
  }
}

void check_client_key(const std::string& key) {
  const bool printable =
      std::all_of(key.begin(), key.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f; }) &&
      std::all_of(key.begin(), key.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (key.empty() || key.size() > 100 || !printable) {
    throw ValidationError({{"clientKey", "pattern", "must be 1 to 100 printable ASCII characters"}});
  }
}

// ---------------------------------------------------------------- reading input JSON (already validated)

const json* member(const json& record, const char* key) {
  const auto found = record.find(key);
  if (found == record.end() || found->is_null()) return nullptr;
  return &*found;
}

const std::string& text_or(const json& record, const char* key, const std::string& fallback) {
  const json* value = member(record, key);
  return value != nullptr && value->is_string() ? value->get_ref<const std::string&>() : fallback;
}

std::optional<Id> id_of(const json& record, const char* key) {
  const json* value = member(record, key);
  if (value == nullptr || !value->is_number_integer()) return std::nullopt;
  return value->get<Id>();
}

void add_text(Params& params, const json& record, const char* key) {
  const json* value = member(record, key);
  if (value != nullptr && value->is_string()) {
    params.add(value->get<std::string>());
  } else {
    params.add_null();
  }
}

void add_fold(Params& params, const json& record, const char* key) {
  const json* value = member(record, key);
  if (value != nullptr && value->is_string()) {
    params.add(text::fold(value->get_ref<const std::string&>()));
  } else {
    params.add_null();
  }
}

void add_integer(Params& params, const json& record, const char* key) {
  const json* value = member(record, key);
  if (value != nullptr && value->is_number()) {
    params.add(value->get<std::int64_t>());
  } else {
    params.add_null();
  }
}

void add_real(Params& params, const json& record, const char* key) {
  const json* value = member(record, key);
  if (value != nullptr && value->is_number()) {
    params.add(json(value->get<double>()).dump());  // shortest text that reads back the same double
  } else {
    params.add_null();
  }
}

std::vector<std::string> tags_of(const json& record) {
  std::vector<std::string> tags;
  const json* value = member(record, "tags");
  if (value != nullptr && value->is_array()) {
    tags.reserve(value->size());
    for (const json& tag : *value) {
      if (tag.is_string()) tags.push_back(tag.get<std::string>());
    }
  }
  return tags;
}

std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const std::string& tag : tags) {
    if (!out.empty()) out += ' ';
    out += tag;
  }
  return out;
}

std::vector<std::string> split_tags(const std::string& text) {
  std::vector<std::string> tags;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) tags.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return tags;
}

// A text[] literal ({"a","b \"c\""}): every element quoted, backslashes and quotes escaped.
std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (const char ch : values[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

// ---------------------------------------------------------------- reading rows

Date date_of(const Result& r, int row, int col) { return Date::parse(r.text(row, col)).value_or(Date{}); }

Timestamp timestamp_of(const Result& r, int row, int col) {
  return Timestamp::parse(r.text(row, col)).value_or(Timestamp{});
}

std::optional<int> age_in_years(const std::optional<Date>& birth, Date today) {
  if (!birth) return std::nullopt;
  int years = today.year - birth->year;
  if (today.month < birth->month || (today.month == birth->month && today.day < birth->day)) --years;
  return std::max(0, years);
}

Owner read_owner(const Result& r, int i) {
  Owner owner;
  owner.id = r.int64(i, 0);
  owner.first_name = r.text(i, 1);
  owner.last_name = r.text(i, 2);
  owner.address = r.text(i, 3);
  owner.city = r.text(i, 4);
  owner.telephone = r.text(i, 5);
  owner.email = r.optional_text(i, 6);
  owner.version = r.int64(i, 7);
  return owner;
}

Dog read_dog(const Result& r, int i, Date today) {
  Dog dog;
  dog.id = r.int64(i, 0);
  dog.owner_id = r.int64(i, 1);
  dog.type_id = r.int64(i, 2);
  dog.type_name = r.text(i, 3);
  dog.name = r.text(i, 4);
  if (!r.is_null(i, 5)) dog.birth_date = Date::parse(r.text(i, 5));
  dog.breed = r.optional_text(i, 6);
  dog.sex = r.text(i, 7);
  if (!r.is_null(i, 8)) dog.weight_kg = r.real(i, 8);
  dog.microchip = r.optional_text(i, 9);
  dog.status = r.text(i, 10);
  dog.version = r.int64(i, 11);
  dog.age_years = age_in_years(dog.birth_date, today);
  return dog;
}

template <class T>
T read_named(const Result& r, int i) {  // PetType and Specialty
  T named;
  named.id = r.int64(i, 0);
  named.name = r.text(i, 1);
  named.version = r.int64(i, 2);
  return named;
}

Trainer read_trainer(const Result& r, int i) {
  Trainer trainer;
  trainer.id = r.int64(i, 0);
  trainer.first_name = r.text(i, 1);
  trainer.last_name = r.text(i, 2);
  trainer.email = r.optional_text(i, 3);
  trainer.version = r.int64(i, 4);
  return trainer;
}

Visit read_visit(const Result& r, int i) {
  Visit visit;
  visit.id = r.int64(i, 0);
  visit.dog_id = r.int64(i, 1);
  visit.trainer_id = r.optional_int64(i, 2);
  visit.date = date_of(r, i, 3);
  visit.description = r.text(i, 4);
  if (!r.is_null(i, 5)) visit.duration_minutes = static_cast<int>(r.int64(i, 5));
  visit.version = r.int64(i, 6);
  return visit;
}

Note read_note(const Result& r, int i) {
  Note note;
  note.id = r.int64(i, 0);
  note.dog_id = r.int64(i, 1);
  note.author_id = r.int64(i, 2);
  note.body = r.text(i, 3);
  note.category = r.text(i, 4);
  note.tags = split_tags(r.text(i, 5));
  note.visibility = r.text(i, 6);
  note.created_at = timestamp_of(r, i, 7);
  note.updated_at = timestamp_of(r, i, 8);
  note.revision = static_cast<int>(r.int64(i, 9));
  if (!r.is_null(i, 10)) note.deleted_at = timestamp_of(r, i, 10);
  note.version = r.int64(i, 11);
  return note;
}

CareFlag read_care_flag(const Result& r, int i) {
  CareFlag flag;
  flag.id = r.int64(i, 0);
  flag.dog_id = r.int64(i, 1);
  flag.kind = r.text(i, 2);
  flag.severity = r.text(i, 3);
  flag.text = r.text(i, 4);
  flag.active = r.boolean(i, 5);
  flag.created_at = timestamp_of(r, i, 6);
  flag.version = r.int64(i, 7);
  return flag;
}

Vaccination read_vaccination(const Result& r, int i, Date today) {
  Vaccination vaccination;
  vaccination.id = r.int64(i, 0);
  vaccination.dog_id = r.int64(i, 1);
  vaccination.name = r.text(i, 2);
  vaccination.given_on = date_of(r, i, 3);
  vaccination.expires_on = date_of(r, i, 4);
  vaccination.version = r.int64(i, 5);
  const auto days_left = static_cast<int>(vaccination.expires_on.days_since_epoch() - today.days_since_epoch());
  vaccination.days_left = days_left;
  vaccination.status = days_left < 0 ? "expired" : days_left <= 30 ? "due" : "ok";
  return vaccination;
}

std::optional<int> optional_int(const Result& r, int i, int col) {
  if (r.is_null(i, col)) return std::nullopt;
  return static_cast<int>(r.int64(i, col));
}

Criteria read_criteria(const Result& r, int i, int first) {
  Criteria criteria;
  if (!r.is_null(i, first)) criteria.distance_metres = r.real(i, first);
  criteria.duration_seconds = optional_int(r, i, first + 1);
  criteria.distraction_level = optional_int(r, i, first + 2);
  return criteria;
}

Skill read_skill(const Result& r, int i) {
  Skill skill;
  skill.id = r.int64(i, 0);
  skill.name = r.text(i, 1);
  skill.description = r.optional_text(i, 2);
  skill.version = r.int64(i, 3);
  return skill;
}

Goal read_goal(const Result& r, int i) {
  Goal goal;
  goal.id = r.int64(i, 0);
  goal.dog_id = r.int64(i, 1);
  goal.skill_id = r.int64(i, 2);
  if (r.boolean(i, 3)) goal.baseline = read_criteria(r, i, 4);
  goal.target = read_criteria(r, i, 7);
  goal.status = r.text(i, 10);
  goal.start_date = date_of(r, i, 11);
  if (!r.is_null(i, 12)) goal.target_date = Date::parse(r.text(i, 12));
  goal.version = r.int64(i, 13);
  return goal;
}

TrainingSession read_training_session(const Result& r, int i) {
  TrainingSession session;
  session.id = r.int64(i, 0);
  session.dog_id = r.int64(i, 1);
  session.trainer_id = r.int64(i, 2);
  session.date = date_of(r, i, 3);
  session.note = r.optional_text(i, 4);
  session.version = r.int64(i, 5);
  return session;
}

Homework read_homework(const Result& r, int i) {
  Homework homework;
  homework.id = r.int64(i, 0);
  homework.goal_id = r.int64(i, 1);
  homework.dog_id = r.int64(i, 2);
  homework.exercise = r.text(i, 3);
  homework.assigned_on = date_of(r, i, 4);
  homework.due_date = date_of(r, i, 5);
  homework.done = r.boolean(i, 6);
  homework.owner_comment = r.optional_text(i, 7);
  if (!r.is_null(i, 8)) homework.done_at = timestamp_of(r, i, 8);
  homework.version = r.int64(i, 9);
  return homework;
}

ChangeRecord read_change(const Result& r, int i) {
  ChangeRecord change;
  change.seq = r.int64(i, 0);
  change.entity = entity_from_name(r.text(i, 1)).value_or(Entity::Owner);
  change.entity_id = r.int64(i, 2);
  change.operation = r.text(i, 3);
  change.actor_id = r.int64(i, 4);
  change.at = timestamp_of(r, i, 5);
  change.version = r.int64(i, 6);
  change.data = json::parse(r.view(i, 7));
  return change;
}

void check_page(const PageRequest& page) {
  std::vector<FieldError> errors;
  if (page.page < 0) errors.push_back({"page", "out_of_range", "must be 0 or more"});
  if (page.size < 1 || page.size > 1000) errors.push_back({"size", "out_of_range", "must be between 1 and 1000"});
  if (!errors.empty()) throw ValidationError(std::move(errors));
}

// "lastName" / "-lastName" -> "x.last_name_fold ASC NULLS FIRST" (the key must be one of `keys`). NULLs sort
// first ascending and last descending, as SQLite sorts them.
std::string order_by(const std::string& sort, const std::vector<SortKey>& keys, const std::string& fallback) {
  if (sort.empty()) return fallback;
  const bool descending = sort[0] == '-';
  const std::string key = descending ? sort.substr(1) : sort;
  for (const SortKey& candidate : keys) {
    if (key == candidate.key) {
      const char* direction = descending ? " DESC" : " ASC";
      const char* nulls = descending ? " NULLS LAST" : " NULLS FIRST";
      return std::string(candidate.column) + direction + nulls + ", x.id" + direction;
    }
  }
  std::string allowed;
  for (const SortKey& candidate : keys) allowed += (allowed.empty() ? "" : ", ") + std::string(candidate.key);
  throw ValidationError({{"sort", "invalid_sort", "cannot sort by \"" + key + "\"; use one of: " + allowed}});
}

// ---------------------------------------------------------------- one call's work, inside a transaction

class Records {
 public:
  Records(PostgresStorage& storage, const Scope& scope)
      : storage_(storage),
        org_(scope.organization_id),
        actor_(scope.actor_id),
        today_(storage.clock().today()),
        now_ts_(storage.clock().now()),
        now_(now_ts_.to_string()) {}

  // Runs `select_of(entity)` + `where` with $1 = organization and `params` after it.
  std::vector<json> select(Entity entity, const std::string& where, Params params) {
    const Result rows = storage_.exec(std::string(select_of(entity)) + where, params);
    return read_rows(entity, rows);
  }

  Params org_params() const {
    Params params;
    params.add(static_cast<std::int64_t>(org_));
    return params;
  }

  std::optional<json> load(Entity entity, Id id) {
    Params params = org_params();
    params.add(static_cast<std::int64_t>(id));
    auto rows = select(entity, " WHERE x.organization_id = $1 AND x.id = $2", std::move(params));
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }

  json load_or_throw(Entity entity, Id id) {
    auto found = load(entity, id);
    if (!found) throw NotFound(capitalized(noun(entity)) + " " + std::to_string(id) + " was not found");
    return std::move(*found);
  }

  // Locks the row until the transaction ends, so the version read next is the one the write replaces
  // (another writer waits here, then sees the new version: a stale update is a Conflict, never lost).
  void lock(Entity entity, Id id) {
    Params params = org_params();
    params.add(static_cast<std::int64_t>(id));
    storage_.exec(
        std::string("SELECT 1 FROM ") + table_of(entity) + " WHERE organization_id = $1 AND id = $2 FOR UPDATE",
        params);
  }

  std::vector<json> read_rows(Entity entity, const Result& rows) {
    std::vector<json> out;
    const int n = rows.rows();
    switch (entity) {
      case Entity::Owner: {
        std::vector<Owner> owners;
        for (int i = 0; i < n; ++i) owners.push_back(read_owner(rows, i));
        attach_dogs(owners);
        for (const Owner& owner : owners) out.emplace_back(owner);
        break;
      }
      case Entity::Trainer: {
        std::vector<Trainer> trainers;
        for (int i = 0; i < n; ++i) trainers.push_back(read_trainer(rows, i));
        attach_specialties(trainers);
        for (const Trainer& trainer : trainers) out.emplace_back(trainer);
        break;
      }
      case Entity::PetType:
        for (int i = 0; i < n; ++i) out.emplace_back(read_named<PetType>(rows, i));
        break;
      case Entity::Specialty:
        for (int i = 0; i < n; ++i) out.emplace_back(read_named<Specialty>(rows, i));
        break;
      case Entity::Dog:
        for (int i = 0; i < n; ++i) out.emplace_back(read_dog(rows, i, today_));
        break;
      case Entity::Visit:
        for (int i = 0; i < n; ++i) out.emplace_back(read_visit(rows, i));
        break;
      case Entity::Note:
        for (int i = 0; i < n; ++i) out.emplace_back(read_note(rows, i));
        break;
      case Entity::CareFlag:
        for (int i = 0; i < n; ++i) out.emplace_back(read_care_flag(rows, i));
        break;
      case Entity::Vaccination:
        for (int i = 0; i < n; ++i) out.emplace_back(read_vaccination(rows, i, today_));
        break;
      case Entity::Skill:
        for (int i = 0; i < n; ++i) out.emplace_back(read_skill(rows, i));
        break;
      case Entity::Goal:
        for (int i = 0; i < n; ++i) out.emplace_back(read_goal(rows, i));
        break;
      case Entity::TrainingSession: {
        std::vector<TrainingSession> sessions;
        for (int i = 0; i < n; ++i) sessions.push_back(read_training_session(rows, i));
        attach_trials(sessions);
        for (const TrainingSession& session : sessions) out.emplace_back(session);
        break;
      }
      case Entity::Homework:
        for (int i = 0; i < n; ++i) out.emplace_back(read_homework(rows, i));
        break;
      default: break;
    }
    return out;
  }

  // One query for the trials of every session on the page, in each session's order.
  void attach_trials(std::vector<TrainingSession>& sessions) {
    if (sessions.empty()) return;
    std::vector<Id> ids;
    std::unordered_map<Id, TrainingSession*> by_id;
    for (TrainingSession& session : sessions) {
      ids.push_back(session.id);
      by_id[session.id] = &session;
    }
    Params params;
    params.add(id_array(ids));
    const Result rows = storage_.exec(
        "SELECT session_id, goal_id, attempts, successes, distance_metres, duration_seconds, distraction_level"
        " FROM session_trials WHERE session_id = ANY($1::bigint[]) ORDER BY session_id, position",
        params);
    for (int i = 0; i < rows.rows(); ++i) {
      Trial trial;
      trial.goal_id = rows.int64(i, 1);
      trial.attempts = static_cast<int>(rows.int64(i, 2));
      trial.successes = static_cast<int>(rows.int64(i, 3));
      trial.criteria = read_criteria(rows, i, 4);
      by_id[rows.int64(i, 0)]->trials.push_back(trial);
    }
  }

  // One query for the dogs of every owner on the page (never one per owner).
  void attach_dogs(std::vector<Owner>& owners) {
    if (owners.empty()) return;
    std::vector<Id> ids;
    std::unordered_map<Id, Owner*> by_id;
    for (Owner& owner : owners) {
      ids.push_back(owner.id);
      by_id[owner.id] = &owner;
    }
    Params params;
    params.add(id_array(ids));
    const Result rows =
        storage_.exec(std::string(select_of(Entity::Dog)) +
                          " WHERE x.owner_id = ANY($1::bigint[]) ORDER BY x.owner_id, x.name_fold, x.id",
                      params);
    for (int i = 0; i < rows.rows(); ++i) {
      Dog dog = read_dog(rows, i, today_);
      by_id[dog.owner_id]->dogs.push_back(std::move(dog));
    }
  }

  void attach_specialties(std::vector<Trainer>& trainers) {
    if (trainers.empty()) return;
    std::vector<Id> ids;
    std::unordered_map<Id, Trainer*> by_id;
    for (Trainer& trainer : trainers) {
      ids.push_back(trainer.id);
      by_id[trainer.id] = &trainer;
    }
    Params params;
    params.add(id_array(ids));
    const Result rows = storage_.exec(
        "SELECT ts.trainer_id, s.id, s.name, s.version FROM trainer_specialties ts"
        " JOIN specialties s ON s.id = ts.specialty_id"
        " WHERE ts.trainer_id = ANY($1::bigint[]) ORDER BY s.name_fold, s.id",
        params);
    for (int i = 0; i < rows.rows(); ++i) {
      Specialty specialty;
      specialty.id = rows.int64(i, 1);
      specialty.name = rows.text(i, 2);
      specialty.version = rows.int64(i, 3);
      by_id[rows.int64(i, 0)]->specialties.push_back(std::move(specialty));
    }
  }

  // ------------------------------------------------------------ checks

  bool exists(Entity entity, Id id) {
    if (entity == Entity::Dog) {  // memoized: a batch of notes usually names few dogs
      const auto known = dog_exists_.find(id);
      if (known != dog_exists_.end()) return known->second;
    }
    Params params;
    params.add(static_cast<std::int64_t>(id));
    params.add(static_cast<std::int64_t>(org_));
    const bool found =
        !storage_
             .exec(std::string("SELECT 1 FROM ") + table_of(entity) + " WHERE id = $1 AND organization_id = $2", params)
             .empty();
    if (entity == Entity::Dog) dog_exists_[id] = found;
    return found;
  }

  void check_reference(const json& record, const char* field, Entity target, std::vector<FieldError>& errors) {
    const std::optional<Id> id = id_of(record, field);
    if (id && !exists(target, *id)) {
      errors.push_back({field, "not_found", std::string("refers to a ") + noun(target) + " that does not exist"});
    }
  }

  // Whether another row (not `self`) of the organization has this value in `column`.
  bool taken(const char* table, const char* column, const std::string& value, Id self, const char* scope_column,
             Id scope_id) {
    Params params;
    params.add(static_cast<std::int64_t>(scope_id));
    params.add(value);
    params.add(static_cast<std::int64_t>(self));
    return !storage_
                .exec(std::string("SELECT 1 FROM ") + table + " WHERE " + scope_column + " = $1 AND " + column +
                          " = $2 AND id <> $3 LIMIT 1",
                      params)
                .empty();
  }

  // References and uniqueness: all problems at once, as field errors. A concurrent write between these
  // checks and the write is caught by the constraints and reported the same way (throw_translated).
  void check(Entity entity, const json& record, Id self) {
    std::vector<FieldError> errors;
    switch (entity) {
      case Entity::PetType:
      case Entity::Specialty:
      case Entity::Skill: {
        const std::string fold = text::fold(text_or(record, "name", empty_));
        if (taken(table_of(entity), "name_fold", fold, self, "organization_id", org_)) {
          errors.push_back({"name", "unique", std::string("is already used by another ") + noun(entity)});
        }
        break;
      }
      case Entity::Dog: {
        const std::optional<Id> owner = id_of(record, "ownerId");
        check_reference(record, "ownerId", Entity::Owner, errors);
        check_reference(record, "typeId", Entity::PetType, errors);
        if (owner && errors.empty()) {
          const std::string fold = text::fold(text_or(record, "name", empty_));
          if (taken("dogs", "name_fold", fold, self, "owner_id", *owner)) {
            errors.push_back({"name", "unique", "is already used by another dog of this owner"});
          }
        }
        const json* microchip = member(record, "microchip");
        if (microchip != nullptr && microchip->is_string() &&
            taken("dogs", "microchip", microchip->get_ref<const std::string&>(), self, "organization_id", org_)) {
          errors.push_back({"microchip", "unique", "is already used by another dog"});
        }
        break;
      }
      case Entity::Trainer: {
        const json* ids = member(record, "specialtyIds");
        if (ids != nullptr && ids->is_array()) {
          for (std::size_t i = 0; i < ids->size(); ++i) {
            const json& id = (*ids)[i];
            if (id.is_number_integer() && !exists(Entity::Specialty, id.get<Id>())) {
              errors.push_back({"specialtyIds[" + std::to_string(i) + "]", "not_found",
                                "refers to a specialty that does not exist"});
            }
          }
        }
        break;
      }
      case Entity::Visit:
        check_reference(record, "dogId", Entity::Dog, errors);
        check_reference(record, "trainerId", Entity::Trainer, errors);
        break;
      case Entity::Note:
      case Entity::CareFlag:
      case Entity::Vaccination: check_reference(record, "dogId", Entity::Dog, errors); break;
      case Entity::Goal: {
        check_reference(record, "dogId", Entity::Dog, errors);
        check_reference(record, "skillId", Entity::Skill, errors);
        const std::optional<Id> dog = id_of(record, "dogId");
        if (self != 0 && dog && *dog != goal_dog(self).value_or(*dog) &&
            count("SELECT (SELECT count(*) FROM session_trials WHERE goal_id = $1) +"
                  " (SELECT count(*) FROM homework WHERE goal_id = $1)",
                  self) > 0) {
          errors.push_back({"dogId", "immutable", "cannot change while the goal has logged trials or homework"});
        }
        break;
      }
      case Entity::TrainingSession: {
        check_reference(record, "dogId", Entity::Dog, errors);
        check_reference(record, "trainerId", Entity::Trainer, errors);
        const std::optional<Id> dog = id_of(record, "dogId");
        const json* trials = member(record, "trials");
        if (trials != nullptr && trials->is_array()) {
          for (std::size_t i = 0; i < trials->size(); ++i) {
            const std::optional<Id> goal = id_of((*trials)[i], "goalId");
            if (!goal) continue;
            const std::string field = "trials[" + std::to_string(i) + "].goalId";
            const std::optional<Id> owner = goal_dog(*goal);
            if (!owner) {
              errors.push_back({field, "not_found", "refers to a goal that does not exist"});
            } else if (dog && *owner != *dog) {
              errors.push_back({field, "other_dog", "refers to a goal of another dog"});
            }
          }
        }
        break;
      }
      case Entity::Homework: check_reference(record, "goalId", Entity::Goal, errors); break;
      default: break;
    }
    if (!errors.empty()) throw ValidationError(std::move(errors));
  }

  /// The dog of a goal of this organization; nullopt when there is no such goal.
  std::optional<Id> goal_dog(Id goal) {
    Params params;
    params.add(static_cast<std::int64_t>(goal));
    params.add(static_cast<std::int64_t>(org_));
    const Result found = storage_.exec("SELECT dog_id FROM goals WHERE id = $1 AND organization_id = $2", params);
    if (found.empty()) return std::nullopt;
    return found.int64(0, 0);
  }

  std::int64_t count(const std::string& sql, Id id) {
    Params params;
    params.add(static_cast<std::int64_t>(id));
    return storage_.exec(sql, params).int64(0, 0);
  }

  std::vector<Id> ids(const std::string& sql, Id id) {
    Params params;
    params.add(static_cast<std::int64_t>(id));
    const Result rows = storage_.exec(sql, params);
    std::vector<Id> out;
    out.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i) out.push_back(rows.int64(i, 0));
    return out;
  }

  void check_version(Entity entity, std::int64_t current, std::optional<std::int64_t> expected) {
    if (expected && *expected != current) {
      throw Conflict("the " + std::string(noun(entity)) + " was changed by someone else (version " +
                     std::to_string(current) + ", you had " + std::to_string(*expected) + ")");
    }
  }

  // ------------------------------------------------------------ change log

  void log_change(Entity entity, Id id, const char* operation, std::int64_t version, const std::string& data) {
    Params params = org_params();
    params.add(std::string(entity_name(entity)));
    params.add(static_cast<std::int64_t>(id));
    params.add(std::string(operation));
    params.add(static_cast<std::int64_t>(actor_));
    params.add(now_);
    params.add(version);
    params.add(data);
    storage_.exec(
        "INSERT INTO changes (organization_id, entity, entity_id, operation, actor_id, at, version, data)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        params);
  }

  // ------------------------------------------------------------ create

  Id default_pet_type() {
    if (default_type_) return *default_type_;
    const Result found =
        storage_.exec("SELECT id FROM pet_types WHERE organization_id = $1 AND name_fold = 'dog'", org_params());
    if (!found.empty()) {
      default_type_ = found.int64(0, 0);
      return *default_type_;
    }
    // Two processes may create the first dog of an organization at once: one inserts, the other waits for
    // it (ON CONFLICT) and reads its row.
    const Result inserted = storage_.exec(
        "INSERT INTO pet_types (organization_id, name, name_fold) VALUES ($1, 'Dog', 'dog')"
        " ON CONFLICT (organization_id, name_fold) DO NOTHING RETURNING id",
        org_params());
    if (inserted.empty()) {
      const Result winner =
          storage_.exec("SELECT id FROM pet_types WHERE organization_id = $1 AND name_fold = 'dog'", org_params());
      if (winner.empty()) throw Conflict("the default pet type was changed by someone else; try again");
      default_type_ = winner.int64(0, 0);
      return *default_type_;
    }
    const Id id = inserted.int64(0, 0);
    log_change(Entity::PetType, id, "create", 1, load_or_throw(Entity::PetType, id).dump());
    default_type_ = id;
    return id;
  }

  void write_specialties(Id trainer, const json& record) {
    Params clear;
    clear.add(static_cast<std::int64_t>(trainer));
    storage_.exec("DELETE FROM trainer_specialties WHERE trainer_id = $1", clear);
    const json* ids = member(record, "specialtyIds");
    if (ids == nullptr || !ids->is_array() || ids->empty()) return;
    std::vector<Id> list;
    for (const json& id : *ids) list.push_back(id.get<Id>());
    Params params;
    params.add(static_cast<std::int64_t>(trainer));
    params.add(id_array(list));
    storage_.exec(
        "INSERT INTO trainer_specialties (trainer_id, specialty_id) SELECT $1, unnest($2::bigint[])"
        " ON CONFLICT DO NOTHING",
        params);
  }

  void write_tags(Id note, const std::vector<std::string>& tags) {
    if (tags.empty()) return;
    // Tags are [a-z0-9-] (validated), so they travel safely as one text[] literal.
    std::string array = "{";
    for (std::size_t i = 0; i < tags.size(); ++i) array += (i > 0 ? "," : "") + tags[i];
    array += "}";
    Params params;
    params.add(static_cast<std::int64_t>(note));
    params.add(array);
    storage_.exec("INSERT INTO note_tags (note_id, tag) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING", params);
  }

  // Adds the editable columns shared by INSERT and UPDATE ($2.. in the order of the SQL below).
  void add_columns(Entity entity, Params& params, const json& record) {
    switch (entity) {
      case Entity::Owner:
        add_text(params, record, "firstName");
        add_text(params, record, "lastName");
        add_fold(params, record, "lastName");
        add_text(params, record, "address");
        add_text(params, record, "city");
        add_text(params, record, "telephone");
        add_text(params, record, "email");
        break;
      case Entity::PetType:
      case Entity::Specialty:
        add_text(params, record, "name");
        add_fold(params, record, "name");
        break;
      case Entity::Dog: {
        add_integer(params, record, "ownerId");
        const std::optional<Id> type = id_of(record, "typeId");
        params.add(static_cast<std::int64_t>(type ? *type : default_pet_type()));
        add_text(params, record, "name");
        add_fold(params, record, "name");
        add_text(params, record, "birthDate");
        add_text(params, record, "breed");
        add_fold(params, record, "breed");
        params.add(text_or(record, "sex", kUnknown));
        add_real(params, record, "weightKg");
        add_text(params, record, "microchip");
        params.add(text_or(record, "status", kActive));
        break;
      }
      case Entity::Trainer:
        add_text(params, record, "firstName");
        add_text(params, record, "lastName");
        add_fold(params, record, "lastName");
        add_text(params, record, "email");
        break;
      case Entity::Visit: {
        add_integer(params, record, "dogId");
        add_integer(params, record, "trainerId");
        const json* date = member(record, "date");
        if (date != nullptr && date->is_string()) {
          params.add(date->get<std::string>());
        } else {
          params.add(today_.to_string());  // a visit without a date happens today
        }
        add_text(params, record, "description");
        add_integer(params, record, "durationMinutes");
        break;
      }
      case Entity::CareFlag: {
        add_integer(params, record, "dogId");
        add_text(params, record, "kind");
        add_text(params, record, "severity");
        add_text(params, record, "text");
        const json* active = member(record, "active");
        params.add(active == nullptr || !active->is_boolean() || active->get<bool>());
        break;
      }
      case Entity::Vaccination:
        add_integer(params, record, "dogId");
        add_text(params, record, "name");
        add_text(params, record, "givenOn");
        add_text(params, record, "expiresOn");
        break;
      case Entity::Skill:
        add_text(params, record, "name");
        add_fold(params, record, "name");
        add_text(params, record, "description");
        break;
      case Entity::Goal: {
        add_integer(params, record, "dogId");
        add_integer(params, record, "skillId");
        const json* baseline = member(record, "baseline");
        params.add(baseline != nullptr && baseline->is_object());
        add_criteria(params, baseline);
        add_criteria(params, member(record, "target"));
        params.add(text_or(record, "status", kActive));
        add_date_or_today(params, record, "startDate");
        add_text(params, record, "targetDate");
        break;
      }
      case Entity::TrainingSession:
        add_integer(params, record, "dogId");
        add_integer(params, record, "trainerId");
        add_date_or_today(params, record, "date");
        add_text(params, record, "note");
        break;
      case Entity::Homework: {
        add_integer(params, record, "goalId");
        params.add(static_cast<std::int64_t>(goal_dog(id_of(record, "goalId").value_or(0)).value_or(0)));
        add_text(params, record, "exercise");
        add_date_or_today(params, record, "assignedOn");
        add_text(params, record, "dueDate");
        const json* done = member(record, "done");
        params.add(done != nullptr && done->is_boolean() && done->get<bool>());
        add_text(params, record, "ownerComment");
        break;  // $9 done_at: added by create / update
      }
      default: break;
    }
  }

  void add_date_or_today(Params& params, const json& record, const char* key) {
    const json* date = member(record, key);
    params.add(date != nullptr && date->is_string() ? date->get<std::string>() : today_.to_string());
  }

  static void add_criteria(Params& params, const json* criteria) {
    if (criteria == nullptr || !criteria->is_object()) {
      for (int i = 0; i < 3; ++i) params.add_null();
      return;
    }
    add_real(params, *criteria, "distanceMetres");
    add_integer(params, *criteria, "durationSeconds");
    add_integer(params, *criteria, "distractionLevel");
  }

  // The session's trials replace whatever it had, in one statement (rows keep the session's dog and date).
  void write_trials(Id session, const json& record) {
    Params clear;
    clear.add(static_cast<std::int64_t>(session));
    storage_.exec("DELETE FROM session_trials WHERE session_id = $1", clear);
    const json* trials = member(record, "trials");
    if (trials == nullptr || !trials->is_array() || trials->empty()) return;
    const Id dog = id_of(record, "dogId").value_or(0);
    const json* date = member(record, "date");
    const std::string day = date != nullptr && date->is_string() ? date->get<std::string>() : today_.to_string();
    for (std::size_t i = 0; i < trials->size(); ++i) {
      const json& trial = (*trials)[i];
      Params params;
      params.add(static_cast<std::int64_t>(session));
      add_integer(params, trial, "goalId");
      params.add(static_cast<std::int64_t>(i));
      params.add(static_cast<std::int64_t>(org_));
      params.add(static_cast<std::int64_t>(dog));
      params.add(day);
      add_integer(params, trial, "attempts");
      add_integer(params, trial, "successes");
      add_criteria(params, &trial);
      storage_.exec(
          "INSERT INTO session_trials (session_id, goal_id, position, organization_id, dog_id, date, attempts,"
          " successes, distance_metres, duration_seconds, distraction_level)"
          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
          params);
    }
  }

  /// done_at after a write: now when done becomes true, kept while it stays true, NULL when not done.
  std::optional<std::string> done_at(const json& record, const json* before) {
    const json* done = member(record, "done");
    if (done == nullptr || !done->is_boolean() || !done->get<bool>()) return std::nullopt;
    if (before != nullptr && before->value("done", false) && before->at("doneAt").is_string()) {
      return before->at("doneAt").get<std::string>();
    }
    return now_;
  }

  static const char* insert_sql(Entity entity) {
    switch (entity) {
      case Entity::Owner:
        return "INSERT INTO owners (organization_id, first_name, last_name, last_name_fold, address, city, telephone,"
               " email) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
      case Entity::PetType:
        return "INSERT INTO pet_types (organization_id, name, name_fold) VALUES ($1, $2, $3) RETURNING id";
      case Entity::Specialty:
        return "INSERT INTO specialties (organization_id, name, name_fold) VALUES ($1, $2, $3) RETURNING id";
      case Entity::Dog:
        return "INSERT INTO dogs (organization_id, owner_id, type_id, name, name_fold, birth_date, breed, breed_fold,"
               " sex, weight_kg, microchip, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
               " RETURNING id";
      case Entity::Trainer:
        return "INSERT INTO trainers (organization_id, first_name, last_name, last_name_fold, email)"
               " VALUES ($1, $2, $3, $4, $5) RETURNING id";
      case Entity::Visit:
        return "INSERT INTO visits (organization_id, dog_id, trainer_id, date, description, duration_minutes)"
               " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
      case Entity::CareFlag:
        return "INSERT INTO care_flags (organization_id, dog_id, kind, severity, text, active, created_at)"
               " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
      case Entity::Vaccination:
        return "INSERT INTO vaccinations (organization_id, dog_id, name, given_on, expires_on)"
               " VALUES ($1, $2, $3, $4, $5) RETURNING id";
      case Entity::Skill:
        return "INSERT INTO skills (organization_id, name, name_fold, description) VALUES ($1, $2, $3, $4) RETURNING "
               "id";
      case Entity::Goal:
        return "INSERT INTO goals (organization_id, dog_id, skill_id, has_baseline, baseline_distance_metres,"
               " baseline_duration_seconds, baseline_distraction_level, target_distance_metres, "
               "target_duration_seconds,"
               " target_distraction_level, status, start_date, target_date)"
               " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
      case Entity::TrainingSession:
        return "INSERT INTO training_sessions (organization_id, dog_id, trainer_id, date, note)"
               " VALUES ($1, $2, $3, $4, $5) RETURNING id";
      case Entity::Homework:
        return "INSERT INTO homework (organization_id, goal_id, dog_id, exercise, assigned_on, due_date, done,"
               " owner_comment, done_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
      default: return "";
    }
  }

  // The id is the parameter after the editable columns.
  static const char* update_sql(Entity entity) {
    switch (entity) {
      case Entity::Owner:
        return "UPDATE owners SET first_name = $2, last_name = $3, last_name_fold = $4, address = $5, city = $6,"
               " telephone = $7, email = $8, version = version + 1 WHERE organization_id = $1 AND id = $9";
      case Entity::PetType:
        return "UPDATE pet_types SET name = $2, name_fold = $3, version = version + 1"
               " WHERE organization_id = $1 AND id = $4";
      case Entity::Specialty:
        return "UPDATE specialties SET name = $2, name_fold = $3, version = version + 1"
               " WHERE organization_id = $1 AND id = $4";
      case Entity::Dog:
        return "UPDATE dogs SET owner_id = $2, type_id = $3, name = $4, name_fold = $5, birth_date = $6, breed = $7,"
               " breed_fold = $8, sex = $9, weight_kg = $10, microchip = $11, status = $12, version = version + 1"
               " WHERE organization_id = $1 AND id = $13";
      case Entity::Trainer:
        return "UPDATE trainers SET first_name = $2, last_name = $3, last_name_fold = $4, email = $5,"
               " version = version + 1 WHERE organization_id = $1 AND id = $6";
      case Entity::Visit:
        return "UPDATE visits SET dog_id = $2, trainer_id = $3, date = $4, description = $5, duration_minutes = $6,"
               " version = version + 1 WHERE organization_id = $1 AND id = $7";
      case Entity::CareFlag:
        return "UPDATE care_flags SET dog_id = $2, kind = $3, severity = $4, text = $5, active = $6,"
               " version = version + 1 WHERE organization_id = $1 AND id = $7";
      case Entity::Vaccination:
        return "UPDATE vaccinations SET dog_id = $2, name = $3, given_on = $4, expires_on = $5,"
               " version = version + 1 WHERE organization_id = $1 AND id = $6";
      case Entity::Skill:
        return "UPDATE skills SET name = $2, name_fold = $3, description = $4, version = version + 1"
               " WHERE organization_id = $1 AND id = $5";
      case Entity::Goal:
        return "UPDATE goals SET dog_id = $2, skill_id = $3, has_baseline = $4, baseline_distance_metres = $5,"
               " baseline_duration_seconds = $6, baseline_distraction_level = $7, target_distance_metres = $8,"
               " target_duration_seconds = $9, target_distraction_level = $10, status = $11, start_date = $12,"
               " target_date = $13, version = version + 1 WHERE organization_id = $1 AND id = $14";
      case Entity::TrainingSession:
        return "UPDATE training_sessions SET dog_id = $2, trainer_id = $3, date = $4, note = $5, version = version + 1"
               " WHERE organization_id = $1 AND id = $6";
      case Entity::Homework:
        return "UPDATE homework SET goal_id = $2, dog_id = $3, exercise = $4, assigned_on = $5, due_date = $6,"
               " done = $7, owner_comment = $8, done_at = $9, version = version + 1"
               " WHERE organization_id = $1 AND id = $10";
      default: return "";
    }
  }

  // The note is built straight from the input (no read back): this is the bulk-import hot path.
  Note insert_note(const json& record) {
    Note note;
    note.dog_id = id_of(record, "dogId").value_or(0);
    note.author_id = actor_;
    note.body = text_or(record, "body", empty_);
    note.category = text_or(record, "category", kGeneral);
    note.tags = tags_of(record);
    note.visibility = text_or(record, "visibility", kInternal);
    note.created_at = now_ts_;
    note.updated_at = now_ts_;
    note.revision = 1;
    note.version = 1;
    Params params = org_params();
    params.add(static_cast<std::int64_t>(note.dog_id));
    params.add(static_cast<std::int64_t>(note.author_id));
    params.add(note.body);
    params.add(note.category);
    params.add(join_tags(note.tags));
    params.add(note.visibility);
    params.add(now_);
    params.add(search_text(note.body));
    const Result inserted = storage_.exec(
        "INSERT INTO notes (organization_id, dog_id, author_id, body, category, tags, visibility, created_at,"
        " updated_at, search) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, to_tsvector('pawnotes_search', $9))"
        " RETURNING id",
        params);
    note.id = inserted.int64(0, 0);
    write_tags(note.id, note.tags);
    return note;
  }

  // A batch of notes in four statements whatever its size (ids, notes, tags, change log) instead of three
  // round trips per note: the bulk-import path. The same checks, rows and change-log entries as create().
  std::vector<json> create_notes(const std::vector<json>& records,
                                 void (*on_item_error)(const ValidationError&, std::size_t)) {
    for (std::size_t i = 0; i < records.size(); ++i) {
      try {
        check(Entity::Note, records[i], 0);
      } catch (const ValidationError& error) {
        on_item_error(error, i);
      }
    }
    std::vector<json> out;
    if (records.empty()) return out;
    Params count;
    count.add(static_cast<std::int64_t>(records.size()));
    const Result reserved =
        storage_.exec("SELECT nextval(pg_get_serial_sequence('notes', 'id')) FROM generate_series(1, $1)", count);
    std::vector<Id> ids;
    ids.reserve(records.size());
    for (int i = 0; i < reserved.rows(); ++i) ids.push_back(reserved.int64(i, 0));
    std::sort(ids.begin(), ids.end());
    std::vector<Id> dog_ids;
    std::vector<std::string> bodies, categories, tags, visibilities, searches, data;
    std::vector<Id> tag_note_ids;
    std::vector<std::string> tag_values;
    out.reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      const json& record = records[i];
      Note note;
      note.id = ids[i];
      note.dog_id = id_of(record, "dogId").value_or(0);
      note.author_id = actor_;
      note.body = text_or(record, "body", empty_);
      note.category = text_or(record, "category", kGeneral);
      note.tags = tags_of(record);
      note.visibility = text_or(record, "visibility", kInternal);
      note.created_at = now_ts_;
      note.updated_at = now_ts_;
      note.revision = 1;
      note.version = 1;
      dog_ids.push_back(note.dog_id);
      bodies.push_back(note.body);
      categories.push_back(note.category);
      tags.push_back(join_tags(note.tags));
      visibilities.push_back(note.visibility);
      searches.push_back(search_text(note.body));
      const std::size_t first_tag = tag_values.size();
      for (const std::string& tag : note.tags) {
        // A tag given twice is one row (one INSERT ... ON CONFLICT must not meet the same key twice).
        if (std::find(tag_values.begin() + static_cast<std::ptrdiff_t>(first_tag), tag_values.end(), tag) !=
            tag_values.end()) {
          continue;
        }
        tag_note_ids.push_back(note.id);
        tag_values.push_back(tag);
      }
      json created = note;
      data.push_back(created.dump());
      out.push_back(std::move(created));
    }
    Params notes = org_params();
    notes.add(static_cast<std::int64_t>(actor_));
    notes.add(now_);
    notes.add(id_array(ids));
    notes.add(id_array(dog_ids));
    notes.add(text_array(bodies));
    notes.add(text_array(categories));
    notes.add(text_array(tags));
    notes.add(text_array(visibilities));
    notes.add(text_array(searches));
    storage_.exec(
        "INSERT INTO notes (id, organization_id, dog_id, author_id, body, category, tags, visibility, created_at,"
        " updated_at, search) SELECT u.id, $1, u.dog_id, $2, u.body, u.category, u.tags, u.visibility, $3, $3,"
        " to_tsvector('pawnotes_search', u.search) FROM unnest($4::bigint[], $5::bigint[], $6::text[], $7::text[],"
        " $8::text[], $9::text[], $10::text[]) AS u(id, dog_id, body, category, tags, visibility, search)",
        notes);
    if (!tag_note_ids.empty()) {
      Params tag_rows;
      tag_rows.add(id_array(tag_note_ids));
      tag_rows.add(text_array(tag_values));
      storage_.exec(
          "INSERT INTO note_tags (note_id, tag) SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING",
          tag_rows);
    }
    Params changes = org_params();
    changes.add(static_cast<std::int64_t>(actor_));
    changes.add(now_);
    changes.add(id_array(ids));
    changes.add(text_array(data));
    storage_.exec(
        "INSERT INTO changes (organization_id, entity, entity_id, operation, actor_id, at, version, data)"
        " SELECT $1, 'note', u.id, 'create', $2, $3, 1, u.data FROM unnest($4::bigint[], $5::text[]) AS u(id, data)"
        " ORDER BY u.id",
        changes);
    return out;
  }

  json create(Entity entity, const json& record) {
    check(entity, record, 0);
    if (entity == Entity::Note) {
      json out = insert_note(record);
      log_change(entity, out["id"].get<Id>(), "create", 1, out.dump());
      return out;
    }
    Params params = org_params();
    add_columns(entity, params, record);
    if (entity == Entity::CareFlag) params.add(now_);
    if (entity == Entity::Homework) params.add(done_at(record, nullptr));
    const Id id = storage_.exec(insert_sql(entity), params).int64(0, 0);
    if (entity == Entity::Trainer) write_specialties(id, record);
    if (entity == Entity::TrainingSession) write_trials(id, record);
    json out = load_or_throw(entity, id);
    log_change(entity, id, "create", 1, out.dump());
    return out;
  }

  // ------------------------------------------------------------ update

  json update(Entity entity, Id id, const json& record, std::optional<std::int64_t> expected) {
    lock(entity, id);
    const json before = load_or_throw(entity, id);
    check_version(entity, before.at("version").get<std::int64_t>(), expected);
    if (entity == Entity::Note && !before.at("deletedAt").is_null()) {
      throw Conflict("the note was deleted; it can no longer be changed");
    }
    check(entity, record, id);
    if (entity == Entity::Note) {
      update_note(id, record);
    } else {
      Params params = org_params();
      add_columns(entity, params, record);
      if (entity == Entity::Homework) params.add(done_at(record, &before));
      params.add(static_cast<std::int64_t>(id));
      storage_.exec(update_sql(entity), params);
      if (entity == Entity::Trainer) write_specialties(id, record);
      if (entity == Entity::TrainingSession) write_trials(id, record);
    }
    json out = load_or_throw(entity, id);
    log_change(entity, id, "update", out.at("version").get<std::int64_t>(), out.dump());
    return out;
  }

  void update_note(Id id, const json& record) {
    // The state being replaced becomes a revision, credited to whoever made it and when.
    Params keep = org_params();
    keep.add(static_cast<std::int64_t>(id));
    storage_.exec(
        "INSERT INTO note_revisions (note_id, revision, body, category, tags, visibility, edited_by, edited_at)"
        " SELECT n.id, n.revision, n.body, n.category, n.tags, n.visibility,"
        " COALESCE((SELECT c.actor_id FROM changes c WHERE c.organization_id = n.organization_id"
        " AND c.entity = 'note' AND c.entity_id = n.id ORDER BY c.seq DESC LIMIT 1), n.author_id), n.updated_at"
        " FROM notes n WHERE n.organization_id = $1 AND n.id = $2",
        keep);
    const std::vector<std::string> tags = tags_of(record);
    const std::string& body = text_or(record, "body", empty_);
    Params params = org_params();
    add_integer(params, record, "dogId");
    add_text(params, record, "body");
    params.add(text_or(record, "category", kGeneral));
    params.add(join_tags(tags));
    params.add(text_or(record, "visibility", kInternal));
    params.add(now_);
    params.add(static_cast<std::int64_t>(id));
    params.add(search_text(body));
    storage_.exec(
        "UPDATE notes SET dog_id = $2, body = $3, category = $4, tags = $5, visibility = $6, updated_at = $7,"
        " revision = revision + 1, version = version + 1, search = to_tsvector('pawnotes_search', $9)"
        " WHERE organization_id = $1 AND id = $8",
        params);
    Params clear;
    clear.add(static_cast<std::int64_t>(id));
    storage_.exec("DELETE FROM note_tags WHERE note_id = $1", clear);
    write_tags(id, tags);
  }

  // ------------------------------------------------------------ remove

  void delete_row(Entity entity, Id id, const json& before) {
    log_change(entity, id, "delete", before.at("version").get<std::int64_t>(), before.dump());
    Params params = org_params();
    params.add(static_cast<std::int64_t>(id));
    storage_.exec(std::string("DELETE FROM ") + table_of(entity) + " WHERE organization_id = $1 AND id = $2", params);
  }

  void delete_logged(Entity entity, Id id) { delete_row(entity, id, load_or_throw(entity, id)); }

  void remove_dog(Id id, const json& before, bool cascade) {
    const std::int64_t visits = count("SELECT count(*) FROM visits WHERE dog_id = $1", id);
    const std::int64_t notes = count("SELECT count(*) FROM notes WHERE dog_id = $1 AND deleted_at IS NULL", id);
    const std::int64_t flags = count("SELECT count(*) FROM care_flags WHERE dog_id = $1", id);
    const std::int64_t vaccinations = count("SELECT count(*) FROM vaccinations WHERE dog_id = $1", id);
    const std::int64_t goals = count("SELECT count(*) FROM goals WHERE dog_id = $1", id);
    const std::int64_t sessions = count("SELECT count(*) FROM training_sessions WHERE dog_id = $1", id);
    if (!cascade && goals + sessions > 0) {
      throw Conflict("the dog still has " + std::to_string(visits) + " visits, " + std::to_string(notes) + " notes, " +
                     std::to_string(flags) + " care flags, " + std::to_string(vaccinations) + " vaccinations, " +
                     std::to_string(goals) + " goals and " + std::to_string(sessions) +
                     " training sessions; delete them first or delete with cascade");
    }
    if (!cascade && visits + notes + flags + vaccinations > 0) {
      throw Conflict("the dog still has " + std::to_string(visits) + " visits, " + std::to_string(notes) + " notes, " +
                     std::to_string(flags) + " care flags and " + std::to_string(vaccinations) +
                     " vaccinations; delete them first or delete with cascade");
    }
    // Training plans first: sessions (their trials name goals), then homework and goals.
    for (Id session : ids("SELECT id FROM training_sessions WHERE dog_id = $1 ORDER BY id", id)) {
      remove_session(session, load_or_throw(Entity::TrainingSession, session));
    }
    for (Id homework : ids("SELECT id FROM homework WHERE dog_id = $1 ORDER BY id", id)) {
      delete_logged(Entity::Homework, homework);
    }
    for (Id goal : ids("SELECT id FROM goals WHERE dog_id = $1 ORDER BY id", id)) delete_logged(Entity::Goal, goal);
    for (Id visit : ids("SELECT id FROM visits WHERE dog_id = $1 ORDER BY id", id)) delete_logged(Entity::Visit, visit);
    for (Id note : ids("SELECT id FROM notes WHERE dog_id = $1 AND deleted_at IS NULL ORDER BY id", id)) {
      delete_logged(Entity::Note, note);
    }
    // Notes deleted earlier were logged then; they go with their dog.
    Params purge;
    purge.add(static_cast<std::int64_t>(id));
    storage_.exec("DELETE FROM notes WHERE dog_id = $1", purge);
    for (Id flag : ids("SELECT id FROM care_flags WHERE dog_id = $1 ORDER BY id", id)) {
      delete_logged(Entity::CareFlag, flag);
    }
    for (Id vaccination : ids("SELECT id FROM vaccinations WHERE dog_id = $1 ORDER BY id", id)) {
      delete_logged(Entity::Vaccination, vaccination);
    }
    delete_row(Entity::Dog, id, before);
  }

  void remove_session(Id id, const json& before) {
    Params params;
    params.add(static_cast<std::int64_t>(id));
    storage_.exec("DELETE FROM session_trials WHERE session_id = $1", params);
    delete_row(Entity::TrainingSession, id, before);
  }

  void remove_goal(Id id, const json& before, bool cascade) {
    const std::vector<Id> sessions =
        ids("SELECT DISTINCT session_id FROM session_trials WHERE goal_id = $1 ORDER BY session_id", id);
    const std::vector<Id> homework = ids("SELECT id FROM homework WHERE goal_id = $1 ORDER BY id", id);
    if (!cascade && (!sessions.empty() || !homework.empty())) {
      throw Conflict("the goal has trials in " + std::to_string(sessions.size()) + " training sessions and " +
                     std::to_string(homework.size()) +
                     " homework; set its status to dropped, or delete with cascade (removes its trials and homework)");
    }
    for (Id item : homework) delete_logged(Entity::Homework, item);
    Params params;
    params.add(static_cast<std::int64_t>(id));
    storage_.exec("DELETE FROM session_trials WHERE goal_id = $1", params);
    for (Id session : sessions) log_side_update(Entity::TrainingSession, session);
    delete_row(Entity::Goal, id, before);
  }

  // ------------------------------------------------------------ progress

  ProgressRows progress_rows(Id dog) {
    load_or_throw(Entity::Dog, dog);  // NotFound for other organizations
    ProgressRows rows;
    Params params = org_params();
    params.add(static_cast<std::int64_t>(dog));
    const Result goals = storage_.exec(
        std::string(select_of(Entity::Goal)) + " WHERE x.organization_id = $1 AND x.dog_id = $2 ORDER BY x.id", params);
    for (int i = 0; i < goals.rows(); ++i) rows.goals.push_back(read_goal(goals, i));
    const Result trials = storage_.exec(
        "SELECT session_id, date, goal_id, attempts, successes, distance_metres, duration_seconds, distraction_level"
        " FROM session_trials WHERE organization_id = $1 AND dog_id = $2 ORDER BY date, session_id, goal_id",
        params);
    rows.trials.reserve(static_cast<std::size_t>(trials.rows()));
    std::string last_day;
    Date day;
    for (int i = 0; i < trials.rows(); ++i) {
      ProgressRow row;
      row.session_id = trials.int64(i, 0);
      if (trials.view(i, 1) != last_day) {  // sessions of one day share the parse
        last_day = trials.text(i, 1);
        day = Date::parse(last_day).value_or(Date{});
      }
      row.date = day;
      row.goal_id = trials.int64(i, 2);
      row.attempts = static_cast<int>(trials.int64(i, 3));
      row.successes = static_cast<int>(trials.int64(i, 4));
      row.criteria = read_criteria(trials, i, 5);
      rows.trials.push_back(row);
    }
    return rows;
  }

  // Bumps the version of a row changed as a side effect of a cascade and logs it as an update.
  void log_side_update(Entity entity, Id id) {
    Params params = org_params();
    params.add(static_cast<std::int64_t>(id));
    storage_.exec(
        std::string("UPDATE ") + table_of(entity) + " SET version = version + 1 WHERE organization_id = $1 AND id = $2",
        params);
    const json after = load_or_throw(entity, id);
    log_change(entity, id, "update", after.at("version").get<std::int64_t>(), after.dump());
  }

  void remove(Entity entity, Id id, std::optional<std::int64_t> expected, bool cascade) {
    lock(entity, id);
    const json before = load_or_throw(entity, id);
    if (entity == Entity::Note && !before.at("deletedAt").is_null()) {
      throw NotFound("Note " + std::to_string(id) + " was already deleted");
    }
    const std::int64_t version = before.at("version").get<std::int64_t>();
    check_version(entity, version, expected);
    switch (entity) {
      case Entity::Owner: {
        const std::vector<Id> dogs = ids("SELECT id FROM dogs WHERE owner_id = $1 ORDER BY id", id);
        if (!dogs.empty() && !cascade) {
          throw Conflict("the owner still has " + std::to_string(dogs.size()) +
                         " dogs; delete them first or delete with cascade");
        }
        for (Id dog : dogs) remove_dog(dog, load_or_throw(Entity::Dog, dog), true);
        delete_row(entity, id, before);
        break;
      }
      case Entity::PetType: {
        const std::int64_t dogs = count("SELECT count(*) FROM dogs WHERE type_id = $1", id);
        if (dogs > 0) {
          throw Conflict("the pet type is used by " + std::to_string(dogs) + " dogs; it cannot be deleted");
        }
        delete_row(entity, id, before);
        break;
      }
      case Entity::Specialty: {
        const std::vector<Id> trainers =
            ids("SELECT trainer_id FROM trainer_specialties WHERE specialty_id = $1 ORDER BY trainer_id", id);
        if (!trainers.empty() && !cascade) {
          throw Conflict("the specialty is used by " + std::to_string(trainers.size()) +
                         " trainers; remove it from them first or delete with cascade");
        }
        Params unlink;
        unlink.add(static_cast<std::int64_t>(id));
        storage_.exec("DELETE FROM trainer_specialties WHERE specialty_id = $1", unlink);
        for (Id trainer : trainers) log_side_update(Entity::Trainer, trainer);
        delete_row(entity, id, before);
        break;
      }
      case Entity::Trainer: {
        const std::int64_t sessions = count("SELECT count(*) FROM training_sessions WHERE trainer_id = $1", id);
        if (sessions > 0) {
          throw Conflict("the trainer logged " + std::to_string(sessions) +
                         " training sessions, which keep their trainer; it cannot be deleted");
        }
        const std::vector<Id> visits = ids("SELECT id FROM visits WHERE trainer_id = $1 ORDER BY id", id);
        if (!visits.empty() && !cascade) {
          throw Conflict("the trainer has " + std::to_string(visits.size()) +
                         " visits; delete with cascade to keep the visits without a trainer");
        }
        Params detach;
        detach.add(static_cast<std::int64_t>(id));
        storage_.exec("UPDATE visits SET trainer_id = NULL WHERE trainer_id = $1", detach);
        for (Id visit : visits) log_side_update(Entity::Visit, visit);
        delete_row(entity, id, before);
        break;
      }
      case Entity::Dog: remove_dog(id, before, cascade); break;
      case Entity::Skill: {
        const std::int64_t goals = count("SELECT count(*) FROM goals WHERE skill_id = $1", id);
        if (goals > 0) throw Conflict("the skill is used by " + std::to_string(goals) + " goals; it cannot be deleted");
        delete_row(entity, id, before);
        break;
      }
      case Entity::Goal: remove_goal(id, before, cascade); break;
      case Entity::TrainingSession: remove_session(id, before); break;
      case Entity::Note: {
        // Soft delete: the note stays readable by id (history, undo) but leaves lists and searches.
        Params params = org_params();
        params.add(static_cast<std::int64_t>(id));
        params.add(now_);
        storage_.exec("UPDATE notes SET deleted_at = $3, version = version + 1 WHERE organization_id = $1 AND id = $2",
                      params);
        log_change(entity, id, "delete", version + 1, before.dump());
        break;
      }
      default: delete_row(entity, id, before); break;
    }
  }

  // ------------------------------------------------------------ list

  Page<json> list(Entity entity, const ListRequest& request) {
    check_page(request.page);
    const std::string order = order_by(request.page.sort, sort_keys_of(entity), "x.id ASC");
    const std::string where =
        std::string(" WHERE x.organization_id = $1") + (entity == Entity::Note ? " AND x.deleted_at IS NULL" : "");
    Page<json> page;
    page.page = request.page.page;
    page.size = request.page.size;
    page.total =
        storage_.exec(std::string("SELECT count(*) FROM ") + table_of(entity) + " x" + where, org_params()).int64(0, 0);
    Params params = org_params();
    params.add(static_cast<std::int64_t>(request.page.size));
    params.add(static_cast<std::int64_t>(request.page.page) * request.page.size);
    page.items = select(entity, where + " ORDER BY " + order + " LIMIT $2 OFFSET $3", std::move(params));
    return page;
  }

 private:
  inline static const std::string empty_;
  inline static const std::string kUnknown = "unknown";
  inline static const std::string kActive = "active";
  inline static const std::string kGeneral = "general";
  inline static const std::string kInternal = "internal";

  PostgresStorage& storage_;
  Id org_;
  Id actor_;
  Date today_;
  Timestamp now_ts_;
  std::string now_;
  std::optional<Id> default_type_;
  std::unordered_map<Id, bool> dog_exists_;
};

void prefix_item_errors(const ValidationError& error, std::size_t index) {
  std::vector<FieldError> errors = error.errors();
  for (FieldError& field : errors) {
    field.field = "[" + std::to_string(index) + "]" + (field.field.empty() ? "" : "." + field.field);
  }
  throw ValidationError(std::move(errors));
}

}  // namespace

json PostgresStorage::create(const Scope& scope, Entity entity, const json& record, const WriteOptions& options) {
  reject_accounts(entity);
  if (options.client_key) check_client_key(*options.client_key);
  return translate_pg_errors(*this, "could not save the record", [&] {
    WriteTransaction transaction(*this);
    Records records(*this, scope);
    if (options.client_key) {
      // Claims the key first: of concurrent creates with one key (other processes too), one inserts it and
      // the others wait for that transaction, then find the key taken and return its first result.
      Params claim;
      claim.add(static_cast<std::int64_t>(scope.organization_id));
      claim.add(*options.client_key);
      claim.add(std::string(entity_name(entity)));
      const Result claimed = exec(
          "INSERT INTO client_keys (organization_id, client_key, entity, entity_id) VALUES ($1, $2, $3, 0)"
          " ON CONFLICT DO NOTHING RETURNING 1",
          claim);
      if (claimed.empty()) {
        Params lookup;
        lookup.add(static_cast<std::int64_t>(scope.organization_id));
        lookup.add(*options.client_key);
        const Result first =
            exec("SELECT entity, entity_id FROM client_keys WHERE organization_id = $1 AND client_key = $2", lookup);
        if (first.empty()) throw Conflict("the client key is being used by another request; try again");
        const std::string used_for = first.text(0, 0);
        if (used_for != entity_name(entity)) {
          throw Conflict("the client key was already used to create a " +
                         std::string(noun(*entity_from_name(used_for))));
        }
        return records.load_or_throw(entity, first.int64(0, 1));  // a replay: the first result, nothing written
      }
    }
    json out = records.create(entity, record);
    if (options.client_key) {
      Params remember;
      remember.add(static_cast<std::int64_t>(scope.organization_id));
      remember.add(*options.client_key);
      remember.add(static_cast<std::int64_t>(out.at("id").get<Id>()));
      exec("UPDATE client_keys SET entity_id = $3 WHERE organization_id = $1 AND client_key = $2", remember);
    }
    transaction.commit();
    return out;
  });
}

std::vector<json> PostgresStorage::create_many(const Scope& scope, Entity entity, const std::vector<json>& records) {
  reject_accounts(entity);
  return translate_pg_errors(*this, "could not save the records", [&] {
    WriteTransaction transaction(*this);
    Records writer(*this, scope);
    if (entity == Entity::Note) {
      std::vector<json> out = writer.create_notes(records, &prefix_item_errors);
      transaction.commit();
      return out;
    }
    std::vector<json> out;
    out.reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      try {
        out.push_back(writer.create(entity, records[i]));
      } catch (const ValidationError& error) {
        prefix_item_errors(error, i);
      }
    }
    transaction.commit();
    return out;
  });
}

json PostgresStorage::get(const Scope& scope, Entity entity, Id id) {
  reject_accounts(entity);
  return translate_pg_errors(*this, "could not read the record",
                             [&] { return Records(*this, scope).load_or_throw(entity, id); });
}

json PostgresStorage::update(const Scope& scope, Entity entity, Id id, const json& record,
                             std::optional<std::int64_t> expected_version) {
  reject_accounts(entity);
  return translate_pg_errors(*this, "could not save the record", [&] {
    WriteTransaction transaction(*this);
    json out = Records(*this, scope).update(entity, id, record, expected_version);
    transaction.commit();
    return out;
  });
}

void PostgresStorage::remove(const Scope& scope, Entity entity, Id id, std::optional<std::int64_t> expected_version,
                             bool cascade) {
  reject_accounts(entity);
  translate_pg_errors(*this, "could not delete the record", [&] {
    WriteTransaction transaction(*this);
    Records(*this, scope).remove(entity, id, expected_version, cascade);
    transaction.commit();
  });
}

Page<json> PostgresStorage::list(const Scope& scope, Entity entity, const ListRequest& request) {
  reject_accounts(entity);
  return translate_pg_errors(*this, "could not list the records",
                             [&] { return Records(*this, scope).list(entity, request); });
}

Page<ChangeRecord> PostgresStorage::history(const Scope& scope, const HistoryRequest& request) {
  check_page(request.page);
  const std::string order = order_by(request.page.sort, {{"seq", "x.seq"}, {"at", "x.at"}}, "x.seq DESC");
  return translate_pg_errors(*this, "could not read the history", [&] {
    Page<ChangeRecord> page;
    page.page = request.page.page;
    page.size = request.page.size;
    const std::string where = " WHERE x.organization_id = $1 AND x.entity = $2 AND x.entity_id = $3";
    Params params;
    params.add(static_cast<std::int64_t>(scope.organization_id));
    params.add(std::string(entity_name(request.entity)));
    params.add(static_cast<std::int64_t>(request.id));
    page.total = exec("SELECT count(*) FROM changes x" + where, params).int64(0, 0);
    // order_by appends "x.id" as a tie-breaker; changes have no id column, seq is unique anyway.
    std::string sorted = order;
    const auto tie = sorted.find(", x.id");
    if (tie != std::string::npos) sorted.erase(tie);
    params.add(static_cast<std::int64_t>(request.page.size));
    params.add(static_cast<std::int64_t>(request.page.page) * request.page.size);
    const Result rows =
        exec("SELECT x.seq, x.entity, x.entity_id, x.operation, x.actor_id, x.at, x.version, x.data FROM changes x" +
                 where + " ORDER BY " + sorted + " LIMIT $4 OFFSET $5",
             params);
    for (int i = 0; i < rows.rows(); ++i) page.items.push_back(read_change(rows, i));
    return page;
  });
}

std::vector<ChangeRecord> PostgresStorage::changes_since(const Scope& scope, std::int64_t after_seq, int limit) {
  if (limit < 1 || limit > 1000) {
    throw ValidationError({{"limit", "out_of_range", "must be between 1 and 1000"}});
  }
  return translate_pg_errors(*this, "could not read the changes", [&] {
    Params params;
    params.add(static_cast<std::int64_t>(scope.organization_id));
    params.add(after_seq);
    params.add(static_cast<std::int64_t>(limit));
    const Result rows = exec(
        "SELECT seq, entity, entity_id, operation, actor_id, at, version, data FROM changes"
        " WHERE organization_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        params);
    std::vector<ChangeRecord> out;
    for (int i = 0; i < rows.rows(); ++i) out.push_back(read_change(rows, i));
    return out;
  });
}

ProgressRows PostgresStorage::progress_rows(const Scope& scope, Id dog_id) {
  return translate_pg_errors(*this, "could not read the progress",
                             [&] { return Records(*this, scope).progress_rows(dog_id); });
}

std::vector<NoteRevision> PostgresStorage::note_revisions(const Scope& scope, Id note_id) {
  return translate_pg_errors(*this, "could not read the note's revisions", [&] {
    Records(*this, scope).load_or_throw(Entity::Note, note_id);  // NotFound for other organizations
    Params params;
    params.add(static_cast<std::int64_t>(note_id));
    const Result rows = exec(
        "SELECT note_id, revision, body, category, tags, visibility, edited_by, edited_at FROM note_revisions"
        " WHERE note_id = $1 ORDER BY revision",
        params);
    std::vector<NoteRevision> out;
    for (int i = 0; i < rows.rows(); ++i) {
      NoteRevision revision;
      revision.note_id = rows.int64(i, 0);
      revision.revision = static_cast<int>(rows.int64(i, 1));
      revision.body = rows.text(i, 2);
      revision.category = rows.text(i, 3);
      revision.tags = split_tags(rows.text(i, 4));
      revision.visibility = rows.text(i, 5);
      revision.edited_by = rows.int64(i, 6);
      revision.edited_at = timestamp_of(rows, i, 7);
      out.push_back(std::move(revision));
    }
    return out;
  });
}

}  // namespace pawnotes::postgres_detail

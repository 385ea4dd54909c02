// Record writes of the SQLite engine: create / get / update / remove / list for every entity except
// Organization and User, with tenancy, uniqueness, references, versions, delete rules, client keys and
// the change log. Records leave as canonical JSON built by the model's to_json (one place for JSON).
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pawnotes/json_text.hpp"
#include "pawnotes/text.hpp"
#include "sqlite/sqlite_storage.hpp"

namespace pawnotes::sqlite_detail {
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

void bind_text(SQLite::Statement& query, int index, const json& record, const char* key) {
  const json* value = member(record, key);
  if (value != nullptr && value->is_string()) {
    query.bindNoCopy(index, value->get_ref<const std::string&>());
  } else {
    query.bind(index);
  }
}

void bind_fold(SQLite::Statement& query, int index, const json& record, const char* key) {
  const json* value = member(record, key);
  if (value != nullptr && value->is_string()) {
    query.bind(index, text::fold(value->get_ref<const std::string&>()));
  } else {
    query.bind(index);
  }
}

void bind_integer(SQLite::Statement& query, int index, const json& record, const char* key) {
  const json* value = member(record, key);
  if (value != nullptr && value->is_number()) {
    query.bind(index, value->get<std::int64_t>());
  } else {
    query.bind(index);
  }
}

void bind_real(SQLite::Statement& query, int index, const json& record, const char* key) {
  const json* value = member(record, key);
  if (value != nullptr && value->is_number()) {
    query.bind(index, value->get<double>());
  } else {
    query.bind(index);
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

// ---------------------------------------------------------------- reading rows

std::optional<std::string> optional_text(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getString();
}

Date date_of(const SQLite::Column& column) { return Date::parse(column.getString()).value_or(Date{}); }

Timestamp timestamp_of(const SQLite::Column& column) {
  return Timestamp::parse(column.getString()).value_or(Timestamp{});
}

std::optional<int> age_in_years(const std::optional<Date>& birth, Date today) {
  if (!birth) return std::nullopt;
  int years = today.year - birth->year;
  if (today.month < birth->month || (today.month == birth->month && today.day < birth->day)) --years;
  return std::max(0, years);
}

Owner read_owner(const SQLite::Statement& row) {
  Owner owner;
  owner.id = row.getColumn(0).getInt64();
  owner.first_name = row.getColumn(1).getString();
  owner.last_name = row.getColumn(2).getString();
  owner.address = row.getColumn(3).getString();
  owner.city = row.getColumn(4).getString();
  owner.telephone = row.getColumn(5).getString();
  owner.email = optional_text(row.getColumn(6));
  owner.version = row.getColumn(7).getInt64();
  return owner;
}

Dog read_dog(const SQLite::Statement& row, Date today) {
  Dog dog;
  dog.id = row.getColumn(0).getInt64();
  dog.owner_id = row.getColumn(1).getInt64();
  dog.type_id = row.getColumn(2).getInt64();
  dog.type_name = row.getColumn(3).getString();
  dog.name = row.getColumn(4).getString();
  if (!row.isColumnNull(5)) dog.birth_date = Date::parse(row.getColumn(5).getString());
  dog.breed = optional_text(row.getColumn(6));
  dog.sex = row.getColumn(7).getString();
  if (!row.isColumnNull(8)) dog.weight_kg = row.getColumn(8).getDouble();
  dog.microchip = optional_text(row.getColumn(9));
  dog.status = row.getColumn(10).getString();
  dog.version = row.getColumn(11).getInt64();
  dog.age_years = age_in_years(dog.birth_date, today);
  return dog;
}

template <class T>
T read_named(const SQLite::Statement& row) {  // PetType and Specialty
  T named;
  named.id = row.getColumn(0).getInt64();
  named.name = row.getColumn(1).getString();
  named.version = row.getColumn(2).getInt64();
  return named;
}

Trainer read_trainer(const SQLite::Statement& row) {
  Trainer trainer;
  trainer.id = row.getColumn(0).getInt64();
  trainer.first_name = row.getColumn(1).getString();
  trainer.last_name = row.getColumn(2).getString();
  trainer.email = optional_text(row.getColumn(3));
  trainer.version = row.getColumn(4).getInt64();
  return trainer;
}

Visit read_visit(const SQLite::Statement& row) {
  Visit visit;
  visit.id = row.getColumn(0).getInt64();
  visit.dog_id = row.getColumn(1).getInt64();
  if (!row.isColumnNull(2)) visit.trainer_id = row.getColumn(2).getInt64();
  visit.date = date_of(row.getColumn(3));
  visit.description = row.getColumn(4).getString();
  if (!row.isColumnNull(5)) visit.duration_minutes = row.getColumn(5).getInt();
  visit.version = row.getColumn(6).getInt64();
  return visit;
}

Note read_note(const SQLite::Statement& row) {
  Note note;
  note.id = row.getColumn(0).getInt64();
  note.dog_id = row.getColumn(1).getInt64();
  note.author_id = row.getColumn(2).getInt64();
  note.body = row.getColumn(3).getString();
  note.category = row.getColumn(4).getString();
  note.tags = split_tags(row.getColumn(5).getString());
  note.visibility = row.getColumn(6).getString();
  note.created_at = timestamp_of(row.getColumn(7));
  note.updated_at = timestamp_of(row.getColumn(8));
  note.revision = row.getColumn(9).getInt();
  if (!row.isColumnNull(10)) note.deleted_at = timestamp_of(row.getColumn(10));
  note.version = row.getColumn(11).getInt64();
  return note;
}

CareFlag read_care_flag(const SQLite::Statement& row) {
  CareFlag flag;
  flag.id = row.getColumn(0).getInt64();
  flag.dog_id = row.getColumn(1).getInt64();
  flag.kind = row.getColumn(2).getString();
  flag.severity = row.getColumn(3).getString();
  flag.text = row.getColumn(4).getString();
  flag.active = row.getColumn(5).getInt() != 0;
  flag.created_at = timestamp_of(row.getColumn(6));
  flag.version = row.getColumn(7).getInt64();
  return flag;
}

Vaccination read_vaccination(const SQLite::Statement& row, Date today) {
  Vaccination vaccination;
  vaccination.id = row.getColumn(0).getInt64();
  vaccination.dog_id = row.getColumn(1).getInt64();
  vaccination.name = row.getColumn(2).getString();
  vaccination.given_on = date_of(row.getColumn(3));
  vaccination.expires_on = date_of(row.getColumn(4));
  vaccination.version = row.getColumn(5).getInt64();
  const auto days_left = static_cast<int>(vaccination.expires_on.days_since_epoch() - today.days_since_epoch());
  vaccination.days_left = days_left;
  vaccination.status = days_left < 0 ? "expired" : days_left <= 30 ? "due" : "ok";
  return vaccination;
}

std::optional<double> optional_real(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getDouble();
}

std::optional<int> optional_int(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt();
}

Criteria read_criteria(const SQLite::Statement& row, int first) {
  Criteria criteria;
  criteria.distance_metres = optional_real(row.getColumn(first));
  criteria.duration_seconds = optional_int(row.getColumn(first + 1));
  criteria.distraction_level = optional_int(row.getColumn(first + 2));
  return criteria;
}

Skill read_skill(const SQLite::Statement& row) {
  Skill skill;
  skill.id = row.getColumn(0).getInt64();
  skill.name = row.getColumn(1).getString();
  skill.description = optional_text(row.getColumn(2));
  skill.version = row.getColumn(3).getInt64();
  return skill;
}

Goal read_goal(const SQLite::Statement& row) {
  Goal goal;
  goal.id = row.getColumn(0).getInt64();
  goal.dog_id = row.getColumn(1).getInt64();
  goal.skill_id = row.getColumn(2).getInt64();
  if (row.getColumn(3).getInt() != 0) goal.baseline = read_criteria(row, 4);
  goal.target = read_criteria(row, 7);
  goal.status = row.getColumn(10).getString();
  goal.start_date = date_of(row.getColumn(11));
  if (!row.isColumnNull(12)) goal.target_date = Date::parse(row.getColumn(12).getString());
  goal.version = row.getColumn(13).getInt64();
  return goal;
}

TrainingSession read_training_session(const SQLite::Statement& row) {
  TrainingSession session;
  session.id = row.getColumn(0).getInt64();
  session.dog_id = row.getColumn(1).getInt64();
  session.trainer_id = row.getColumn(2).getInt64();
  session.date = date_of(row.getColumn(3));
  session.note = optional_text(row.getColumn(4));
  session.version = row.getColumn(5).getInt64();
  return session;
}

Homework read_homework(const SQLite::Statement& row) {
  Homework homework;
  homework.id = row.getColumn(0).getInt64();
  homework.goal_id = row.getColumn(1).getInt64();
  homework.dog_id = row.getColumn(2).getInt64();
  homework.exercise = row.getColumn(3).getString();
  homework.assigned_on = date_of(row.getColumn(4));
  homework.due_date = date_of(row.getColumn(5));
  homework.done = row.getColumn(6).getInt() != 0;
  homework.owner_comment = optional_text(row.getColumn(7));
  if (!row.isColumnNull(8)) homework.done_at = timestamp_of(row.getColumn(8));
  homework.version = row.getColumn(9).getInt64();
  return homework;
}

ChangeRecord read_change(const SQLite::Statement& row) {
  ChangeRecord change;
  change.seq = row.getColumn(0).getInt64();
  change.entity = entity_from_name(row.getColumn(1).getString()).value_or(Entity::Owner);
  change.entity_id = row.getColumn(2).getInt64();
  change.operation = row.getColumn(3).getString();
  change.actor_id = row.getColumn(4).getInt64();
  change.at = timestamp_of(row.getColumn(5));
  change.version = row.getColumn(6).getInt64();
  change.data = json::parse(row.getColumn(7).getString());
  return change;
}

std::string id_array(const std::vector<Id>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + "]";
}

void check_page(const PageRequest& page) {
  std::vector<FieldError> errors;
  if (page.page < 0) errors.push_back({"page", "out_of_range", "must be 0 or more"});
  if (page.size < 1 || page.size > 1000) errors.push_back({"size", "out_of_range", "must be between 1 and 1000"});
  if (!errors.empty()) throw ValidationError(std::move(errors));
}

// "lastName" / "-lastName" -> "x.last_name_fold ASC" (the key must be one of `keys`).
std::string order_by(const std::string& sort, const std::vector<SortKey>& keys, const std::string& fallback) {
  if (sort.empty()) return fallback;
  const bool descending = sort[0] == '-';
  const std::string key = descending ? sort.substr(1) : sort;
  for (const SortKey& candidate : keys) {
    if (key == candidate.key) {
      const char* direction = descending ? " DESC" : " ASC";
      return std::string(candidate.column) + direction + ", x.id" + direction;
    }
  }
  std::string allowed;
  for (const SortKey& candidate : keys) allowed += (allowed.empty() ? "" : ", ") + std::string(candidate.key);
  throw ValidationError({{"sort", "invalid_sort", "cannot sort by \"" + key + "\"; use one of: " + allowed}});
}

// ---------------------------------------------------------------- one call's work, inside a transaction

class Records {
 public:
  Records(SqliteStorage& storage, const Scope& scope)
      : storage_(storage),
        org_(scope.organization_id),
        actor_(scope.actor_id),
        today_(storage.clock().today()),
        now_ts_(storage.clock().now()),
        now_(now_ts_.to_string()) {}

  // Runs `select_of(entity)` + `where` with ?1 = organization; `bind` binds the rest.
  template <class Bind>
  std::vector<json> select(Entity entity, const std::string& where, Bind&& bind) {
    SQLite::Statement& query = storage_.statement(std::string(select_of(entity)) + where);
    query.bind(1, org_);
    bind(query);
    return read_rows(entity, query);
  }

  std::optional<json> load(Entity entity, Id id) {
    auto rows =
        select(entity, " WHERE x.organization_id = ?1 AND x.id = ?2", [&](SQLite::Statement& q) { q.bind(2, id); });
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }

  json load_or_throw(Entity entity, Id id) {
    auto found = load(entity, id);
    if (!found) throw NotFound(capitalized(noun(entity)) + " " + std::to_string(id) + " was not found");
    return std::move(*found);
  }

  std::vector<json> read_rows(Entity entity, SQLite::Statement& query) {
    std::vector<json> out;
    switch (entity) {
      case Entity::Owner: {
        std::vector<Owner> owners;
        while (query.executeStep()) owners.push_back(read_owner(query));
        attach_dogs(owners);
        for (const Owner& owner : owners) out.emplace_back(owner);
        break;
      }
      case Entity::Trainer: {
        std::vector<Trainer> trainers;
        while (query.executeStep()) trainers.push_back(read_trainer(query));
        attach_specialties(trainers);
        for (const Trainer& trainer : trainers) out.emplace_back(trainer);
        break;
      }
      case Entity::PetType:
        while (query.executeStep()) out.emplace_back(read_named<PetType>(query));
        break;
      case Entity::Specialty:
        while (query.executeStep()) out.emplace_back(read_named<Specialty>(query));
        break;
      case Entity::Dog:
        while (query.executeStep()) out.emplace_back(read_dog(query, today_));
        break;
      case Entity::Visit:
        while (query.executeStep()) out.emplace_back(read_visit(query));
        break;
      case Entity::Note:
        while (query.executeStep()) out.emplace_back(read_note(query));
        break;
      case Entity::CareFlag:
        while (query.executeStep()) out.emplace_back(read_care_flag(query));
        break;
      case Entity::Vaccination:
        while (query.executeStep()) out.emplace_back(read_vaccination(query, today_));
        break;
      case Entity::Skill:
        while (query.executeStep()) out.emplace_back(read_skill(query));
        break;
      case Entity::Goal:
        while (query.executeStep()) out.emplace_back(read_goal(query));
        break;
      case Entity::TrainingSession: {
        std::vector<TrainingSession> sessions;
        while (query.executeStep()) sessions.push_back(read_training_session(query));
        attach_trials(sessions);
        for (const TrainingSession& session : sessions) out.emplace_back(session);
        break;
      }
      case Entity::Homework:
        while (query.executeStep()) out.emplace_back(read_homework(query));
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
    SQLite::Statement& query = storage_.statement(
        "SELECT session_id, goal_id, attempts, successes, distance_metres, duration_seconds, distraction_level"
        " FROM session_trials WHERE session_id IN (SELECT value FROM json_each(?1)) ORDER BY session_id, position");
    query.bind(1, id_array(ids));
    while (query.executeStep()) {
      Trial trial;
      trial.goal_id = query.getColumn(1).getInt64();
      trial.attempts = query.getColumn(2).getInt();
      trial.successes = query.getColumn(3).getInt();
      trial.criteria = read_criteria(query, 4);
      by_id[query.getColumn(0).getInt64()]->trials.push_back(trial);
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
    SQLite::Statement& query = storage_.statement(std::string(select_of(Entity::Dog)) +
                                                  " WHERE x.owner_id IN (SELECT value FROM json_each(?1))"
                                                  " ORDER BY x.owner_id, x.name_fold, x.id");
    query.bind(1, id_array(ids));
    while (query.executeStep()) {
      Dog dog = read_dog(query, today_);
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
    SQLite::Statement& query = storage_.statement(
        "SELECT ts.trainer_id, s.id, s.name, s.version FROM trainer_specialties ts"
        " JOIN specialties s ON s.id = ts.specialty_id"
        " WHERE ts.trainer_id IN (SELECT value FROM json_each(?1)) ORDER BY s.name_fold, s.id");
    query.bind(1, id_array(ids));
    while (query.executeStep()) {
      Specialty specialty;
      specialty.id = query.getColumn(1).getInt64();
      specialty.name = query.getColumn(2).getString();
      specialty.version = query.getColumn(3).getInt64();
      by_id[query.getColumn(0).getInt64()]->specialties.push_back(std::move(specialty));
    }
  }

  // The statements of the bulk path, looked up once per call rather than once per record. Every
  // parameter is bound on each use, so a reset is enough.
  SQLite::Statement& hot(SQLite::Statement*& slot, const char* sql) {
    if (slot == nullptr) {
      slot = &storage_.statement(sql);
    } else {
      slot->tryReset();
    }
    return *slot;
  }

  // ------------------------------------------------------------ checks

  bool exists(Entity entity, Id id) {
    if (entity == Entity::Dog) {  // memoized: a batch of notes usually names few dogs
      const auto known = dog_exists_.find(id);
      if (known != dog_exists_.end()) return known->second;
    }
    SQLite::Statement& query = storage_.statement(std::string("SELECT 1 FROM ") + table_of(entity) +
                                                  " WHERE id = ?1 AND organization_id = ?2");
    query.bind(1, id);
    query.bind(2, org_);
    const bool found = query.executeStep();
    query.tryReset();
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
    SQLite::Statement& query = storage_.statement(std::string("SELECT 1 FROM ") + table + " WHERE " + scope_column +
                                                  " = ?1 AND " + column + " = ?2 AND id <> ?3 LIMIT 1");
    query.bind(1, scope_id);
    query.bindNoCopy(2, value);
    query.bind(3, self);
    const bool found = query.executeStep();
    query.tryReset();
    return found;
  }

  // References and uniqueness: all problems at once, as field errors.
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
            count("SELECT (SELECT count(*) FROM session_trials WHERE goal_id = ?1) +"
                  " (SELECT count(*) FROM homework WHERE goal_id = ?1)",
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
    SQLite::Statement& query = storage_.statement("SELECT dog_id FROM goals WHERE id = ?1 AND organization_id = ?2");
    query.bind(1, goal);
    query.bind(2, org_);
    std::optional<Id> dog;
    if (query.executeStep()) dog = query.getColumn(0).getInt64();
    query.tryReset();
    return dog;
  }

  std::int64_t count(const std::string& sql, Id id) {
    SQLite::Statement& query = storage_.statement(sql);
    query.bind(1, id);
    query.executeStep();
    const std::int64_t n = query.getColumn(0).getInt64();
    query.tryReset();
    return n;
  }

  std::vector<Id> ids(const std::string& sql, Id id) {
    SQLite::Statement& query = storage_.statement(sql);
    query.bind(1, id);
    std::vector<Id> out;
    while (query.executeStep()) out.push_back(query.getColumn(0).getInt64());
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
    SQLite::Statement& insert =
        hot(insert_change_,
            "INSERT INTO changes (organization_id, entity, entity_id, operation, actor_id, at, version, data)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    insert.bind(1, org_);
    insert.bindNoCopy(2, entity_name(entity).data());
    insert.bind(3, id);
    insert.bindNoCopy(4, operation);
    insert.bind(5, actor_);
    insert.bindNoCopy(6, now_);
    insert.bind(7, version);
    insert.bindNoCopy(8, data);
    insert.exec();
  }

  // ------------------------------------------------------------ create

  Id default_pet_type() {
    if (default_type_) return *default_type_;
    SQLite::Statement& query =
        storage_.statement("SELECT id FROM pet_types WHERE organization_id = ?1 AND name_fold = 'dog'");
    query.bind(1, org_);
    if (query.executeStep()) {
      default_type_ = query.getColumn(0).getInt64();
      query.tryReset();
      return *default_type_;
    }
    SQLite::Statement& insert =
        storage_.statement("INSERT INTO pet_types (organization_id, name, name_fold) VALUES (?1, 'Dog', 'dog')");
    insert.bind(1, org_);
    insert.exec();
    const Id id = storage_.db().getLastInsertRowid();
    log_change(Entity::PetType, id, "create", 1, load_or_throw(Entity::PetType, id).dump());
    default_type_ = id;
    return id;
  }

  void write_specialties(Id trainer, const json& record) {
    SQLite::Statement& clear = storage_.statement("DELETE FROM trainer_specialties WHERE trainer_id = ?1");
    clear.bind(1, trainer);
    clear.exec();
    const json* ids = member(record, "specialtyIds");
    if (ids == nullptr || !ids->is_array()) return;
    for (const json& id : *ids) {
      SQLite::Statement& link =
          storage_.statement("INSERT OR IGNORE INTO trainer_specialties (trainer_id, specialty_id) VALUES (?1, ?2)");
      link.bind(1, trainer);
      link.bind(2, id.get<Id>());
      link.exec();
    }
  }

  void write_tags(Id note, const std::vector<std::string>& tags) {
    for (const std::string& tag : tags) {
      SQLite::Statement& insert = hot(insert_tag_, "INSERT OR IGNORE INTO note_tags (note_id, tag) VALUES (?1, ?2)");
      insert.bind(1, note);
      insert.bindNoCopy(2, tag);
      insert.exec();
    }
  }

  // Binds the editable columns shared by INSERT and UPDATE (parameters ?2.. in the order of the SQL below).
  void bind_columns(Entity entity, SQLite::Statement& query, const json& record) {
    switch (entity) {
      case Entity::Owner:
        bind_text(query, 2, record, "firstName");
        bind_text(query, 3, record, "lastName");
        bind_fold(query, 4, record, "lastName");
        bind_text(query, 5, record, "address");
        bind_text(query, 6, record, "city");
        bind_text(query, 7, record, "telephone");
        bind_text(query, 8, record, "email");
        break;
      case Entity::PetType:
      case Entity::Specialty:
        bind_text(query, 2, record, "name");
        bind_fold(query, 3, record, "name");
        break;
      case Entity::Dog: {
        bind_integer(query, 2, record, "ownerId");
        const std::optional<Id> type = id_of(record, "typeId");
        query.bind(3, type ? *type : default_pet_type());
        bind_text(query, 4, record, "name");
        bind_fold(query, 5, record, "name");
        bind_text(query, 6, record, "birthDate");
        bind_text(query, 7, record, "breed");
        bind_fold(query, 8, record, "breed");
        query.bindNoCopy(9, text_or(record, "sex", kUnknown));
        bind_real(query, 10, record, "weightKg");
        bind_text(query, 11, record, "microchip");
        query.bindNoCopy(12, text_or(record, "status", kActive));
        break;
      }
      case Entity::Trainer:
        bind_text(query, 2, record, "firstName");
        bind_text(query, 3, record, "lastName");
        bind_fold(query, 4, record, "lastName");
        bind_text(query, 5, record, "email");
        break;
      case Entity::Visit: {
        bind_integer(query, 2, record, "dogId");
        bind_integer(query, 3, record, "trainerId");
        const json* date = member(record, "date");
        if (date != nullptr && date->is_string()) {
          query.bindNoCopy(4, date->get_ref<const std::string&>());
        } else {
          query.bind(4, today_.to_string());  // a visit without a date happens today
        }
        bind_text(query, 5, record, "description");
        bind_integer(query, 6, record, "durationMinutes");
        break;
      }
      case Entity::CareFlag: {
        bind_integer(query, 2, record, "dogId");
        bind_text(query, 3, record, "kind");
        bind_text(query, 4, record, "severity");
        bind_text(query, 5, record, "text");
        const json* active = member(record, "active");
        query.bind(6, active == nullptr || !active->is_boolean() || active->get<bool>() ? 1 : 0);
        break;
      }
      case Entity::Vaccination:
        bind_integer(query, 2, record, "dogId");
        bind_text(query, 3, record, "name");
        bind_text(query, 4, record, "givenOn");
        bind_text(query, 5, record, "expiresOn");
        break;
      case Entity::Skill:
        bind_text(query, 2, record, "name");
        bind_fold(query, 3, record, "name");
        bind_text(query, 4, record, "description");
        break;
      case Entity::Goal: {
        bind_integer(query, 2, record, "dogId");
        bind_integer(query, 3, record, "skillId");
        const json* baseline = member(record, "baseline");
        query.bind(4, baseline != nullptr && baseline->is_object() ? 1 : 0);
        bind_criteria(query, 5, baseline);
        bind_criteria(query, 8, member(record, "target"));
        query.bindNoCopy(11, text_or(record, "status", kActive));
        bind_date_or_today(query, 12, record, "startDate");
        bind_text(query, 13, record, "targetDate");
        break;
      }
      case Entity::TrainingSession:
        bind_integer(query, 2, record, "dogId");
        bind_integer(query, 3, record, "trainerId");
        bind_date_or_today(query, 4, record, "date");
        bind_text(query, 5, record, "note");
        break;
      case Entity::Homework: {
        bind_integer(query, 2, record, "goalId");
        query.bind(3, goal_dog(id_of(record, "goalId").value_or(0)).value_or(0));
        bind_text(query, 4, record, "exercise");
        bind_date_or_today(query, 5, record, "assignedOn");
        bind_text(query, 6, record, "dueDate");
        const json* done = member(record, "done");
        query.bind(7, done != nullptr && done->is_boolean() && done->get<bool>() ? 1 : 0);
        bind_text(query, 8, record, "ownerComment");
        break;  // ?9 done_at: set by create / update
      }
      default: break;
    }
  }

  void bind_date_or_today(SQLite::Statement& query, int index, const json& record, const char* key) {
    const json* date = member(record, key);
    if (date != nullptr && date->is_string()) {
      query.bindNoCopy(index, date->get_ref<const std::string&>());
    } else {
      query.bind(index, today_.to_string());
    }
  }

  static void bind_criteria(SQLite::Statement& query, int first, const json* criteria) {
    if (criteria == nullptr || !criteria->is_object()) {
      for (int i = 0; i < 3; ++i) query.bind(first + i);
      return;
    }
    bind_real(query, first, *criteria, "distanceMetres");
    bind_integer(query, first + 1, *criteria, "durationSeconds");
    bind_integer(query, first + 2, *criteria, "distractionLevel");
  }

  // The session's trials replace whatever it had (rows keep the session's dog and date for progress).
  void write_trials(Id session, const json& record) {
    SQLite::Statement& clear = storage_.statement("DELETE FROM session_trials WHERE session_id = ?1");
    clear.bind(1, session);
    clear.exec();
    const json* trials = member(record, "trials");
    if (trials == nullptr || !trials->is_array()) return;
    const Id dog = id_of(record, "dogId").value_or(0);
    const json* date = member(record, "date");
    const std::string day = date != nullptr && date->is_string() ? date->get<std::string>() : today_.to_string();
    for (std::size_t i = 0; i < trials->size(); ++i) {
      const json& trial = (*trials)[i];
      SQLite::Statement& insert = storage_.statement(
          "INSERT INTO session_trials (session_id, goal_id, position, organization_id, dog_id, date, attempts,"
          " successes, distance_metres, duration_seconds, distraction_level)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
      insert.bind(1, session);
      bind_integer(insert, 2, trial, "goalId");
      insert.bind(3, static_cast<std::int64_t>(i));
      insert.bind(4, org_);
      insert.bind(5, dog);
      insert.bind(6, day);
      bind_integer(insert, 7, trial, "attempts");
      bind_integer(insert, 8, trial, "successes");
      bind_criteria(insert, 9, &trial);
      insert.exec();
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
               " email) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
      case Entity::PetType: return "INSERT INTO pet_types (organization_id, name, name_fold) VALUES (?1, ?2, ?3)";
      case Entity::Specialty: return "INSERT INTO specialties (organization_id, name, name_fold) VALUES (?1, ?2, ?3)";
      case Entity::Dog:
        return "INSERT INTO dogs (organization_id, owner_id, type_id, name, name_fold, birth_date, breed, breed_fold,"
               " sex, weight_kg, microchip, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
      case Entity::Trainer:
        return "INSERT INTO trainers (organization_id, first_name, last_name, last_name_fold, email)"
               " VALUES (?1, ?2, ?3, ?4, ?5)";
      case Entity::Visit:
        return "INSERT INTO visits (organization_id, dog_id, trainer_id, date, description, duration_minutes)"
               " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
      case Entity::CareFlag:
        return "INSERT INTO care_flags (organization_id, dog_id, kind, severity, text, active, created_at)"
               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
      case Entity::Vaccination:
        return "INSERT INTO vaccinations (organization_id, dog_id, name, given_on, expires_on)"
               " VALUES (?1, ?2, ?3, ?4, ?5)";
      case Entity::Skill:
        return "INSERT INTO skills (organization_id, name, name_fold, description) VALUES (?1, ?2, ?3, ?4)";
      case Entity::Goal:
        return "INSERT INTO goals (organization_id, dog_id, skill_id, has_baseline, baseline_distance_metres,"
               " baseline_duration_seconds, baseline_distraction_level, target_distance_metres, "
               "target_duration_seconds,"
               " target_distraction_level, status, start_date, target_date)"
               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
      case Entity::TrainingSession:
        return "INSERT INTO training_sessions (organization_id, dog_id, trainer_id, date, note)"
               " VALUES (?1, ?2, ?3, ?4, ?5)";
      case Entity::Homework:
        return "INSERT INTO homework (organization_id, goal_id, dog_id, exercise, assigned_on, due_date, done,"
               " owner_comment, done_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
      default: return "";
    }
  }

  static const char* update_sql(Entity entity) {
    switch (entity) {
      case Entity::Owner:
        return "UPDATE owners SET first_name = ?2, last_name = ?3, last_name_fold = ?4, address = ?5, city = ?6,"
               " telephone = ?7, email = ?8, version = version + 1 WHERE organization_id = ?1 AND id = ?20";
      case Entity::PetType:
        return "UPDATE pet_types SET name = ?2, name_fold = ?3, version = version + 1"
               " WHERE organization_id = ?1 AND id = ?20";
      case Entity::Specialty:
        return "UPDATE specialties SET name = ?2, name_fold = ?3, version = version + 1"
               " WHERE organization_id = ?1 AND id = ?20";
      case Entity::Dog:
        return "UPDATE dogs SET owner_id = ?2, type_id = ?3, name = ?4, name_fold = ?5, birth_date = ?6, breed = ?7,"
               " breed_fold = ?8, sex = ?9, weight_kg = ?10, microchip = ?11, status = ?12, version = version + 1"
               " WHERE organization_id = ?1 AND id = ?20";
      case Entity::Trainer:
        return "UPDATE trainers SET first_name = ?2, last_name = ?3, last_name_fold = ?4, email = ?5,"
               " version = version + 1 WHERE organization_id = ?1 AND id = ?20";
      case Entity::Visit:
        return "UPDATE visits SET dog_id = ?2, trainer_id = ?3, date = ?4, description = ?5, duration_minutes = ?6,"
               " version = version + 1 WHERE organization_id = ?1 AND id = ?20";
      case Entity::CareFlag:
        return "UPDATE care_flags SET dog_id = ?2, kind = ?3, severity = ?4, text = ?5, active = ?6,"
               " version = version + 1 WHERE organization_id = ?1 AND id = ?20";
      case Entity::Vaccination:
        return "UPDATE vaccinations SET dog_id = ?2, name = ?3, given_on = ?4, expires_on = ?5,"
               " version = version + 1 WHERE organization_id = ?1 AND id = ?20";
      case Entity::Skill:
        return "UPDATE skills SET name = ?2, name_fold = ?3, description = ?4, version = version + 1"
               " WHERE organization_id = ?1 AND id = ?20";
      case Entity::Goal:
        return "UPDATE goals SET dog_id = ?2, skill_id = ?3, has_baseline = ?4, baseline_distance_metres = ?5,"
               " baseline_duration_seconds = ?6, baseline_distraction_level = ?7, target_distance_metres = ?8,"
               " target_duration_seconds = ?9, target_distraction_level = ?10, status = ?11, start_date = ?12,"
               " target_date = ?13, version = version + 1 WHERE organization_id = ?1 AND id = ?20";
      case Entity::TrainingSession:
        return "UPDATE training_sessions SET dog_id = ?2, trainer_id = ?3, date = ?4, note = ?5, version = version + 1"
               " WHERE organization_id = ?1 AND id = ?20";
      case Entity::Homework:
        return "UPDATE homework SET goal_id = ?2, dog_id = ?3, exercise = ?4, assigned_on = ?5, due_date = ?6,"
               " done = ?7, owner_comment = ?8, done_at = ?9, version = version + 1"
               " WHERE organization_id = ?1 AND id = ?20";
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
    SQLite::Statement& insert =
        hot(insert_note_,
            "INSERT INTO notes (organization_id, dog_id, author_id, body, category, tags, visibility, created_at,"
            " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
    insert.bind(1, org_);
    insert.bind(2, note.dog_id);
    insert.bind(3, note.author_id);
    insert.bindNoCopy(4, note.body);
    insert.bindNoCopy(5, note.category);
    insert.bind(6, join_tags(note.tags));
    insert.bindNoCopy(7, note.visibility);
    insert.bindNoCopy(8, now_);
    insert.exec();
    note.id = storage_.db().getLastInsertRowid();
    write_tags(note.id, note.tags);
    return note;
  }

  json create(Entity entity, const json& record) {
    check(entity, record, 0);
    if (entity == Entity::Note) {
      json out = insert_note(record);
      log_change(entity, out["id"].get<Id>(), "create", 1, out.dump());
      return out;
    }
    SQLite::Statement& insert = storage_.statement(insert_sql(entity));
    insert.bind(1, org_);
    bind_columns(entity, insert, record);
    if (entity == Entity::CareFlag) insert.bindNoCopy(7, now_);
    if (entity == Entity::Homework) {
      const std::optional<std::string> at = done_at(record, nullptr);
      at ? insert.bind(9, *at) : insert.bind(9);
    }
    insert.exec();
    const Id id = storage_.db().getLastInsertRowid();
    if (entity == Entity::Trainer) write_specialties(id, record);
    if (entity == Entity::TrainingSession) write_trials(id, record);
    json out = load_or_throw(entity, id);
    log_change(entity, id, "create", 1, out.dump());
    return out;
  }

  // The bulk-import path of a note (insert_many): the same checks, row, tags and change-log entry as
  // create(), but the change-log text is written straight from the struct (json_text: byte for byte the
  // DOM's dump()) and nothing is returned but the id. `scratch` is reused from note to note.
  Id import_note(const json& record, std::string& scratch) {
    check(Entity::Note, record, 0);
    const Note note = insert_note(record);
    scratch.clear();
    write_json(scratch, note);
    log_change(Entity::Note, note.id, "create", 1, scratch);
    return note.id;
  }

  // ------------------------------------------------------------ update

  json update(Entity entity, Id id, const json& record, std::optional<std::int64_t> expected) {
    const json before = load_or_throw(entity, id);
    check_version(entity, before.at("version").get<std::int64_t>(), expected);
    if (entity == Entity::Note && !before.at("deletedAt").is_null()) {
      throw Conflict("the note was deleted; it can no longer be changed");
    }
    check(entity, record, id);
    if (entity == Entity::Note) {
      update_note(id, record);
    } else {
      SQLite::Statement& change = storage_.statement(update_sql(entity));
      change.bind(1, org_);
      bind_columns(entity, change, record);
      if (entity == Entity::Homework) {
        const std::optional<std::string> at = done_at(record, &before);
        at ? change.bind(9, *at) : change.bind(9);
      }
      change.bind(20, id);
      change.exec();
      if (entity == Entity::Trainer) write_specialties(id, record);
      if (entity == Entity::TrainingSession) write_trials(id, record);
    }
    json out = load_or_throw(entity, id);
    log_change(entity, id, "update", out.at("version").get<std::int64_t>(), out.dump());
    return out;
  }

  void update_note(Id id, const json& record) {
    // The state being replaced becomes a revision, credited to whoever made it and when.
    SQLite::Statement& keep = storage_.statement(
        "INSERT INTO note_revisions (note_id, revision, body, category, tags, visibility, edited_by, edited_at)"
        " SELECT n.id, n.revision, n.body, n.category, n.tags, n.visibility,"
        " COALESCE((SELECT c.actor_id FROM changes c WHERE c.organization_id = n.organization_id"
        " AND c.entity = 'note' AND c.entity_id = n.id ORDER BY c.seq DESC LIMIT 1), n.author_id), n.updated_at"
        " FROM notes n WHERE n.organization_id = ?1 AND n.id = ?2");
    keep.bind(1, org_);
    keep.bind(2, id);
    keep.exec();
    const std::vector<std::string> tags = tags_of(record);
    SQLite::Statement& change = storage_.statement(
        "UPDATE notes SET dog_id = ?2, body = ?3, category = ?4, tags = ?5, visibility = ?6, updated_at = ?7,"
        " revision = revision + 1, version = version + 1 WHERE organization_id = ?1 AND id = ?8");
    change.bind(1, org_);
    bind_integer(change, 2, record, "dogId");
    bind_text(change, 3, record, "body");
    change.bindNoCopy(4, text_or(record, "category", kGeneral));
    change.bind(5, join_tags(tags));
    change.bindNoCopy(6, text_or(record, "visibility", kInternal));
    change.bindNoCopy(7, now_);
    change.bind(8, id);
    change.exec();
    SQLite::Statement& clear = storage_.statement("DELETE FROM note_tags WHERE note_id = ?1");
    clear.bind(1, id);
    clear.exec();
    write_tags(id, tags);
  }

  // ------------------------------------------------------------ remove

  void delete_row(Entity entity, Id id, const json& before) {
    log_change(entity, id, "delete", before.at("version").get<std::int64_t>(), before.dump());
    SQLite::Statement& remove =
        storage_.statement(std::string("DELETE FROM ") + table_of(entity) + " WHERE organization_id = ?1 AND id = ?2");
    remove.bind(1, org_);
    remove.bind(2, id);
    remove.exec();
  }

  void delete_logged(Entity entity, Id id) { delete_row(entity, id, load_or_throw(entity, id)); }

  void remove_dog(Id id, const json& before, bool cascade) {
    const std::int64_t visits = count("SELECT count(*) FROM visits WHERE dog_id = ?1", id);
    const std::int64_t notes = count("SELECT count(*) FROM notes WHERE dog_id = ?1 AND deleted_at IS NULL", id);
    const std::int64_t flags = count("SELECT count(*) FROM care_flags WHERE dog_id = ?1", id);
    const std::int64_t vaccinations = count("SELECT count(*) FROM vaccinations WHERE dog_id = ?1", id);
    const std::int64_t goals = count("SELECT count(*) FROM goals WHERE dog_id = ?1", id);
    const std::int64_t sessions = count("SELECT count(*) FROM training_sessions WHERE dog_id = ?1", id);
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
    for (Id session : ids("SELECT id FROM training_sessions WHERE dog_id = ?1 ORDER BY id", id)) {
      remove_session(session, load_or_throw(Entity::TrainingSession, session));
    }
    for (Id homework : ids("SELECT id FROM homework WHERE dog_id = ?1 ORDER BY id", id)) {
      delete_logged(Entity::Homework, homework);
    }
    for (Id goal : ids("SELECT id FROM goals WHERE dog_id = ?1 ORDER BY id", id)) delete_logged(Entity::Goal, goal);
    for (Id visit : ids("SELECT id FROM visits WHERE dog_id = ?1", id)) delete_logged(Entity::Visit, visit);
    for (Id note : ids("SELECT id FROM notes WHERE dog_id = ?1 AND deleted_at IS NULL", id)) {
      delete_logged(Entity::Note, note);
    }
    // Notes deleted earlier were logged then; they go with their dog.
    SQLite::Statement& purge = storage_.statement("DELETE FROM notes WHERE dog_id = ?1");
    purge.bind(1, id);
    purge.exec();
    for (Id flag : ids("SELECT id FROM care_flags WHERE dog_id = ?1", id)) delete_logged(Entity::CareFlag, flag);
    for (Id vaccination : ids("SELECT id FROM vaccinations WHERE dog_id = ?1", id)) {
      delete_logged(Entity::Vaccination, vaccination);
    }
    delete_row(Entity::Dog, id, before);
  }

  void remove_session(Id id, const json& before) {
    SQLite::Statement& trials = storage_.statement("DELETE FROM session_trials WHERE session_id = ?1");
    trials.bind(1, id);
    trials.exec();
    delete_row(Entity::TrainingSession, id, before);
  }

  void remove_goal(Id id, const json& before, bool cascade) {
    const std::vector<Id> sessions =
        ids("SELECT DISTINCT session_id FROM session_trials WHERE goal_id = ?1 ORDER BY session_id", id);
    const std::vector<Id> homework = ids("SELECT id FROM homework WHERE goal_id = ?1 ORDER BY id", id);
    if (!cascade && (!sessions.empty() || !homework.empty())) {
      throw Conflict("the goal has trials in " + std::to_string(sessions.size()) + " training sessions and " +
                     std::to_string(homework.size()) +
                     " homework; set its status to dropped, or delete with cascade (removes its trials and homework)");
    }
    for (Id item : homework) delete_logged(Entity::Homework, item);
    SQLite::Statement& trials = storage_.statement("DELETE FROM session_trials WHERE goal_id = ?1");
    trials.bind(1, id);
    trials.exec();
    for (Id session : sessions) log_side_update(Entity::TrainingSession, session);
    delete_row(Entity::Goal, id, before);
  }

  // Bumps the version of a row changed as a side effect of a cascade and logs it as an update.
  void log_side_update(Entity entity, Id id) {
    SQLite::Statement& bump = storage_.statement(std::string("UPDATE ") + table_of(entity) +
                                                 " SET version = version + 1 WHERE organization_id = ?1 AND id = ?2");
    bump.bind(1, org_);
    bump.bind(2, id);
    bump.exec();
    const json after = load_or_throw(entity, id);
    log_change(entity, id, "update", after.at("version").get<std::int64_t>(), after.dump());
  }

  void remove(Entity entity, Id id, std::optional<std::int64_t> expected, bool cascade) {
    const json before = load_or_throw(entity, id);
    if (entity == Entity::Note && !before.at("deletedAt").is_null()) {
      throw NotFound("Note " + std::to_string(id) + " was already deleted");
    }
    const std::int64_t version = before.at("version").get<std::int64_t>();
    check_version(entity, version, expected);
    switch (entity) {
      case Entity::Owner: {
        const std::vector<Id> dogs = ids("SELECT id FROM dogs WHERE owner_id = ?1 ORDER BY id", id);
        if (!dogs.empty() && !cascade) {
          throw Conflict("the owner still has " + std::to_string(dogs.size()) +
                         " dogs; delete them first or delete with cascade");
        }
        for (Id dog : dogs) remove_dog(dog, load_or_throw(Entity::Dog, dog), true);
        delete_row(entity, id, before);
        break;
      }
      case Entity::PetType: {
        const std::int64_t dogs = count("SELECT count(*) FROM dogs WHERE type_id = ?1", id);
        if (dogs > 0) {
          throw Conflict("the pet type is used by " + std::to_string(dogs) + " dogs; it cannot be deleted");
        }
        delete_row(entity, id, before);
        break;
      }
      case Entity::Specialty: {
        const std::vector<Id> trainers =
            ids("SELECT trainer_id FROM trainer_specialties WHERE specialty_id = ?1 ORDER BY trainer_id", id);
        if (!trainers.empty() && !cascade) {
          throw Conflict("the specialty is used by " + std::to_string(trainers.size()) +
                         " trainers; remove it from them first or delete with cascade");
        }
        SQLite::Statement& unlink = storage_.statement("DELETE FROM trainer_specialties WHERE specialty_id = ?1");
        unlink.bind(1, id);
        unlink.exec();
        for (Id trainer : trainers) log_side_update(Entity::Trainer, trainer);
        delete_row(entity, id, before);
        break;
      }
      case Entity::Trainer: {
        const std::int64_t sessions = count("SELECT count(*) FROM training_sessions WHERE trainer_id = ?1", id);
        if (sessions > 0) {
          throw Conflict("the trainer logged " + std::to_string(sessions) +
                         " training sessions, which keep their trainer; it cannot be deleted");
        }
        const std::vector<Id> visits = ids("SELECT id FROM visits WHERE trainer_id = ?1 ORDER BY id", id);
        if (!visits.empty() && !cascade) {
          throw Conflict("the trainer has " + std::to_string(visits.size()) +
                         " visits; delete with cascade to keep the visits without a trainer");
        }
        SQLite::Statement& detach = storage_.statement("UPDATE visits SET trainer_id = NULL WHERE trainer_id = ?1");
        detach.bind(1, id);
        detach.exec();
        for (Id visit : visits) log_side_update(Entity::Visit, visit);
        delete_row(entity, id, before);
        break;
      }
      case Entity::Dog: remove_dog(id, before, cascade); break;
      case Entity::Skill: {
        const std::int64_t goals = count("SELECT count(*) FROM goals WHERE skill_id = ?1", id);
        if (goals > 0) throw Conflict("the skill is used by " + std::to_string(goals) + " goals; it cannot be deleted");
        delete_row(entity, id, before);
        break;
      }
      case Entity::Goal: remove_goal(id, before, cascade); break;
      case Entity::TrainingSession: remove_session(id, before); break;
      case Entity::Note: {
        // Soft delete: the note stays readable by id (history, undo) but leaves lists and searches.
        SQLite::Statement& mark = storage_.statement(
            "UPDATE notes SET deleted_at = ?3, version = version + 1 WHERE organization_id = ?1 AND id = ?2");
        mark.bind(1, org_);
        mark.bind(2, id);
        mark.bindNoCopy(3, now_);
        mark.exec();
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
        std::string(" WHERE x.organization_id = ?1") + (entity == Entity::Note ? " AND x.deleted_at IS NULL" : "");
    Page<json> page;
    page.page = request.page.page;
    page.size = request.page.size;
    SQLite::Statement& total =
        storage_.statement(std::string("SELECT count(*) FROM ") + table_of(entity) + " x" + where);
    total.bind(1, org_);
    total.executeStep();
    page.total = total.getColumn(0).getInt64();
    total.tryReset();
    page.items = select(entity, where + " ORDER BY " + order + " LIMIT ?2 OFFSET ?3", [&](SQLite::Statement& q) {
      q.bind(2, request.page.size);
      q.bind(3, static_cast<std::int64_t>(request.page.page) * request.page.size);
    });
    return page;
  }

  // ------------------------------------------------------------ progress

  ProgressRows progress_rows(Id dog) {
    load_or_throw(Entity::Dog, dog);  // NotFound for other organizations
    ProgressRows rows;
    SQLite::Statement& goals = storage_.statement(std::string(select_of(Entity::Goal)) +
                                                  " WHERE x.organization_id = ?1 AND x.dog_id = ?2 ORDER BY x.id");
    goals.bind(1, org_);
    goals.bind(2, dog);
    while (goals.executeStep()) rows.goals.push_back(read_goal(goals));
    goals.tryReset();
    // One range of the covering index session_trials_progress, already in (date, session) order. The hot
    // loop reads the columns through the C API on a statement of its own (SQLiteCpp's Column costs a
    // shared_ptr copy per value; bench/RESULTS.md "Training progress").
    sqlite3* handle = storage_.db().getHandle();
    sqlite3_stmt* prepared = nullptr;
    const int rc = sqlite3_prepare_v2(
        handle,
        "SELECT session_id, date, goal_id, attempts, successes, distance_metres, duration_seconds, distraction_level"
        " FROM session_trials WHERE organization_id = ?1 AND dog_id = ?2 ORDER BY date, session_id, goal_id",
        -1, &prepared, nullptr);
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(prepared, &sqlite3_finalize);
    if (rc != SQLITE_OK) throw SQLite::Exception(handle, rc);
    sqlite3_stmt* raw = statement.get();
    sqlite3_bind_int64(raw, 1, org_);
    sqlite3_bind_int64(raw, 2, dog);
    const auto optional_int_at = [raw](int col) -> std::optional<int> {
      if (sqlite3_column_type(raw, col) == SQLITE_NULL) return std::nullopt;
      return sqlite3_column_int(raw, col);
    };
    std::string last_day;
    Date day;
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(raw)) == SQLITE_ROW) {
      ProgressRow row;
      row.session_id = sqlite3_column_int64(raw, 0);
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 1));
      const std::string_view date_text(text != nullptr ? text : "",
                                       static_cast<std::size_t>(sqlite3_column_bytes(raw, 1)));
      if (date_text != last_day) {  // sessions of one day share the parse
        last_day = date_text;
        day = Date::parse(last_day).value_or(Date{});
      }
      row.date = day;
      row.goal_id = sqlite3_column_int64(raw, 2);
      row.attempts = sqlite3_column_int(raw, 3);
      row.successes = sqlite3_column_int(raw, 4);
      if (sqlite3_column_type(raw, 5) != SQLITE_NULL) row.criteria.distance_metres = sqlite3_column_double(raw, 5);
      row.criteria.duration_seconds = optional_int_at(6);
      row.criteria.distraction_level = optional_int_at(7);
      rows.trials.push_back(row);
    }
    if (step != SQLITE_DONE) throw SQLite::Exception(handle, step);
    return rows;
  }

  [[nodiscard]] Id organization() const noexcept { return org_; }

 private:
  inline static const std::string empty_;
  inline static const std::string kUnknown = "unknown";
  inline static const std::string kActive = "active";
  inline static const std::string kGeneral = "general";
  inline static const std::string kInternal = "internal";

  SqliteStorage& storage_;
  Id org_;
  Id actor_;
  Date today_;
  Timestamp now_ts_;
  std::string now_;
  std::optional<Id> default_type_;
  std::unordered_map<Id, bool> dog_exists_;
  SQLite::Statement* insert_note_ = nullptr;
  SQLite::Statement* insert_tag_ = nullptr;
  SQLite::Statement* insert_change_ = nullptr;
};

void prefix_item_errors(const ValidationError& error, std::size_t index) {
  std::vector<FieldError> errors = error.errors();
  for (FieldError& field : errors) {
    field.field = "[" + std::to_string(index) + "]" + (field.field.empty() ? "" : "." + field.field);
  }
  throw ValidationError(std::move(errors));
}

}  // namespace

json SqliteStorage::create(const Scope& scope, Entity entity, const json& record, const WriteOptions& options) {
  reject_accounts(entity);
  if (options.client_key) check_client_key(*options.client_key);
  return translate_sqlite_errors("could not save the record", [&] {
    WriteTransaction transaction(*this);
    Records records(*this, scope);
    if (options.client_key) {
      SQLite::Statement& lookup =
          statement("SELECT entity, entity_id FROM client_keys WHERE organization_id = ?1 AND client_key = ?2");
      lookup.bind(1, static_cast<std::int64_t>(scope.organization_id));
      lookup.bindNoCopy(2, *options.client_key);
      if (lookup.executeStep()) {
        const std::string used_for = lookup.getColumn(0).getString();
        const Id first = lookup.getColumn(1).getInt64();
        lookup.tryReset();
        if (used_for != entity_name(entity)) {
          throw Conflict("the client key was already used to create a " +
                         std::string(noun(*entity_from_name(used_for))));
        }
        return records.load_or_throw(entity, first);  // a replay: the first result, nothing written
      }
    }
    json out = records.create(entity, record);
    if (options.client_key) {
      SQLite::Statement& remember =
          statement("INSERT INTO client_keys (organization_id, client_key, entity, entity_id) VALUES (?1, ?2, ?3, ?4)");
      remember.bind(1, static_cast<std::int64_t>(scope.organization_id));
      remember.bindNoCopy(2, *options.client_key);
      remember.bindNoCopy(3, entity_name(entity).data());
      remember.bind(4, out.at("id").get<Id>());
      remember.exec();
    }
    transaction.commit();
    return out;
  });
}

std::vector<json> SqliteStorage::create_many(const Scope& scope, Entity entity, const std::vector<json>& records) {
  reject_accounts(entity);
  return translate_sqlite_errors("could not save the records", [&] {
    WriteTransaction transaction(*this);
    Records writer(*this, scope);
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

std::vector<Id> SqliteStorage::insert_many(const Scope& scope, Entity entity, const std::vector<json>& records) {
  reject_accounts(entity);
  return translate_sqlite_errors("could not save the records", [&] {
    if (in_bulk_) bulk_before_insert(entity, records.size());
    WriteTransaction transaction(*this);
    Records writer(*this, scope);
    std::vector<Id> ids;
    ids.reserve(records.size());
    std::string scratch;
    scratch.reserve(1024);
    for (std::size_t i = 0; i < records.size(); ++i) {
      try {
        if (entity == Entity::Note) {
          ids.push_back(writer.import_note(records[i], scratch));
        } else {
          ids.push_back(writer.create(entity, records[i]).at("id").get<Id>());
        }
      } catch (const ValidationError& error) {
        prefix_item_errors(error, i);
      }
    }
    transaction.commit();
    return ids;
  });
}

json SqliteStorage::get(const Scope& scope, Entity entity, Id id) {
  reject_accounts(entity);
  return translate_sqlite_errors("could not read the record",
                                 [&] { return Records(*this, scope).load_or_throw(entity, id); });
}

json SqliteStorage::update(const Scope& scope, Entity entity, Id id, const json& record,
                           std::optional<std::int64_t> expected_version) {
  reject_accounts(entity);
  return translate_sqlite_errors("could not save the record", [&] {
    WriteTransaction transaction(*this);
    json out = Records(*this, scope).update(entity, id, record, expected_version);
    transaction.commit();
    return out;
  });
}

void SqliteStorage::remove(const Scope& scope, Entity entity, Id id, std::optional<std::int64_t> expected_version,
                           bool cascade) {
  reject_accounts(entity);
  translate_sqlite_errors("could not delete the record", [&] {
    WriteTransaction transaction(*this);
    Records(*this, scope).remove(entity, id, expected_version, cascade);
    transaction.commit();
  });
}

Page<json> SqliteStorage::list(const Scope& scope, Entity entity, const ListRequest& request) {
  reject_accounts(entity);
  return translate_sqlite_errors("could not list the records",
                                 [&] { return Records(*this, scope).list(entity, request); });
}

Page<ChangeRecord> SqliteStorage::history(const Scope& scope, const HistoryRequest& request) {
  check_page(request.page);
  const std::string order = order_by(request.page.sort, {{"seq", "x.seq"}, {"at", "x.at"}}, "x.seq DESC");
  return translate_sqlite_errors("could not read the history", [&] {
    Page<ChangeRecord> page;
    page.page = request.page.page;
    page.size = request.page.size;
    const std::string where = " WHERE x.organization_id = ?1 AND x.entity = ?2 AND x.entity_id = ?3";
    SQLite::Statement& total = statement("SELECT count(*) FROM changes x" + where);
    total.bind(1, static_cast<std::int64_t>(scope.organization_id));
    total.bindNoCopy(2, entity_name(request.entity).data());
    total.bind(3, request.id);
    total.executeStep();
    page.total = total.getColumn(0).getInt64();
    total.tryReset();
    // order_by appends "x.id" as a tie-breaker; changes have no id column, seq is unique anyway.
    std::string sorted = order;
    const auto tie = sorted.find(", x.id");
    if (tie != std::string::npos) sorted.erase(tie);
    SQLite::Statement& query = statement(
        "SELECT x.seq, x.entity, x.entity_id, x.operation, x.actor_id, x.at, x.version, x.data FROM changes x" + where +
        " ORDER BY " + sorted + " LIMIT ?4 OFFSET ?5");
    query.bind(1, static_cast<std::int64_t>(scope.organization_id));
    query.bindNoCopy(2, entity_name(request.entity).data());
    query.bind(3, request.id);
    query.bind(4, request.page.size);
    query.bind(5, static_cast<std::int64_t>(request.page.page) * request.page.size);
    while (query.executeStep()) page.items.push_back(read_change(query));
    return page;
  });
}

std::vector<ChangeRecord> SqliteStorage::changes_since(const Scope& scope, std::int64_t after_seq, int limit) {
  if (limit < 1 || limit > 1000) {
    throw ValidationError({{"limit", "out_of_range", "must be between 1 and 1000"}});
  }
  return translate_sqlite_errors("could not read the changes", [&] {
    SQLite::Statement& query = statement(
        "SELECT seq, entity, entity_id, operation, actor_id, at, version, data FROM changes"
        " WHERE organization_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
    query.bind(1, static_cast<std::int64_t>(scope.organization_id));
    query.bind(2, after_seq);
    query.bind(3, limit);
    std::vector<ChangeRecord> out;
    while (query.executeStep()) out.push_back(read_change(query));
    return out;
  });
}

ProgressRows SqliteStorage::progress_rows(const Scope& scope, Id dog_id) {
  return translate_sqlite_errors("could not read the progress",
                                 [&] { return Records(*this, scope).progress_rows(dog_id); });
}

std::vector<NoteRevision> SqliteStorage::note_revisions(const Scope& scope, Id note_id) {
  return translate_sqlite_errors("could not read the note's revisions", [&] {
    Records(*this, scope).load_or_throw(Entity::Note, note_id);  // NotFound for other organizations
    SQLite::Statement& query = statement(
        "SELECT note_id, revision, body, category, tags, visibility, edited_by, edited_at FROM note_revisions"
        " WHERE note_id = ?1 ORDER BY revision");
    query.bind(1, note_id);
    std::vector<NoteRevision> out;
    while (query.executeStep()) {
      NoteRevision revision;
      revision.note_id = query.getColumn(0).getInt64();
      revision.revision = query.getColumn(1).getInt();
      revision.body = query.getColumn(2).getString();
      revision.category = query.getColumn(3).getString();
      revision.tags = split_tags(query.getColumn(4).getString());
      revision.visibility = query.getColumn(5).getString();
      revision.edited_by = query.getColumn(6).getInt64();
      revision.edited_at = timestamp_of(query.getColumn(7));
      out.push_back(std::move(revision));
    }
    return out;
  });
}

}  // namespace pawnotes::sqlite_detail

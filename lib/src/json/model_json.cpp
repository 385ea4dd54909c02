// The canonical JSON of the records (camelCase; an absent optional value is null, never omitted).
// from_json reads both validate()'s normalized output and this canonical output, so
// to_json -> from_json -> to_json is the identity. Wrong types throw ValidationError, never a json error.
#include "pawnotes/errors.hpp"
#include "pawnotes/model.hpp"
#include "pawnotes/query.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace pawnotes {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const char* key, const char* code, const char* message) {
  throw ValidationError({{key, code, message}});
}

/// The member, or nullptr when it is absent or null.
const json* member(const json& j, const char* key) {
  if (!j.is_object()) bad("", "type", "must be a JSON object");
  const auto it = j.find(key);
  return (it == j.end() || it->is_null()) ? nullptr : &*it;
}

void read(const json& j, const char* key, std::string& out) {
  if (const json* v = member(j, key)) {
    if (!v->is_string()) bad(key, "type", "must be a string");
    out = v->get<std::string>();
  }
}

void read(const json& j, const char* key, std::int64_t& out) {
  if (const json* v = member(j, key)) {
    if (v->is_number_unsigned() &&
        v->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      bad(key, "too_large", "is too large");
    if (!v->is_number_integer()) bad(key, "type", "must be a whole number");
    out = v->get<std::int64_t>();
  }
}

void read(const json& j, const char* key, int& out) {
  std::int64_t wide = out;
  read(j, key, wide);
  if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max())
    bad(key, "too_large", "is out of range");
  out = static_cast<int>(wide);
}

void read(const json& j, const char* key, double& out) {
  if (const json* v = member(j, key)) {
    if (!v->is_number()) bad(key, "type", "must be a number");
    out = v->get<double>();
  }
}

void read(const json& j, const char* key, bool& out) {
  if (const json* v = member(j, key)) {
    if (!v->is_boolean()) bad(key, "type", "must be true or false");
    out = v->get<bool>();
  }
}

void read(const json& j, const char* key, Date& out) {
  std::string text;
  if (!member(j, key)) return;
  read(j, key, text);
  const auto d = Date::parse(text);
  if (!d) bad(key, "invalid_date", "must be a valid date (YYYY-MM-DD)");
  out = *d;
}

void read(const json& j, const char* key, Timestamp& out) {
  std::string text;
  if (!member(j, key)) return;
  read(j, key, text);
  const auto t = Timestamp::parse(text);
  if (!t) bad(key, "invalid_date", "must be a date and time (RFC 3339)");
  out = *t;
}

void read(const json& j, const char* key, std::vector<std::string>& out) {
  const json* v = member(j, key);
  if (!v) return;
  if (!v->is_array()) bad(key, "type", "must be a list");
  out.clear();
  for (const json& item : *v) {
    if (!item.is_string()) bad(key, "type", "must be a list of strings");
    out.push_back(item.get<std::string>());
  }
}

template <class T>
void read(const json& j, const char* key, std::optional<T>& out) {
  if (!member(j, key)) {
    out.reset();
    return;
  }
  T value{};
  read(j, key, value);
  out = std::move(value);
}

template <class T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
json or_null(const std::optional<Date>& v) { return v ? json(v->to_string()) : json(nullptr); }
json or_null(const std::optional<Timestamp>& v) { return v ? json(v->to_string()) : json(nullptr); }

json object_or_null(const json& j, const char* key) {
  const json* v = member(j, key);
  if (v && !v->is_object() && !v->is_array()) bad(key, "type", "must be an object or a list");
  return v ? *v : json(nullptr);
}

}  // namespace

// ---- organization, user ---------------------------------------------------------------------------

void to_json(json& j, const Organization& v) {
  j = {{"id", v.id}, {"name", v.name}, {"createdAt", v.created_at.to_string()}, {"version", v.version}};
}
void from_json(const json& j, Organization& v) {
  read(j, "id", v.id);
  read(j, "name", v.name);
  read(j, "createdAt", v.created_at);
  read(j, "version", v.version);
}

void to_json(json& j, const User& v) {
  json roles = json::array();
  for (Role r : v.roles) roles.push_back(std::string(role_name(r)));
  j = {{"id", v.id},     {"username", v.username}, {"displayName", v.display_name},
       {"roles", roles}, {"enabled", v.enabled},   {"version", v.version}};
}
void from_json(const json& j, User& v) {
  read(j, "id", v.id);
  read(j, "username", v.username);
  read(j, "displayName", v.display_name);
  read(j, "passwordHash", v.password_hash);
  std::vector<std::string> names;
  if (member(j, "roles")) {
    read(j, "roles", names);
    v.roles.clear();
    for (const auto& name : names) {
      const auto role = role_from_name(name);
      if (!role) bad("roles", "not_allowed", "must be one of: admin, trainer, viewer");
      v.roles.push_back(*role);
    }
  }
  read(j, "enabled", v.enabled);
  read(j, "version", v.version);
}

// ---- pet types, specialties -----------------------------------------------------------------------

void to_json(json& j, const PetType& v) { j = {{"id", v.id}, {"name", v.name}, {"version", v.version}}; }
void from_json(const json& j, PetType& v) {
  read(j, "id", v.id);
  read(j, "name", v.name);
  read(j, "version", v.version);
}

void to_json(json& j, const Specialty& v) { j = {{"id", v.id}, {"name", v.name}, {"version", v.version}}; }
void from_json(const json& j, Specialty& v) {
  read(j, "id", v.id);
  read(j, "name", v.name);
  read(j, "version", v.version);
}

// ---- visits, dogs, owners, trainers ---------------------------------------------------------------

void to_json(json& j, const Visit& v) {
  j = {{"id", v.id},
       {"dogId", v.dog_id},
       {"trainerId", or_null(v.trainer_id)},
       {"date", v.date.to_string()},
       {"description", v.description},
       {"durationMinutes", or_null(v.duration_minutes)},
       {"version", v.version}};
}
void from_json(const json& j, Visit& v) {
  read(j, "id", v.id);
  read(j, "dogId", v.dog_id);
  read(j, "trainerId", v.trainer_id);
  read(j, "date", v.date);
  read(j, "description", v.description);
  read(j, "durationMinutes", v.duration_minutes);
  read(j, "version", v.version);
}

void to_json(json& j, const Dog& v) {
  // A dog not yet stored may have no type: typeId and type are null then.
  const json type_id = v.type_id != 0 ? json(v.type_id) : json(nullptr);
  const json type = v.type_id != 0 ? json{{"id", v.type_id}, {"name", v.type_name}} : json(nullptr);
  j = {{"id", v.id},
       {"ownerId", v.owner_id},
       {"typeId", type_id},
       {"type", type},
       {"name", v.name},
       {"birthDate", or_null(v.birth_date)},
       {"breed", or_null(v.breed)},
       {"sex", v.sex},
       {"weightKg", or_null(v.weight_kg)},
       {"microchip", or_null(v.microchip)},
       {"status", v.status},
       {"ageYears", or_null(v.age_years)},
       {"version", v.version}};
}
void from_json(const json& j, Dog& v) {
  read(j, "id", v.id);
  read(j, "ownerId", v.owner_id);
  read(j, "typeId", v.type_id);
  const json type = object_or_null(j, "type");
  if (type.is_object()) {
    if (v.type_id == 0) read(type, "id", v.type_id);
    read(type, "name", v.type_name);
  }
  read(j, "name", v.name);
  read(j, "birthDate", v.birth_date);
  read(j, "breed", v.breed);
  read(j, "sex", v.sex);
  read(j, "weightKg", v.weight_kg);
  read(j, "microchip", v.microchip);
  read(j, "status", v.status);
  read(j, "ageYears", v.age_years);
  read(j, "version", v.version);
}

void to_json(json& j, const Owner& v) {
  j = {{"id", v.id},     {"firstName", v.first_name}, {"lastName", v.last_name},   {"address", v.address},
       {"city", v.city}, {"telephone", v.telephone},  {"email", or_null(v.email)}, {"version", v.version},
       {"dogs", v.dogs}};
}
void from_json(const json& j, Owner& v) {
  read(j, "id", v.id);
  read(j, "firstName", v.first_name);
  read(j, "lastName", v.last_name);
  read(j, "address", v.address);
  read(j, "city", v.city);
  read(j, "telephone", v.telephone);
  read(j, "email", v.email);
  read(j, "version", v.version);
  const json dogs = object_or_null(j, "dogs");
  if (dogs.is_array()) {
    v.dogs.clear();
    for (const json& d : dogs) v.dogs.push_back(d.get<Dog>());
  }
}

void to_json(json& j, const Trainer& v) {
  json ids = json::array();
  for (const auto& s : v.specialties) ids.push_back(s.id);
  j = {{"id", v.id},
       {"firstName", v.first_name},
       {"lastName", v.last_name},
       {"email", or_null(v.email)},
       {"specialties", v.specialties},
       {"specialtyIds", ids},
       {"version", v.version}};
}
void from_json(const json& j, Trainer& v) {
  read(j, "id", v.id);
  read(j, "firstName", v.first_name);
  read(j, "lastName", v.last_name);
  read(j, "email", v.email);
  read(j, "version", v.version);
  // Output names the specialties in full; input (validate()'s output) only by id.
  const json full = object_or_null(j, "specialties");
  const json ids = object_or_null(j, "specialtyIds");
  if (full.is_array()) {
    v.specialties.clear();
    for (const json& s : full) v.specialties.push_back(s.get<Specialty>());
  } else if (ids.is_array()) {
    v.specialties.clear();
    for (const json& id : ids) {
      if (!id.is_number_integer()) bad("specialtyIds", "type", "must be a list of ids");
      Specialty s;
      s.id = id.get<Id>();
      v.specialties.push_back(s);
    }
  }
}

// ---- notes, care flags, vaccinations --------------------------------------------------------------

void to_json(json& j, const Note& v) {
  j = {{"id", v.id},
       {"dogId", v.dog_id},
       {"authorId", v.author_id},
       {"body", v.body},
       {"category", v.category},
       {"tags", v.tags},
       {"visibility", v.visibility},
       {"createdAt", v.created_at.to_string()},
       {"updatedAt", v.updated_at.to_string()},
       {"revision", v.revision},
       {"deletedAt", or_null(v.deleted_at)},
       {"version", v.version}};
}
void from_json(const json& j, Note& v) {
  read(j, "id", v.id);
  read(j, "dogId", v.dog_id);
  read(j, "authorId", v.author_id);
  read(j, "body", v.body);
  read(j, "category", v.category);
  read(j, "tags", v.tags);
  read(j, "visibility", v.visibility);
  read(j, "createdAt", v.created_at);
  read(j, "updatedAt", v.updated_at);
  read(j, "revision", v.revision);
  read(j, "deletedAt", v.deleted_at);
  read(j, "version", v.version);
}

void to_json(json& j, const NoteRevision& v) {
  j = {{"noteId", v.note_id},     {"revision", v.revision},
       {"body", v.body},          {"category", v.category},
       {"tags", v.tags},          {"visibility", v.visibility},
       {"editedBy", v.edited_by}, {"editedAt", v.edited_at.to_string()}};
}

void to_json(json& j, const CareFlag& v) {
  j = {{"id", v.id},
       {"dogId", v.dog_id},
       {"kind", v.kind},
       {"severity", v.severity},
       {"text", v.text},
       {"active", v.active},
       {"createdAt", v.created_at.to_string()},
       {"version", v.version}};
}
void from_json(const json& j, CareFlag& v) {
  read(j, "id", v.id);
  read(j, "dogId", v.dog_id);
  read(j, "kind", v.kind);
  read(j, "severity", v.severity);
  read(j, "text", v.text);
  read(j, "active", v.active);
  read(j, "createdAt", v.created_at);
  read(j, "version", v.version);
}

void to_json(json& j, const Vaccination& v) {
  j = {{"id", v.id},
       {"dogId", v.dog_id},
       {"name", v.name},
       {"givenOn", v.given_on.to_string()},
       {"expiresOn", v.expires_on.to_string()},
       {"status", v.status},
       {"daysLeft", or_null(v.days_left)},
       {"version", v.version}};
}
void from_json(const json& j, Vaccination& v) {
  read(j, "id", v.id);
  read(j, "dogId", v.dog_id);
  read(j, "name", v.name);
  read(j, "givenOn", v.given_on);
  read(j, "expiresOn", v.expires_on);
  read(j, "status", v.status);
  read(j, "daysLeft", v.days_left);
  read(j, "version", v.version);
}

// ---- training plans -------------------------------------------------------------------------------

void to_json(json& j, const Skill& v) {
  j = {{"id", v.id}, {"name", v.name}, {"description", or_null(v.description)}, {"version", v.version}};
}
void from_json(const json& j, Skill& v) {
  read(j, "id", v.id);
  read(j, "name", v.name);
  read(j, "description", v.description);
  read(j, "version", v.version);
}

namespace {
void criteria_members(json& j, const Criteria& v) {
  j["distanceMetres"] = or_null(v.distance_metres);
  j["durationSeconds"] = or_null(v.duration_seconds);
  j["distractionLevel"] = or_null(v.distraction_level);
}
void read_criteria(const json& j, Criteria& v) {
  read(j, "distanceMetres", v.distance_metres);
  read(j, "durationSeconds", v.duration_seconds);
  read(j, "distractionLevel", v.distraction_level);
}
void read(const json& j, const char* key, Criteria& out) {
  if (const json* v = member(j, key)) {
    if (!v->is_object()) bad(key, "type", "must be a JSON object");
    read_criteria(*v, out);
  }
}
}  // namespace

void to_json(json& j, const Criteria& v) {
  j = json::object();
  criteria_members(j, v);
}
void from_json(const json& j, Criteria& v) {
  if (!j.is_object()) bad("", "type", "must be a JSON object");
  read_criteria(j, v);
}

void to_json(json& j, const Goal& v) {
  j = {{"id", v.id},
       {"dogId", v.dog_id},
       {"skillId", v.skill_id},
       {"baseline", v.baseline ? json(*v.baseline) : json(nullptr)},
       {"target", v.target},
       {"status", v.status},
       {"startDate", v.start_date.to_string()},
       {"targetDate", or_null(v.target_date)},
       {"version", v.version}};
}
void from_json(const json& j, Goal& v) {
  read(j, "id", v.id);
  read(j, "dogId", v.dog_id);
  read(j, "skillId", v.skill_id);
  v.baseline.reset();
  if (member(j, "baseline") != nullptr) read(j, "baseline", v.baseline.emplace());
  read(j, "target", v.target);
  read(j, "status", v.status);
  read(j, "startDate", v.start_date);
  read(j, "targetDate", v.target_date);
  read(j, "version", v.version);
}

void to_json(json& j, const Trial& v) {
  j = {{"goalId", v.goal_id}, {"attempts", v.attempts}, {"successes", v.successes}};
  criteria_members(j, v.criteria);
}
void from_json(const json& j, Trial& v) {
  read(j, "goalId", v.goal_id);
  read(j, "attempts", v.attempts);
  read(j, "successes", v.successes);
  read_criteria(j, v.criteria);
}

void to_json(json& j, const TrainingSession& v) {
  j = {{"id", v.id},
       {"dogId", v.dog_id},
       {"trainerId", v.trainer_id},
       {"date", v.date.to_string()},
       {"note", or_null(v.note)},
       {"trials", v.trials},
       {"version", v.version}};
}
void from_json(const json& j, TrainingSession& v) {
  read(j, "id", v.id);
  read(j, "dogId", v.dog_id);
  read(j, "trainerId", v.trainer_id);
  read(j, "date", v.date);
  read(j, "note", v.note);
  if (const json* trials = member(j, "trials")) {
    if (!trials->is_array()) bad("trials", "type", "must be a list");
    v.trials.clear();
    for (const json& trial : *trials) v.trials.push_back(trial.get<Trial>());
  }
  read(j, "version", v.version);
}

void to_json(json& j, const Homework& v) {
  j = {{"id", v.id},
       {"goalId", v.goal_id},
       {"dogId", v.dog_id},
       {"exercise", v.exercise},
       {"assignedOn", v.assigned_on.to_string()},
       {"dueDate", v.due_date.to_string()},
       {"done", v.done},
       {"ownerComment", or_null(v.owner_comment)},
       {"doneAt", or_null(v.done_at)},
       {"version", v.version}};
}
void from_json(const json& j, Homework& v) {
  read(j, "id", v.id);
  read(j, "goalId", v.goal_id);
  read(j, "dogId", v.dog_id);
  read(j, "exercise", v.exercise);
  read(j, "assignedOn", v.assigned_on);
  read(j, "dueDate", v.due_date);
  read(j, "done", v.done);
  read(j, "ownerComment", v.owner_comment);
  read(j, "doneAt", v.done_at);
  read(j, "version", v.version);
}

void to_json(json& j, const ChangeRecord& v) {
  j = {{"seq", v.seq},
       {"entity", std::string(entity_name(v.entity))},
       {"entityId", v.entity_id},
       {"operation", v.operation},
       {"actorId", v.actor_id},
       {"at", v.at.to_string()},
       {"version", v.version},
       {"data", v.data}};
}

// ---- query results --------------------------------------------------------------------------------

void to_json(json& j, const TimelineEntry& v) {
  j = {{"kind", v.kind}, {"at", v.at}};
  if (v.visit) j["visit"] = *v.visit;
  if (v.note) j["note"] = *v.note;
}

void to_json(json& j, const NoteHit& v) {
  j = {{"note", v.note}, {"dogName", v.dog_name}, {"snippet", v.snippet}, {"rank", v.rank}};
}

void to_json(json& j, const VaccinationDue& v) {
  j = {{"vaccination", v.vaccination}, {"dogName", v.dog_name}, {"ownerId", v.owner_id}};
}

void to_json(json& j, const Stats& v) {
  j = {{"owners", v.owners},
       {"dogs", v.dogs},
       {"trainers", v.trainers},
       {"visits", v.visits},
       {"notes", v.notes},
       {"careFlags", v.care_flags},
       {"vaccinations", v.vaccinations},
       {"changes", v.changes},
       {"schemaVersion", v.schema_version}};
}

}  // namespace pawnotes

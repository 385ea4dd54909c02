// The records pawnotes keeps, as plain structs. Their JSON form (to_json/from_json, camelCase, PetClinic
// names where the concepts overlap) is the canonical one: the REST server, Python and WASM all see it.
// Every record belongs to one Organization; `version` starts at 1 and grows by one with each update.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pawnotes/date_time.hpp"
#include "pawnotes/entity.hpp"
#include "pawnotes/scope.hpp"

namespace pawnotes {

using Id = std::int64_t;

struct Organization {
  Id id = 0;
  std::string name;
  Timestamp created_at;
  std::int64_t version = 0;
};

/// An account. The core stores the password hash it is given; hashing (argon2id) is the server's job.
struct User {
  Id id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;  // write-only: never in to_json
  std::vector<Role> roles;
  bool enabled = true;
  std::int64_t version = 0;
};

struct PetType {
  Id id = 0;
  std::string name;
  std::int64_t version = 0;
};

struct Specialty {
  Id id = 0;
  std::string name;
  std::int64_t version = 0;
};

struct Visit {
  Id id = 0;
  Id dog_id = 0;                 // JSON "dogId" (PetClinic: petId)
  std::optional<Id> trainer_id;  // JSON "trainerId"
  Date date;
  std::string description;
  std::optional<int> duration_minutes;
  std::int64_t version = 0;
};

/// Any pet (a clinic can register a cat); `type_id` defaults to the organization's "dog" type.
struct Dog {
  Id id = 0;
  Id owner_id = 0;
  Id type_id = 0;
  std::string type_name;  // read-only; JSON "type": {"id", "name"}
  std::string name;
  std::optional<Date> birth_date;
  std::optional<std::string> breed;
  std::string sex = "unknown";  // male | female | unknown
  std::optional<double> weight_kg;
  std::optional<std::string> microchip;
  std::string status = "active";  // active | inactive | archived
  std::optional<int> age_years;   // computed from birth_date and the clock's today
  std::int64_t version = 0;
};

struct Owner {
  Id id = 0;
  std::string first_name;
  std::string last_name;
  std::string address;
  std::string city;
  std::string telephone;
  std::optional<std::string> email;
  std::vector<Dog> dogs;  // read-only; JSON "dogs" and, for PetClinic clients, "pets"
  std::int64_t version = 0;
};

/// A trainer (PetClinic: vet) with specialties. Input names them by id ("specialtyIds").
struct Trainer {
  Id id = 0;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> email;
  std::vector<Specialty> specialties;
  std::int64_t version = 0;
};

struct Note {
  Id id = 0;
  Id dog_id = 0;
  Id author_id = 0;  // the Scope's actor when created
  std::string body;
  std::string category = "general";  // behaviour | progress | health | incident | general
  std::vector<std::string> tags;
  std::string visibility = "internal";  // internal | shared
  Timestamp created_at;
  Timestamp updated_at;
  int revision = 1;
  std::optional<Timestamp> deleted_at;  // soft delete
  std::int64_t version = 0;
};

/// An earlier state of a note, kept when the note is edited or deleted.
struct NoteRevision {
  Id note_id = 0;
  int revision = 0;
  std::string body;
  std::string category;
  std::vector<std::string> tags;
  std::string visibility;
  Id edited_by = 0;
  Timestamp edited_at;
};

struct CareFlag {
  Id id = 0;
  Id dog_id = 0;
  std::string kind;      // medical | allergy | behaviour_safety | handling
  std::string severity;  // info | caution | danger
  std::string text;
  bool active = true;
  Timestamp created_at;
  std::int64_t version = 0;
};

struct Vaccination {
  Id id = 0;
  Id dog_id = 0;
  std::string name;
  Date given_on;
  Date expires_on;
  std::string status;            // computed: expired | due (within 30 days) | ok
  std::optional<int> days_left;  // computed: expires_on - today
  std::int64_t version = 0;
};

/// A skill of the organization's catalogue ("Recall", "Loose-leash walking"); name unique ignoring case.
struct Skill {
  Id id = 0;
  std::string name;
  std::optional<std::string> description;
  std::int64_t version = 0;
};

/// Criteria in the three Ds: distance (metres), duration (seconds), distraction (0-5). Each is optional.
struct Criteria {
  std::optional<double> distance_metres;
  std::optional<int> duration_seconds;
  std::optional<int> distraction_level;
};

/// A dog's training goal: a skill, from a baseline to target criteria.
struct Goal {
  Id id = 0;
  Id dog_id = 0;
  Id skill_id = 0;
  std::optional<Criteria> baseline;
  Criteria target;
  std::string status = "active";  // active | met | paused | dropped
  Date start_date;
  std::optional<Date> target_date;  // not before start_date
  std::int64_t version = 0;
};

/// One goal's trials in a session, at the criteria used that day.
struct Trial {
  Id goal_id = 0;
  int attempts = 0;
  int successes = 0;  // <= attempts
  Criteria criteria;  // JSON: distanceMetres, durationSeconds, distractionLevel beside goalId
};

struct TrainingSession {
  Id id = 0;
  Id dog_id = 0;
  Id trainer_id = 0;
  Date date;
  std::optional<std::string> note;
  std::vector<Trial> trials;  // at most one per goal, each a goal of this dog
  std::int64_t version = 0;
};

/// An exercise for the owner, tied to a goal.
struct Homework {
  Id id = 0;
  Id goal_id = 0;
  Id dog_id = 0;  // read-only: the goal's dog
  std::string exercise;
  Date assigned_on;
  Date due_date;  // not before assigned_on
  bool done = false;
  std::optional<std::string> owner_comment;
  std::optional<Timestamp> done_at;  // set by the core when done becomes true, cleared when false
  std::int64_t version = 0;
};

/// One entry of the change log: the audit trail and the cursor for sync.
struct ChangeRecord {
  std::int64_t seq = 0;
  Entity entity = Entity::Owner;
  Id entity_id = 0;
  std::string operation;  // create | update | delete
  Id actor_id = 0;
  Timestamp at;
  std::int64_t version = 0;
  nlohmann::json data;  // the record after the change (before it, for a delete)
};

// JSON (camelCase). from_json reads what validate() produced; read-only members are ignored.
void to_json(nlohmann::json& j, const Organization& v);
void from_json(const nlohmann::json& j, Organization& v);
void to_json(nlohmann::json& j, const User& v);
void from_json(const nlohmann::json& j, User& v);
void to_json(nlohmann::json& j, const PetType& v);
void from_json(const nlohmann::json& j, PetType& v);
void to_json(nlohmann::json& j, const Specialty& v);
void from_json(const nlohmann::json& j, Specialty& v);
void to_json(nlohmann::json& j, const Visit& v);
void from_json(const nlohmann::json& j, Visit& v);
void to_json(nlohmann::json& j, const Dog& v);
void from_json(const nlohmann::json& j, Dog& v);
void to_json(nlohmann::json& j, const Owner& v);
void from_json(const nlohmann::json& j, Owner& v);
void to_json(nlohmann::json& j, const Trainer& v);
void from_json(const nlohmann::json& j, Trainer& v);
void to_json(nlohmann::json& j, const Note& v);
void from_json(const nlohmann::json& j, Note& v);
void to_json(nlohmann::json& j, const NoteRevision& v);
void to_json(nlohmann::json& j, const CareFlag& v);
void from_json(const nlohmann::json& j, CareFlag& v);
void to_json(nlohmann::json& j, const Vaccination& v);
void from_json(const nlohmann::json& j, Vaccination& v);
void to_json(nlohmann::json& j, const Skill& v);
void from_json(const nlohmann::json& j, Skill& v);
void to_json(nlohmann::json& j, const Criteria& v);
void from_json(const nlohmann::json& j, Criteria& v);
void to_json(nlohmann::json& j, const Goal& v);
void from_json(const nlohmann::json& j, Goal& v);
void to_json(nlohmann::json& j, const Trial& v);
void from_json(const nlohmann::json& j, Trial& v);
void to_json(nlohmann::json& j, const TrainingSession& v);
void from_json(const nlohmann::json& j, TrainingSession& v);
void to_json(nlohmann::json& j, const Homework& v);
void from_json(const nlohmann::json& j, Homework& v);
void to_json(nlohmann::json& j, const ChangeRecord& v);

/// Maps a record type to its Entity (used by the typed templates of Database).
template <class T>
struct EntityOf;
template <>
struct EntityOf<Organization> {
  static constexpr Entity value = Entity::Organization;
};
template <>
struct EntityOf<User> {
  static constexpr Entity value = Entity::User;
};
template <>
struct EntityOf<Owner> {
  static constexpr Entity value = Entity::Owner;
};
template <>
struct EntityOf<PetType> {
  static constexpr Entity value = Entity::PetType;
};
template <>
struct EntityOf<Dog> {
  static constexpr Entity value = Entity::Dog;
};
template <>
struct EntityOf<Trainer> {
  static constexpr Entity value = Entity::Trainer;
};
template <>
struct EntityOf<Specialty> {
  static constexpr Entity value = Entity::Specialty;
};
template <>
struct EntityOf<Visit> {
  static constexpr Entity value = Entity::Visit;
};
template <>
struct EntityOf<Note> {
  static constexpr Entity value = Entity::Note;
};
template <>
struct EntityOf<CareFlag> {
  static constexpr Entity value = Entity::CareFlag;
};
template <>
struct EntityOf<Vaccination> {
  static constexpr Entity value = Entity::Vaccination;
};
template <>
struct EntityOf<Skill> {
  static constexpr Entity value = Entity::Skill;
};
template <>
struct EntityOf<Goal> {
  static constexpr Entity value = Entity::Goal;
};
template <>
struct EntityOf<TrainingSession> {
  static constexpr Entity value = Entity::TrainingSession;
};
template <>
struct EntityOf<Homework> {
  static constexpr Entity value = Entity::Homework;
};

}  // namespace pawnotes

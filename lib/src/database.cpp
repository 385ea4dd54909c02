// The facade: every call checks the scope's roles first, then validates the input with the rule tables
// (today from the injected clock), then hands the work to the storage engine.
#include "pawnotes/database.hpp"

#include <utility>

namespace pawnotes {
namespace {

// Owners, dogs, visits, notes, care flags and vaccinations are everyday work (trainer or admin);
// the organization's catalogues (pet types, specialties, trainers, skills) are the admin's. Goals, training
// sessions and homework are everyday work.
void require_write(const Scope& scope, Entity entity) {
  switch (entity) {
    case Entity::Skill:
    case Entity::PetType:
    case Entity::Specialty:
    case Entity::Trainer:
    case Entity::Organization:
    case Entity::User: scope.require_admin(); break;
    default: scope.require_writer(); break;
  }
}

std::vector<FieldError> prefixed(const std::vector<FieldError>& errors, std::size_t index) {
  std::vector<FieldError> out;
  out.reserve(errors.size());
  for (const FieldError& error : errors) {
    out.push_back({"[" + std::to_string(index) + "]" + (error.field.empty() ? "" : "." + error.field), error.code,
                   error.message});
  }
  return out;
}

/// Every input validated for a create; one ValidationError naming each bad item ("[3].body") if any is bad.
std::vector<nlohmann::json> validate_all(Entity entity, const std::vector<nlohmann::json>& inputs, const Date& today) {
  std::vector<nlohmann::json> records;
  records.reserve(inputs.size());
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    try {
      records.push_back(validate(entity, inputs[i], today, ValidationMode::Create));
    } catch (const ValidationError& error) {
      const auto item = prefixed(error.errors(), i);
      errors.insert(errors.end(), item.begin(), item.end());
    }
  }
  if (!errors.empty()) throw ValidationError(std::move(errors));
  return records;
}

}  // namespace

Database::Database(std::unique_ptr<Storage> storage, std::shared_ptr<const Clock> clock)
    : storage_(std::move(storage)), clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()) {}

Database Database::open(const std::string& path, std::shared_ptr<const Clock> clock, const SqliteOptions& options) {
  if (!clock) clock = std::make_shared<SystemClock>();
  auto storage = open_sqlite(path, clock, options);
  return Database(std::move(storage), std::move(clock));
}

namespace {

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

EngineKind engine_of_url(const std::string& url) {
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) return EngineKind::Postgres;
  if (starts_with(url, "sqlite:")) return EngineKind::Sqlite;
  const auto scheme_end = url.find("://");
  if (scheme_end != std::string::npos && scheme_end > 0 &&
      url.find_first_of("/\\") > scheme_end) {  // "mysql://..." is a URL, "./a://b" a path
    throw StorageError("unsupported database URL scheme \"" + url.substr(0, scheme_end) +
                       "\"; use sqlite:///path or postgresql://...");
  }
  return EngineKind::Sqlite;  // a plain path
}

Database Database::open_url(const std::string& url, std::shared_ptr<const Clock> clock,
                            const DatabaseOptions& options) {
  if (!clock) clock = std::make_shared<SystemClock>();
  if (engine_of_url(url) == EngineKind::Postgres) {
    auto storage = open_postgres(url, clock, options.postgres);
    return Database(std::move(storage), std::move(clock));
  }
  std::string path = url;
  if (starts_with(url, "sqlite:")) {
    // sqlite:///abs/path (three slashes: an empty host, then the absolute path); sqlite:///:memory:.
    if (!starts_with(url, "sqlite:///")) {
      throw StorageError("a SQLite URL is sqlite:///absolute/path or sqlite:///:memory:");
    }
    path = url.substr(std::string("sqlite://").size());
    if (path == "/:memory:") path = ":memory:";
  }
  return open(path, std::move(clock), options.sqlite);
}

nlohmann::json Database::create(const Scope& scope, Entity entity, const nlohmann::json& input,
                                const WriteOptions& options) {
  require_write(scope, entity);
  const nlohmann::json record = validate(entity, input, clock_->today(), ValidationMode::Create);
  return storage_->create(scope, entity, record, options);
}

nlohmann::json Database::get(const Scope& scope, Entity entity, Id id) {
  scope.require_reader();
  return storage_->get(scope, entity, id);
}

nlohmann::json Database::update(const Scope& scope, Entity entity, Id id, const nlohmann::json& input,
                                std::optional<std::int64_t> expected_version, ValidationMode mode) {
  require_write(scope, entity);
  nlohmann::json record;
  if (mode == ValidationMode::Patch) {
    if (!input.is_object()) {
      record = validate(entity, input, clock_->today(), ValidationMode::Patch);  // throws: not an object
    }
    // The patch over the current record's editable members, validated as a whole so every rule still holds.
    const nlohmann::json current = storage_->get(scope, entity, id);
    nlohmann::json merged = nlohmann::json::object();
    for (const FieldRule& rule : rules_for(entity).fields) {
      if (rule.read_only) continue;
      const auto patched = input.find(rule.name);
      if (patched != input.end()) {
        merged[rule.name] = *patched;
      } else if (current.contains(rule.name)) {
        merged[rule.name] = current[rule.name];
      }
    }
    for (const auto& item : input.items()) {
      if (!merged.contains(item.key())) merged[item.key()] = item.value();  // unknown members: the rules decide
    }
    record = validate(entity, merged, clock_->today(), ValidationMode::Replace);
  } else {
    record = validate(entity, input, clock_->today(), ValidationMode::Replace);
  }
  return storage_->update(scope, entity, id, record, expected_version);
}

void Database::remove(const Scope& scope, Entity entity, Id id, std::optional<std::int64_t> expected_version,
                      bool cascade) {
  require_write(scope, entity);
  storage_->remove(scope, entity, id, expected_version, cascade);
}

Page<nlohmann::json> Database::list(const Scope& scope, Entity entity, const ListRequest& request) {
  scope.require_reader();
  return storage_->list(scope, entity, request);
}

std::vector<nlohmann::json> Database::create_many(const Scope& scope, Entity entity,
                                                  const std::vector<nlohmann::json>& inputs) {
  require_write(scope, entity);
  return storage_->create_many(scope, entity, validate_all(entity, inputs, clock_->today()));
}

void Database::transaction(const std::function<void()>& work) { storage_->transaction(work); }

std::vector<Id> Database::import_many(const Scope& scope, Entity entity, const std::vector<nlohmann::json>& inputs) {
  require_write(scope, entity);
  return storage_->insert_many(scope, entity, validate_all(entity, inputs, clock_->today()));
}

void Database::bulk_import(const std::function<void()>& work) { storage_->bulk_transaction(work); }

Page<Owner> Database::search_owners(const Scope& scope, const OwnerSearch& request) {
  scope.require_reader();
  return storage_->search_owners(scope, request);
}

Page<Dog> Database::list_dogs(const Scope& scope, const DogFilter& request) {
  scope.require_reader();
  return storage_->list_dogs(scope, request);
}

CursorPage<TimelineEntry> Database::timeline(const Scope& scope, const TimelineRequest& request) {
  scope.require_reader();
  return storage_->timeline(scope, request);
}

Page<NoteHit> Database::search_notes(const Scope& scope, const NoteSearch& request) {
  scope.require_reader();
  return storage_->search_notes(scope, request);
}

Page<VaccinationDue> Database::vaccinations_due(const Scope& scope, const VaccinationDueRequest& request) {
  scope.require_reader();
  return storage_->vaccinations_due(scope, request);
}

Page<Visit> Database::trainer_visits(const Scope& scope, const TrainerVisitsRequest& request) {
  scope.require_reader();
  return storage_->trainer_visits(scope, request);
}

std::vector<Visit> Database::visits_of_dogs(const Scope& scope, const std::vector<Id>& dog_ids) {
  scope.require_reader();
  if (dog_ids.size() > kMaxDogIds)
    throw ValidationError({{"dogIds", "too_many", "must name at most " + std::to_string(kMaxDogIds) + " dogs"}});
  if (dog_ids.empty()) return {};
  return storage_->visits_of_dogs(scope, dog_ids);
}

std::vector<NoteRevision> Database::note_revisions(const Scope& scope, Id note_id) {
  scope.require_reader();
  return storage_->note_revisions(scope, note_id);
}

std::vector<CareFlag> Database::care_flags(const Scope& scope, Id dog_id, bool active_only) {
  scope.require_reader();
  return storage_->care_flags(scope, dog_id, active_only);
}

DogProgress Database::progress(const Scope& scope, const ProgressRequest& request) {
  scope.require_reader();
  std::vector<FieldError> errors;
  if (request.window < 1 || request.window > 100)
    errors.push_back({"window", "out_of_range", "must be between 1 and 100"});
  if (request.ready_sessions < 1 || request.ready_sessions > 100)
    errors.push_back({"readySessions", "out_of_range", "must be between 1 and 100"});
  if (!errors.empty()) throw ValidationError(std::move(errors));
  return compute_progress(storage_->progress_rows(scope, request.dog_id), request);
}

std::vector<Vaccination> Database::vaccinations(const Scope& scope, Id dog_id) {
  scope.require_reader();
  return storage_->vaccinations(scope, dog_id);
}

Page<ChangeRecord> Database::history(const Scope& scope, const HistoryRequest& request) {
  scope.require_reader();
  return storage_->history(scope, request);
}

std::vector<ChangeRecord> Database::changes_since(const Scope& scope, std::int64_t after_seq, int limit) {
  scope.require_reader();
  return storage_->changes_since(scope, after_seq, limit);
}

Organization Database::create_organization(const std::string& name) {
  const nlohmann::json record =
      validate(Entity::Organization, nlohmann::json{{"name", name}}, clock_->today(), ValidationMode::Create);
  return storage_->create_organization(record.at("name").get<std::string>());
}

std::vector<Organization> Database::organizations() { return storage_->organizations(); }

namespace {

// The User rules applied to a typed user; returns the normalized copy (password hash included).
User validated_user(const User& user, Date today, bool hash_required) {
  nlohmann::json input = user;  // to_json never writes the hash
  if (!user.password_hash.empty()) input["passwordHash"] = user.password_hash;
  const ValidationMode mode =
      hash_required || !user.password_hash.empty() ? ValidationMode::Create : ValidationMode::Patch;
  const nlohmann::json record = validate(Entity::User, input, today, mode);
  User out = user;
  out.username = record.value("username", user.username);
  out.display_name = record.value("displayName", user.display_name);
  out.password_hash = record.value("passwordHash", user.password_hash);
  out.enabled = record.value("enabled", user.enabled);
  if (record.contains("roles") && record["roles"].is_array()) {
    out.roles.clear();
    for (const auto& name : record["roles"]) {
      if (auto role = role_from_name(name.get<std::string>())) out.roles.push_back(*role);
    }
  }
  return out;
}

}  // namespace

User Database::create_user(Id organization_id, const User& user) {
  return storage_->create_user(organization_id, validated_user(user, clock_->today(), true));
}

User Database::update_user(Id organization_id, const User& user) {
  // Without a new password hash the update keeps the stored one.
  return storage_->update_user(organization_id, validated_user(user, clock_->today(), false));
}

std::optional<std::pair<User, Id>> Database::find_user_for_login(const std::string& username) {
  return storage_->find_user_for_login(username);
}

std::vector<User> Database::users(Id organization_id) { return storage_->users(organization_id); }

int Database::schema_version() { return storage_->schema_version(); }

Stats Database::stats(const Scope& scope) {
  scope.require_reader();
  return storage_->stats(scope);
}

void Database::backup(const std::string& path) { storage_->backup(path); }

}  // namespace pawnotes

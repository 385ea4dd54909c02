// The storage engine interface. SQLite (embedded, default) implements it today; PostgreSQL will implement
// the same interface so no caller changes. Engines receive records already validated and normalized by
// the core (validation.hpp) and enforce what needs the database: tenancy, uniqueness, references,
// versions, client keys, the change log. Every method is one transaction: it happens whole or not at all.
// Engines are not thread-safe; use one per thread (SQLite WAL lets several readers and one writer share a file).
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pawnotes/date_time.hpp"
#include "pawnotes/entity.hpp"
#include "pawnotes/model.hpp"
#include "pawnotes/progress.hpp"
#include "pawnotes/query.hpp"
#include "pawnotes/scope.hpp"

namespace pawnotes {

struct WriteOptions {
  /// A client-chosen key (UUID) making a create idempotent: a replay with the same key in the same
  /// organization returns the first result and writes nothing.
  std::optional<std::string> client_key;
};

class Storage {
 public:
  virtual ~Storage() = default;
  Storage() = default;
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  // --- records (Entity::Organization and Entity::User excluded: see below) ---
  /// Inserts; returns the stored record as canonical JSON (with id, version 1, computed members).
  virtual nlohmann::json create(const Scope& scope, Entity entity, const nlohmann::json& record,
                                const WriteOptions& options) = 0;
  /// Inserts all or nothing, in one transaction (bulk import, benchmarks).
  virtual std::vector<nlohmann::json> create_many(const Scope& scope, Entity entity,
                                                  const std::vector<nlohmann::json>& records) = 0;
  /// Inserts all or nothing like create_many, with the same checks and change-log entries, but returns only
  /// the new ids (nothing is read back or built): the bulk-import path. Engines override it with a faster
  /// one; this default is create_many.
  virtual std::vector<Id> insert_many(const Scope& scope, Entity entity, const std::vector<nlohmann::json>& records) {
    std::vector<Id> ids;
    const std::vector<nlohmann::json> created = create_many(scope, entity, records);
    ids.reserve(created.size());
    for (const nlohmann::json& record : created) ids.push_back(record.at("id").get<Id>());
    return ids;
  }
  /// Throws NotFound if absent or in another organization.
  virtual nlohmann::json get(const Scope& scope, Entity entity, Id id) = 0;
  /// Replaces the editable members. Conflict when `expected_version` is given and stale.
  virtual nlohmann::json update(const Scope& scope, Entity entity, Id id, const nlohmann::json& record,
                                std::optional<std::int64_t> expected_version) = 0;
  /// Conflict when stale, or when dependants exist and `cascade` is false (an owner's dogs; a pet type,
  /// specialty or trainer in use). Notes are soft-deleted.
  virtual void remove(const Scope& scope, Entity entity, Id id, std::optional<std::int64_t> expected_version,
                      bool cascade) = 0;
  virtual Page<nlohmann::json> list(const Scope& scope, Entity entity, const ListRequest& request) = 0;

  // --- queries ---
  virtual Page<Owner> search_owners(const Scope& scope, const OwnerSearch& request) = 0;
  virtual Page<Dog> list_dogs(const Scope& scope, const DogFilter& request) = 0;
  virtual CursorPage<TimelineEntry> timeline(const Scope& scope, const TimelineRequest& request) = 0;
  virtual Page<NoteHit> search_notes(const Scope& scope, const NoteSearch& request) = 0;
  virtual Page<VaccinationDue> vaccinations_due(const Scope& scope, const VaccinationDueRequest& request) = 0;
  virtual Page<Visit> trainer_visits(const Scope& scope, const TrainerVisitsRequest& request) = 0;
  /// The visits of these dogs in one call, ordered by dog id, date, id (see Database::visits_of_dogs).
  virtual std::vector<Visit> visits_of_dogs(const Scope& scope, const std::vector<Id>& dog_ids) = 0;
  virtual std::vector<NoteRevision> note_revisions(const Scope& scope, Id note_id) = 0;
  virtual std::vector<CareFlag> care_flags(const Scope& scope, Id dog_id, bool active_only) = 0;  // danger first
  virtual std::vector<Vaccination> vaccinations(const Scope& scope, Id dog_id) = 0;
  /// The dog's goals and the trials of its sessions for Database::progress; NotFound for an unknown dog.
  virtual ProgressRows progress_rows(const Scope& scope, Id dog_id) = 0;
  virtual Page<ChangeRecord> history(const Scope& scope, const HistoryRequest& request) = 0;
  /// Changes after `after_seq`, oldest first (sync cursor).
  virtual std::vector<ChangeRecord> changes_since(const Scope& scope, std::int64_t after_seq, int limit) = 0;

  // --- organizations and accounts (operators: CLI and server bootstrap) ---
  virtual Organization create_organization(const std::string& name) = 0;
  virtual std::vector<Organization> organizations() = 0;
  /// Usernames are unique across organizations (they log in without naming one).
  virtual User create_user(Id organization_id, const User& user) = 0;
  virtual User update_user(Id organization_id, const User& user) = 0;
  /// The user and its organization id, password hash included; nullopt if absent.
  virtual std::optional<std::pair<User, Id>> find_user_for_login(const std::string& username) = 0;
  virtual std::vector<User> users(Id organization_id) = 0;

  /// Runs `work` as one transaction: every write it makes through this Storage lands whole, or, if it
  /// throws, none does (and the exception propagates). Writes inside are nested transactions: one that
  /// fails is undone alone, and `work` may catch its error and go on. Reads inside see the writes.
  virtual void transaction(const std::function<void()>& work) = 0;

  /// transaction() for a bulk import: the same all-or-nothing contract, but the engine may defer the upkeep
  /// of derived indexes (SQLite: the notes' full-text index) to one pass at the end, before the commit.
  /// When it returns, every index is exactly what the record-by-record path would have built; when `work`
  /// throws, nothing lands and the indexes are as before. Unlike transaction(), a write inside that fails
  /// is not undone alone: it fails the whole import (at the end, even if `work` caught its error), which
  /// spares the engine a savepoint per write. Nested inside another (bulk) transaction it is a plain
  /// nested transaction. This default is transaction().
  virtual void bulk_transaction(const std::function<void()>& work) { transaction(work); }

  // --- administration ---
  virtual int schema_version() = 0;
  virtual Stats stats(const Scope& scope) = 0;
  /// A consistent online copy of the database to `path` (which must not exist).
  virtual void backup(const std::string& path) = 0;
};

}  // namespace pawnotes

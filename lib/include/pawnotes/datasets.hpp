// Data sets: the Spring PetClinic sample data, a realistic dog-training demo, and a seeded generator
// of synthetic data for benchmarks. All go through the Database (validated, change-logged).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "pawnotes/database.hpp"

namespace pawnotes::datasets {

/// Progress of a long operation: (done, total) in the operation's own unit; may be called often.
using Progress = std::function<void(std::int64_t done, std::int64_t total)>;

/// Records created per entity (records reused, e.g. an existing pet type, are not counted).
struct ImportSummary {
  std::int64_t owners = 0, dogs = 0, pet_types = 0, trainers = 0, specialties = 0, visits = 0, notes = 0,
               care_flags = 0, vaccinations = 0, users = 0;
  std::int64_t skills = 0, goals = 0, training_sessions = 0, homework = 0;  // training plans (the demo)
};

/// Imports the PetClinic sample data (the INSERT statements of its data.sql: vets, specialties,
/// vet_specialties, types, owners, pets, visits; users/roles are skipped: accounts are created by
/// the operator) into the scope's organization. Needs the admin role (Forbidden otherwise).
/// Ids are remapped: by the `id` column when given, else by insertion order (PetClinic ids are
/// 1-based). A pet type or specialty whose name the organization already has (ignoring case) is
/// reused, not duplicated. Accepts `--` and `/* */` comments, '' escapes, NULL/TRUE/FALSE/DEFAULT,
/// INSERT without a column list (classic PetClinic column order), and skips SET/COMMIT/CREATE/...
/// Throws ValidationError with field "line N" (codes "syntax", "not_found", "unique" or the rule's
/// code) for text it cannot parse, unknown tables or columns, references to missing rows, and
/// records that break the rules; all of that is checked before the first write, so nothing is
/// written in that case. The writes are one transaction (Database::transaction): a storage failure
/// in the middle, e.g. a full disk, leaves nothing of the import either.
ImportSummary import_petclinic_sql(Database& db, const Scope& scope, const std::string& sql_text);

/// A realistic dog-training demo: trainers with specialties, owners, dogs with care flags,
/// vaccinations (some expired, some due), visits and notes across categories, a skill catalogue (sit,
/// recall, loose-leash walking, place, down-stay, leave it, ...) with goals, six weekly training sessions
/// and homework for the first dogs (some goals ready to raise, one paused). Deterministic given
/// the clock: dates are relative to db.clock().today(). Needs the admin role; reuses specialties of
/// the same name; throws Conflict (writing nothing) if the demo is already loaded in the organization.
ImportSummary load_demo(Database& db, const Scope& scope);

struct SyntheticOptions {
  std::int64_t owners = 1000;
  int dogs_per_owner = 2;      // on average
  std::int64_t notes = 10000;  // spread over the dogs
  std::uint64_t seed = 42;
  int batch_size = 5000;
};

/// Seeded, reproducible synthetic owners / dogs / notes (same seed -> same data in an empty
/// organization). Writes in create_many batches of `batch_size` and calls `progress` after each with
/// (records written, owners + dogs + notes). Negative counts, dogs_per_owner < 1 or batch_size < 1
/// (or notes without owners) are a ValidationError before anything is written.
ImportSummary generate_synthetic(Database& db, const Scope& scope, const SyntheticOptions& options,
                                 const Progress& progress = nullptr);

}  // namespace pawnotes::datasets

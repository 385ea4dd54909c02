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

struct ImportSummary {
  std::int64_t owners = 0, dogs = 0, pet_types = 0, trainers = 0, specialties = 0, visits = 0, notes = 0,
               care_flags = 0, vaccinations = 0, users = 0;
};

/// Imports the PetClinic sample data (the INSERT statements of its data.sql: vets, specialties,
/// vet_specialties, types, owners, pets, visits; users/roles are skipped: accounts are created by
/// the operator) into the scope's organization. Ids are remapped; throws ValidationError naming the
/// line for text it cannot parse, and writes nothing in that case.
ImportSummary import_petclinic_sql(Database& db, const Scope& scope, const std::string& sql_text);

/// A realistic dog-training demo: trainers with specialties, owners, dogs with care flags,
/// vaccinations (some expired, some due), visits and notes across categories. Deterministic.
ImportSummary load_demo(Database& db, const Scope& scope);

struct SyntheticOptions {
  std::int64_t owners = 1000;
  int dogs_per_owner = 2;      // on average
  std::int64_t notes = 10000;  // spread over the dogs
  std::uint64_t seed = 42;
  int batch_size = 5000;
};

/// Seeded, reproducible synthetic owners / dogs / notes (same seed -> same data).
ImportSummary generate_synthetic(Database& db, const Scope& scope, const SyntheticOptions& options,
                                 const Progress& progress = nullptr);

}  // namespace pawnotes::datasets

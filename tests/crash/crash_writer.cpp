// Crash-safety writer: opens the database at argv[1], then creates notes forever. After each create
// returns (the write is acknowledged) it prints the note's id on its own line and flushes, so the
// parent (crash_test) knows exactly which writes it may expect to survive a SIGKILL.
#include <cstdio>
#include <exception>
#include <string>

#include "pawnotes/pawnotes.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <database file>\n", argv[0]);
    return 2;
  }
  try {
    pawnotes::Database db = pawnotes::Database::open(argv[1]);
    // Earlier rounds may have set things up already (or been killed half-way through).
    auto organizations = db.organizations();
    const pawnotes::Id org = organizations.empty() ? db.create_organization("Crash Org").id : organizations.front().id;
    const pawnotes::Scope scope{org, 1, {pawnotes::Role::Admin}};
    pawnotes::ListRequest first;
    first.page.size = 1;
    auto dogs = db.list(scope, pawnotes::Entity::Dog, first);
    pawnotes::Id dog = 0;
    if (dogs.items.empty()) {
      const auto owner = db.create(scope, pawnotes::Entity::Owner,
                                   {{"firstName", "Crash"},
                                    {"lastName", "Owner"},
                                    {"address", "1 Kill Street"},
                                    {"city", "Sigkill"},
                                    {"telephone", "555"}});
      dog = db.create(scope, pawnotes::Entity::Dog, {{"ownerId", owner.at("id")}, {"name", "Survivor"}})
                .at("id")
                .get<pawnotes::Id>();
    } else {
      dog = dogs.items.front().at("id").get<pawnotes::Id>();
    }
    for (long i = 0;; ++i) {
      const auto note = db.create(scope, pawnotes::Entity::Note,
                                  {{"dogId", dog},
                                   {"body", "Crash-test note number " + std::to_string(i) + " with some words"},
                                   {"tags", {"crash"}}});
      std::printf("%lld\n", static_cast<long long>(note.at("id").get<pawnotes::Id>()));
      std::fflush(stdout);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "crash_writer: %s\n", error.what());
    return 1;
  }
}

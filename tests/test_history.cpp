// The change log: one entry per create/update/delete with actor, time, version and data; history paging
// (newest first) and the changes_since sync cursor (oldest first).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/test_support.hpp"

using namespace pawnotes;
using namespace pawnotes::testing;
using nlohmann::json;

namespace {
Id id_of(const json& record) { return record.at("id").get<Id>(); }
}  // namespace

TEST_CASE("every write appends one change with actor, time, version and data", "[storage][history]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const json created = t.db.create(t.trainer, Entity::Owner, owner_input());
  const Id id = id_of(created);
  t.clock->advance_millis(1500);
  const json updated = t.db.update(t.admin, Entity::Owner, id, owner_input("Ada", "King"), 1);
  t.clock->advance_millis(1500);
  t.db.remove(t.trainer, Entity::Owner, id, 2);

  const auto page = t.db.history(t.viewer, {Entity::Owner, id, {}});
  CHECK(page.total == 3);
  REQUIRE(page.items.size() == 3);
  const ChangeRecord& del = page.items[0];
  const ChangeRecord& upd = page.items[1];
  const ChangeRecord& cre = page.items[2];

  CHECK(cre.entity == Entity::Owner);
  CHECK(cre.entity_id == id);
  CHECK(cre.operation == "create");
  CHECK(cre.actor_id == t.trainer.actor_id);
  CHECK(cre.at.to_string() == "2026-11-24T12:00:00.000Z");
  CHECK(cre.version == 1);
  CHECK(cre.data == created);

  CHECK(upd.operation == "update");
  CHECK(upd.actor_id == t.admin.actor_id);
  CHECK(upd.at.to_string() == "2026-11-24T12:00:01.500Z");
  CHECK(upd.version == 2);
  CHECK(upd.data == updated);

  CHECK(del.operation == "delete");
  CHECK(del.actor_id == t.trainer.actor_id);
  CHECK(del.at.to_string() == "2026-11-24T12:00:03.000Z");
  CHECK(del.version == 2);
  CHECK(del.data == updated);  // the record before it was deleted

  CHECK(cre.seq < upd.seq);
  CHECK(upd.seq < del.seq);
}

TEST_CASE("every entity's writes are logged", "[storage][history]") {
  TestDb t(Where::InMemory);
  const Id owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  const Id dog = id_of(t.db.create(t.admin, Entity::Dog, dog_input(owner)));
  const std::vector<std::pair<Entity, json>> inputs = {
      {Entity::PetType, named_input("Cat")},
      {Entity::Specialty, named_input("Agility")},
      {Entity::Trainer, trainer_input()},
      {Entity::Visit, visit_input(dog)},
      {Entity::Note, note_input(dog)},
      {Entity::CareFlag, care_flag_input(dog)},
      {Entity::Vaccination, vaccination_input(dog)},
  };
  for (const auto& [entity, input] : inputs) {
    INFO(entity_name(entity));
    const json created = t.db.create(t.admin, entity, input);
    const json updated = t.db.update(t.admin, entity, id_of(created), input, 1);
    t.db.remove(t.admin, entity, id_of(created), 2);
    const auto history = t.db.history(t.viewer, {entity, id_of(created), {}});
    REQUIRE(history.items.size() == 3);
    CHECK(history.items[0].operation == "delete");
    CHECK(history.items[1].operation == "update");
    CHECK(history.items[1].data == updated);
    CHECK(history.items[2].operation == "create");
    CHECK(history.items[2].data == created);
    for (const ChangeRecord& change : history.items) CHECK(change.entity == entity);
  }
  // The soft-deleted note's delete entry carries the new version.
  const Id note = id_of(t.db.create(t.admin, Entity::Note, note_input(dog)));
  t.db.remove(t.admin, Entity::Note, note, 1);
  const auto note_history = t.db.history(t.viewer, {Entity::Note, note, {}});
  CHECK(note_history.items.at(0).operation == "delete");
  CHECK(note_history.items.at(0).version == 2);
  CHECK(note_history.items.at(0).data.at("deletedAt").is_null());
}

TEST_CASE("history is paged newest first and can be sorted", "[storage][history]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const Id id = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  for (int i = 2; i <= 6; ++i) {
    t.db.update(t.admin, Entity::Owner, id, owner_input("Ada", "Version" + std::string(1, char('A' + i))), i - 1);
  }
  HistoryRequest request{Entity::Owner, id, {}};
  request.page.size = 2;
  auto page = t.db.history(t.viewer, request);
  CHECK(page.total == 6);
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0].version == 6);
  CHECK(page.items[1].version == 5);
  request.page.page = 2;
  page = t.db.history(t.viewer, request);
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0].version == 2);
  CHECK(page.items[1].version == 1);
  request.page.page = 3;
  CHECK(t.db.history(t.viewer, request).items.empty());

  request.page.page = 0;
  request.page.sort = "seq";
  CHECK(t.db.history(t.viewer, request).items.at(0).version == 1);
  request.page.sort = "size";
  CHECK(field_errors([&] { t.db.history(t.viewer, request); }).at(0).code == "invalid_sort");
  request.page.sort = "";
  request.page.size = 0;
  CHECK(field_errors([&] { t.db.history(t.viewer, request); }).at(0).field == "size");
}

TEST_CASE("changes_since is a cursor over the organization's changes, oldest first", "[storage][history]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  std::vector<Id> owners;
  for (int i = 0; i < 5; ++i) {
    owners.push_back(
        id_of(t.db.create(t.admin, Entity::Owner, owner_input("Ada", "Number" + std::string(1, 'A' + i)))));
    t.db.create(t.other_admin, Entity::Owner, owner_input("Eve", "Elsewhere" + std::string(1, 'A' + i)));
  }
  const auto first = t.db.changes_since(t.viewer, 0, 3);
  REQUIRE(first.size() == 3);
  CHECK(first[0].entity_id == owners[0]);
  CHECK(first[1].entity_id == owners[1]);
  CHECK(first[2].entity_id == owners[2]);
  const auto rest = t.db.changes_since(t.viewer, first.back().seq, 100);
  REQUIRE(rest.size() == 2);
  CHECK(rest[0].entity_id == owners[3]);
  CHECK(rest[1].entity_id == owners[4]);
  CHECK(t.db.changes_since(t.viewer, rest.back().seq, 100).empty());

  // A later change shows up after the cursor.
  t.db.update(t.trainer, Entity::Owner, owners[0], owner_input("Ada", "Renamed"), 1);
  const auto later = t.db.changes_since(t.viewer, rest.back().seq, 100);
  REQUIRE(later.size() == 1);
  CHECK(later[0].operation == "update");
  CHECK(later[0].actor_id == t.trainer.actor_id);
  CHECK(later[0].data.at("lastName") == "Renamed");

  CHECK(field_errors([&] { t.db.changes_since(t.viewer, 0, 0); }).at(0).field == "limit");
  CHECK(field_errors([&] { t.db.changes_since(t.viewer, 0, 1001); }).at(0).field == "limit");
  CHECK_THROWS_AS(t.db.changes_since(Scope{t.org.id, 1, {}}, 0, 10), Forbidden);
}

TEST_CASE("a failed write leaves no change behind", "[storage][history]") {
  TestDb t(Where::InMemory);
  const Id owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  t.db.create(t.admin, Entity::Dog, dog_input(owner, "Rex"));
  const auto before = t.db.stats(t.viewer).changes;
  CHECK_THROWS_AS(t.db.create(t.admin, Entity::Dog, dog_input(owner, "REX")), ValidationError);
  CHECK_THROWS_AS(t.db.remove(t.admin, Entity::Owner, owner), Conflict);
  CHECK_THROWS_AS(t.db.update(t.admin, Entity::Owner, owner, owner_input(), 7), Conflict);
  CHECK(t.db.stats(t.viewer).changes == before);
}

// Record writes through Database on both an in-memory and an on-file database: CRUD of every entity,
// uniqueness, references, versions, delete rules, soft-deleted notes, revisions, client keys, roles,
// create_many atomicity and plain listing.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/test_support.hpp"

using namespace pawnotes;
using namespace pawnotes::testing;
using nlohmann::json;

namespace {

Where any_where() { return GENERATE(Where::InMemory, Where::OnFile); }

Id id_of(const json& record) { return record.at("id").get<Id>(); }

std::string conflict_message(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Conflict& error) {
    return error.what();
  }
  FAIL("expected a Conflict");
  return "";
}

// An owner with one dog, for the tests of the dog's dependants.
struct Family {
  Id owner = 0;
  Id dog = 0;
};

Family make_family(TestDb& t, const std::string& dog_name = "Rex") {
  Family f;
  f.owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  f.dog = id_of(t.db.create(t.admin, Entity::Dog, dog_input(f.owner, dog_name)));
  return f;
}

}  // namespace

TEST_CASE("owners: create, get, update, list and delete", "[storage][records]") {
  TestDb t(any_where());
  const json created = t.db.create(t.trainer, Entity::Owner, owner_input("George", "Franklin"));
  CHECK(id_of(created) > 0);
  CHECK(created.at("firstName") == "George");
  CHECK(created.at("lastName") == "Franklin");
  CHECK(created.at("address") == "12 Park Road");
  CHECK(created.at("email").is_null());
  CHECK(created.at("version") == 1);
  CHECK(created.at("dogs") == json::array());
  CHECK(t.db.get(t.viewer, Entity::Owner, id_of(created)) == created);

  json change = owner_input("George", "Franklin");
  change["city"] = "Sun Prairie";
  change["email"] = "george@example.com";
  const json updated = t.db.update(t.trainer, Entity::Owner, id_of(created), change, 1);
  CHECK(updated.at("city") == "Sun Prairie");
  CHECK(updated.at("email") == "george@example.com");
  CHECK(updated.at("version") == 2);
  CHECK(t.db.get(t.viewer, Entity::Owner, id_of(created)) == updated);

  const auto page = t.db.list(t.viewer, Entity::Owner);
  REQUIRE(page.total == 1);
  CHECK(page.items.at(0) == updated);

  t.db.remove(t.trainer, Entity::Owner, id_of(created), 2);
  CHECK_THROWS_AS(t.db.get(t.viewer, Entity::Owner, id_of(created)), NotFound);
  CHECK(t.db.list(t.viewer, Entity::Owner).total == 0);
}

TEST_CASE("typed helpers round-trip through the structs", "[storage][records]") {
  TestDb t(any_where());
  Owner owner;
  owner.first_name = "Betty";
  owner.last_name = "Davis";
  owner.address = "638 Cardinal Ave.";
  owner.city = "Sun Prairie";
  owner.telephone = "6085551749";
  const Owner created = t.db.create(t.admin, owner);
  CHECK(created.id > 0);
  CHECK(created.version == 1);
  const Owner read = t.db.get<Owner>(t.viewer, created.id);
  CHECK(read.last_name == "Davis");
  Owner change = read;
  change.city = "Madison";
  const Owner updated = t.db.update(t.admin, change);
  CHECK(updated.city == "Madison");
  CHECK(updated.version == 2);
  CHECK_THROWS_AS(t.db.update(t.admin, change), Conflict);  // change.version is now stale
}

TEST_CASE("a stale expected version is a Conflict that names both versions", "[storage][records]") {
  TestDb t(any_where());
  const Id owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  t.db.update(t.admin, Entity::Owner, owner, owner_input("Ada", "Byron"), 1);
  CHECK(conflict_message([&] { t.db.update(t.admin, Entity::Owner, owner, owner_input(), 1); }) ==
        "the owner was changed by someone else (version 2, you had 1)");
  CHECK(conflict_message([&] { t.db.remove(t.admin, Entity::Owner, owner, 1); }) ==
        "the owner was changed by someone else (version 2, you had 1)");
  // Without an expected version the last write wins.
  CHECK(t.db.update(t.admin, Entity::Owner, owner, owner_input("Ada", "King"), std::nullopt).at("version") == 3);
  CHECK(t.db.get(t.admin, Entity::Owner, owner).at("lastName") == "King");
}

TEST_CASE("missing ids are NotFound for get, update and remove", "[storage][records]") {
  TestDb t(any_where());
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::Owner, 999), NotFound);
  CHECK_THROWS_AS(t.db.update(t.admin, Entity::Owner, 999, owner_input(), std::nullopt), NotFound);
  CHECK_THROWS_AS(t.db.remove(t.admin, Entity::Owner, 999), NotFound);
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::Note, 999), NotFound);
}

TEST_CASE("pet types and specialties: names unique per organization ignoring case", "[storage][records]") {
  TestDb t(any_where());
  const Entity entity = GENERATE(Entity::PetType, Entity::Specialty);
  const json cat = t.db.create(t.admin, entity, named_input("Cat"));
  CHECK(cat.at("name") == "Cat");
  CHECK(cat.at("version") == 1);
  const json bird = t.db.create(t.admin, entity, named_input("Bird"));

  const auto duplicate = field_errors([&] { t.db.create(t.admin, entity, named_input("cAT")); });
  REQUIRE(duplicate.size() == 1);
  CHECK(duplicate[0].field == "name");
  CHECK(duplicate[0].code == "unique");
  CHECK(duplicate[0].message.rfind("is already used", 0) == 0);

  // Renaming to its own name in another case is fine; to another's name is not.
  CHECK(t.db.update(t.admin, entity, id_of(cat), named_input("CAT"), 1).at("name") == "CAT");
  CHECK(has_error(field_errors([&] { t.db.update(t.admin, entity, id_of(bird), named_input("cat"), 1); }), "name",
                  "unique"));
  // Another organization may use the same name.
  CHECK(t.db.create(t.other_admin, entity, named_input("Cat")).at("name") == "Cat");
  CHECK(t.db.list(t.viewer, entity).total == 2);
}

TEST_CASE("dogs: default type, computed age, owner's dogs ordered by name", "[storage][records]") {
  TestDb t(any_where());
  const Id owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  const json rex = t.db.create(t.trainer, Entity::Dog, dog_input(owner, "Rex"));
  CHECK(rex.at("ownerId") == owner);
  CHECK(rex.at("name") == "Rex");
  CHECK(rex.at("type").at("name") == "Dog");
  CHECK(rex.at("typeId") == rex.at("type").at("id"));
  CHECK(rex.at("birthDate") == "2020-03-01");
  CHECK(rex.at("ageYears") == 6);  // today is 2026-11-24
  CHECK(rex.at("sex") == "female");
  CHECK(rex.at("status") == "active");
  CHECK(rex.at("version") == 1);

  // The default type was created once, change-logged, and is reused.
  const json ace = t.db.create(t.trainer, Entity::Dog, dog_input(owner, "Ace"));
  CHECK(ace.at("typeId") == rex.at("typeId"));
  CHECK(t.db.list(t.viewer, Entity::PetType).total == 1);
  CHECK(t.db.history(t.viewer, {Entity::PetType, rex.at("typeId").get<Id>(), {}}).total == 1);

  // An existing "dog" type (any case) is used.
  TestDb u(Where::InMemory);
  const Id dogs_type = id_of(u.db.create(u.admin, Entity::PetType, named_input("DOG")));
  const Id owner2 = id_of(u.db.create(u.admin, Entity::Owner, owner_input()));
  CHECK(u.db.create(u.admin, Entity::Dog, dog_input(owner2)).at("typeId") == dogs_type);

  // An explicit type.
  const Id cat = id_of(t.db.create(t.admin, Entity::PetType, named_input("Cat")));
  json tom = dog_input(owner, "Tom");
  tom["typeId"] = cat;
  tom.erase("birthDate");
  const json tom_out = t.db.create(t.trainer, Entity::Dog, tom);
  CHECK(tom_out.at("type") == json{{"id", cat}, {"name", "Cat"}});
  CHECK(tom_out.at("ageYears").is_null());

  const json owner_out = t.db.get(t.viewer, Entity::Owner, owner);
  REQUIRE(owner_out.at("dogs").size() == 3);
  CHECK(owner_out.at("dogs")[0].at("name") == "Ace");
  CHECK(owner_out.at("dogs")[1].at("name") == "Rex");
  CHECK(owner_out.at("dogs")[2].at("name") == "Tom");
}

TEST_CASE("dogs: name unique per owner ignoring case, microchip unique per organization", "[storage][records]") {
  TestDb t(any_where());
  const Id owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  const Id other_owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input("Bob", "Smith")));
  json rex = dog_input(owner, "Rex");
  rex["microchip"] = "985112345678901";
  const Id rex_id = id_of(t.db.create(t.admin, Entity::Dog, rex));

  const auto same_name = field_errors([&] { t.db.create(t.admin, Entity::Dog, dog_input(owner, "rEX")); });
  REQUIRE(same_name.size() == 1);
  CHECK(same_name[0].field == "name");
  CHECK(same_name[0].code == "unique");

  // Another owner may have a Rex, but not the same microchip.
  CHECK(t.db.create(t.admin, Entity::Dog, dog_input(other_owner, "Rex")).at("name") == "Rex");
  json chip = dog_input(other_owner, "Max");
  chip["microchip"] = "985112345678901";
  const auto same_chip = field_errors([&] { t.db.create(t.admin, Entity::Dog, chip); });
  REQUIRE(same_chip.size() == 1);
  CHECK(same_chip[0].field == "microchip");
  CHECK(same_chip[0].code == "unique");

  // Both at once.
  json both = dog_input(owner, "REX");
  both["microchip"] = "985112345678901";
  const auto two = field_errors([&] { t.db.create(t.admin, Entity::Dog, both); });
  CHECK(two.size() == 2);
  CHECK(has_error(two, "name", "unique"));
  CHECK(has_error(two, "microchip", "unique"));

  // Updating a dog keeping its own name and chip is fine.
  rex["weightKg"] = 21.5;
  const json updated = t.db.update(t.admin, Entity::Dog, rex_id, rex, 1);
  CHECK(updated.at("weightKg") == 21.5);
  CHECK(updated.at("microchip") == "985112345678901");
}

TEST_CASE("references to missing records are field errors with code not_found", "[storage][records]") {
  TestDb t(any_where());
  const Family f = make_family(t);
  json dog = dog_input(9999, "Ghost");
  dog["typeId"] = 8888;
  const auto dog_errors = field_errors([&] { t.db.create(t.admin, Entity::Dog, dog); });
  CHECK(has_error(dog_errors, "ownerId", "not_found"));
  CHECK(has_error(dog_errors, "typeId", "not_found"));

  json visit = visit_input(9999);
  visit["trainerId"] = 7777;
  const auto visit_errors = field_errors([&] { t.db.create(t.admin, Entity::Visit, visit); });
  CHECK(has_error(visit_errors, "dogId", "not_found"));
  CHECK(has_error(visit_errors, "trainerId", "not_found"));

  CHECK(has_error(field_errors([&] { t.db.create(t.admin, Entity::Note, note_input(9999)); }), "dogId", "not_found"));
  CHECK(has_error(field_errors([&] { t.db.create(t.admin, Entity::CareFlag, care_flag_input(9999)); }), "dogId",
                  "not_found"));
  CHECK(has_error(field_errors([&] { t.db.create(t.admin, Entity::Vaccination, vaccination_input(9999)); }), "dogId",
                  "not_found"));

  const Id known = id_of(t.db.create(t.admin, Entity::Specialty, named_input("Agility")));
  json trainer = trainer_input();
  trainer["specialtyIds"] = {known, 5555};
  const auto trainer_errors = field_errors([&] { t.db.create(t.admin, Entity::Trainer, trainer); });
  REQUIRE(trainer_errors.size() == 1);
  CHECK(trainer_errors[0].field == "specialtyIds[1]");
  CHECK(trainer_errors[0].code == "not_found");

  // Nothing was written by the failed creates.
  const Stats stats = t.db.stats(t.viewer);
  CHECK(stats.visits == 0);
  CHECK(stats.notes == 0);
  CHECK(stats.trainers == 0);
  CHECK(stats.dogs == 1);
  CHECK(f.dog > 0);
}

TEST_CASE("trainers: specialties by id, listed with names", "[storage][records]") {
  TestDb t(any_where());
  const Id surgery = id_of(t.db.create(t.admin, Entity::Specialty, named_input("Surgery")));
  const Id agility = id_of(t.db.create(t.admin, Entity::Specialty, named_input("Agility")));
  json input = trainer_input("Linda", "Douglas");
  input["specialtyIds"] = {surgery, agility};
  const json trainer = t.db.create(t.admin, Entity::Trainer, input);
  REQUIRE(trainer.at("specialties").size() == 2);
  CHECK(trainer.at("specialties")[0].at("name") == "Agility");  // by name
  CHECK(trainer.at("specialties")[1].at("name") == "Surgery");
  CHECK(trainer.at("specialtyIds") == json{agility, surgery});

  input["specialtyIds"] = {surgery};
  const json updated = t.db.update(t.admin, Entity::Trainer, id_of(trainer), input, 1);
  REQUIRE(updated.at("specialties").size() == 1);
  CHECK(updated.at("specialties")[0].at("id") == surgery);
  CHECK(updated.at("version") == 2);

  const auto page = t.db.list(t.viewer, Entity::Trainer);
  REQUIRE(page.items.size() == 1);
  CHECK(page.items[0] == updated);
}

TEST_CASE("visits, care flags and vaccinations: defaults and computed members", "[storage][records]") {
  TestDb t(any_where());
  const Family f = make_family(t);

  json visit = visit_input(f.dog);
  visit.erase("date");
  const json v = t.db.create(t.trainer, Entity::Visit, visit);
  CHECK(v.at("date") == "2026-11-24");  // today
  CHECK(v.at("trainerId").is_null());
  CHECK(v.at("durationMinutes") == 45);

  json flag = care_flag_input(f.dog);
  const json c = t.db.create(t.trainer, Entity::CareFlag, flag);
  CHECK(c.at("active") == true);
  CHECK(c.at("createdAt") == "2026-11-24T12:00:00.000Z");
  flag["active"] = false;
  CHECK(t.db.update(t.trainer, Entity::CareFlag, id_of(c), flag, 1).at("active") == false);

  const json ok = t.db.create(t.trainer, Entity::Vaccination, vaccination_input(f.dog, "Rabies"));
  CHECK(ok.at("status") == "ok");
  CHECK(ok.at("daysLeft") == 47);
  json soon = vaccination_input(f.dog, "Lepto");
  soon["expiresOn"] = "2026-12-24";  // exactly 30 days
  CHECK(t.db.create(t.trainer, Entity::Vaccination, soon).at("status") == "due");
  json old = vaccination_input(f.dog, "Parvo");
  old["expiresOn"] = "2026-11-23";
  const json expired = t.db.create(t.trainer, Entity::Vaccination, old);
  CHECK(expired.at("status") == "expired");
  CHECK(expired.at("daysLeft") == -1);
}

TEST_CASE("notes: author, timestamps, revisions on edit", "[storage][records][notes]") {
  TestDb t(any_where());
  const Family f = make_family(t);
  const json note = t.db.create(t.trainer, Entity::Note, note_input(f.dog, "First try at recall"));
  const Id id = id_of(note);
  CHECK(note.at("authorId") == t.trainer.actor_id);
  CHECK(note.at("createdAt") == "2026-11-24T12:00:00.000Z");
  CHECK(note.at("updatedAt") == "2026-11-24T12:00:00.000Z");
  CHECK(note.at("revision") == 1);
  CHECK(note.at("deletedAt").is_null());
  CHECK(note.at("tags") == json{"recall", "leash"});
  CHECK(note.at("category") == "progress");
  CHECK(note.at("visibility") == "internal");
  CHECK(t.db.get(t.viewer, Entity::Note, id) == note);

  t.clock->advance_millis(60'000);
  json edit = note_input(f.dog, "Recall works at 10 m");
  edit["tags"] = {"recall"};
  const json second = t.db.update(t.admin, Entity::Note, id, edit, 1);
  CHECK(second.at("revision") == 2);
  CHECK(second.at("version") == 2);
  CHECK(second.at("updatedAt") == "2026-11-24T12:01:00.000Z");
  CHECK(second.at("createdAt") == "2026-11-24T12:00:00.000Z");
  CHECK(second.at("authorId") == t.trainer.actor_id);
  CHECK(second.at("tags") == json{"recall"});

  t.clock->advance_millis(60'000);
  edit["body"] = "Recall works at 20 m";
  CHECK(t.db.update(t.trainer, Entity::Note, id, edit, 2).at("revision") == 3);

  const auto revisions = t.db.note_revisions(t.viewer, id);
  REQUIRE(revisions.size() == 2);
  CHECK(revisions[0].revision == 1);
  CHECK(revisions[0].body == "First try at recall");
  CHECK(revisions[0].tags == std::vector<std::string>{"recall", "leash"});
  CHECK(revisions[0].edited_by == t.trainer.actor_id);  // who wrote that state, and when
  CHECK(revisions[0].edited_at.to_string() == "2026-11-24T12:00:00.000Z");
  CHECK(revisions[1].revision == 2);
  CHECK(revisions[1].body == "Recall works at 10 m");
  CHECK(revisions[1].edited_by == t.admin.actor_id);
  CHECK(revisions[1].edited_at.to_string() == "2026-11-24T12:01:00.000Z");
}

TEST_CASE("notes are soft-deleted: readable by id, gone from lists", "[storage][records][notes]") {
  TestDb t(any_where());
  const Family f = make_family(t);
  const Id kept = id_of(t.db.create(t.trainer, Entity::Note, note_input(f.dog, "Kept")));
  const Id gone = id_of(t.db.create(t.trainer, Entity::Note, note_input(f.dog, "Gone")));
  t.clock->advance_millis(1000);
  t.db.remove(t.trainer, Entity::Note, gone, 1);

  const json deleted = t.db.get(t.viewer, Entity::Note, gone);
  CHECK(deleted.at("deletedAt") == "2026-11-24T12:00:01.000Z");
  CHECK(deleted.at("version") == 2);
  CHECK(deleted.at("body") == "Gone");
  const auto page = t.db.list(t.viewer, Entity::Note);
  REQUIRE(page.total == 1);
  CHECK(id_of(page.items[0]) == kept);
  CHECK(t.db.stats(t.viewer).notes == 1);

  CHECK_THROWS_AS(t.db.update(t.trainer, Entity::Note, gone, note_input(f.dog, "Back"), std::nullopt), Conflict);
  CHECK_THROWS_AS(t.db.remove(t.trainer, Entity::Note, gone), NotFound);
  // A dog whose only notes are deleted can be deleted without cascade.
  t.db.remove(t.trainer, Entity::Note, kept);
  t.db.remove(t.trainer, Entity::Dog, f.dog);
  CHECK_THROWS_AS(t.db.get(t.viewer, Entity::Note, gone), NotFound);
}

TEST_CASE("delete rules: owners with dogs, dogs with records, cascade", "[storage][records][delete]") {
  TestDb t(any_where());
  const Family f = make_family(t);
  const Id visit = id_of(t.db.create(t.admin, Entity::Visit, visit_input(f.dog)));
  const Id note = id_of(t.db.create(t.admin, Entity::Note, note_input(f.dog)));
  const Id flag = id_of(t.db.create(t.admin, Entity::CareFlag, care_flag_input(f.dog)));
  const Id vaccination = id_of(t.db.create(t.admin, Entity::Vaccination, vaccination_input(f.dog)));

  CHECK(conflict_message([&] { t.db.remove(t.admin, Entity::Owner, f.owner); }) ==
        "the owner still has 1 dogs; delete them first or delete with cascade");
  CHECK_THROWS_AS(t.db.remove(t.admin, Entity::Dog, f.dog), Conflict);
  CHECK(t.db.stats(t.viewer).dogs == 1);

  t.db.remove(t.admin, Entity::Owner, f.owner, std::nullopt, true);
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::Owner, f.owner), NotFound);
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::Dog, f.dog), NotFound);
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::Visit, visit), NotFound);
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::Note, note), NotFound);
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::CareFlag, flag), NotFound);
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::Vaccination, vaccination), NotFound);
  const Stats stats = t.db.stats(t.viewer);
  CHECK(stats.owners == 0);
  CHECK(stats.dogs == 0);
  CHECK(stats.visits == 0);
  CHECK(stats.care_flags == 0);
  CHECK(stats.vaccinations == 0);
  // Every removed record was change-logged as a delete.
  for (auto [entity, id] : std::vector<std::pair<Entity, Id>>{{Entity::Owner, f.owner},
                                                              {Entity::Dog, f.dog},
                                                              {Entity::Visit, visit},
                                                              {Entity::Note, note},
                                                              {Entity::CareFlag, flag},
                                                              {Entity::Vaccination, vaccination}}) {
    const auto history = t.db.history(t.viewer, {entity, id, {}});
    REQUIRE(history.items.size() == 2);
    CHECK(history.items[0].operation == "delete");
  }
}

TEST_CASE("delete rules: a dog with records needs cascade", "[storage][records][delete]") {
  TestDb t(any_where());
  const Family f = make_family(t);
  const Entity dependant = GENERATE(Entity::Visit, Entity::Note, Entity::CareFlag, Entity::Vaccination);
  json input = dependant == Entity::Visit      ? visit_input(f.dog)
               : dependant == Entity::Note     ? note_input(f.dog)
               : dependant == Entity::CareFlag ? care_flag_input(f.dog)
                                               : vaccination_input(f.dog);
  const Id child = id_of(t.db.create(t.admin, dependant, input));
  CHECK_THROWS_AS(t.db.remove(t.admin, Entity::Dog, f.dog), Conflict);
  CHECK(t.db.get(t.admin, dependant, child).at("id") == child);
  t.db.remove(t.admin, Entity::Dog, f.dog, 1, true);
  CHECK_THROWS_AS(t.db.get(t.admin, dependant, child), NotFound);
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::Dog, f.dog), NotFound);
  // The owner is free to go now.
  t.db.remove(t.admin, Entity::Owner, f.owner);
}

TEST_CASE("delete rules: pet types in use, specialties, trainers with visits", "[storage][records][delete]") {
  TestDb t(any_where());
  const Family f = make_family(t);
  const Id dog_type = t.db.get(t.admin, Entity::Dog, f.dog).at("typeId").get<Id>();
  CHECK_THROWS_AS(t.db.remove(t.admin, Entity::PetType, dog_type), Conflict);
  CHECK_THROWS_AS(t.db.remove(t.admin, Entity::PetType, dog_type, std::nullopt, true), Conflict);
  const Id unused = id_of(t.db.create(t.admin, Entity::PetType, named_input("Hamster")));
  t.db.remove(t.admin, Entity::PetType, unused, 1);
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::PetType, unused), NotFound);

  const Id agility = id_of(t.db.create(t.admin, Entity::Specialty, named_input("Agility")));
  json input = trainer_input();
  input["specialtyIds"] = {agility};
  const Id trainer = id_of(t.db.create(t.admin, Entity::Trainer, input));
  CHECK_THROWS_AS(t.db.remove(t.admin, Entity::Specialty, agility), Conflict);
  t.db.remove(t.admin, Entity::Specialty, agility, std::nullopt, true);
  const json after = t.db.get(t.admin, Entity::Trainer, trainer);
  CHECK(after.at("specialties") == json::array());
  CHECK(after.at("version") == 2);  // the trainer changed: its version moved and it was logged
  CHECK(t.db.history(t.viewer, {Entity::Trainer, trainer, {}}).items.at(0).operation == "update");

  json visit = visit_input(f.dog);
  visit["trainerId"] = trainer;
  const Id visit_id = id_of(t.db.create(t.admin, Entity::Visit, visit));
  CHECK_THROWS_AS(t.db.remove(t.admin, Entity::Trainer, trainer), Conflict);
  t.db.remove(t.admin, Entity::Trainer, trainer, 2, true);
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::Trainer, trainer), NotFound);
  const json kept = t.db.get(t.admin, Entity::Visit, visit_id);
  CHECK(kept.at("trainerId").is_null());
  CHECK(kept.at("version") == 2);
}

TEST_CASE("client keys make creates idempotent", "[storage][records][client-key]") {
  TestDb t(any_where());
  const Family f = make_family(t);
  WriteOptions key;
  key.client_key = "6f1c2a7e-0b7d-4a53-9b8e-3f2d1c0e9a11";
  const json first = t.db.create(t.trainer, Entity::Note, note_input(f.dog, "Offline note"), key);
  const json replay = t.db.create(t.trainer, Entity::Note, note_input(f.dog, "Offline note, sent again"), key);
  CHECK(replay == first);
  CHECK(t.db.list(t.viewer, Entity::Note).total == 1);
  CHECK(t.db.history(t.viewer, {Entity::Note, id_of(first), {}}).total == 1);

  // The same key for another kind of record is a conflict, and writes nothing.
  CHECK_THROWS_AS(t.db.create(t.trainer, Entity::Visit, visit_input(f.dog), key), Conflict);
  CHECK(t.db.stats(t.viewer).visits == 0);

  // Keys belong to an organization.
  const Id other_owner = id_of(t.db.create(t.other_admin, Entity::Owner, owner_input()));
  CHECK(id_of(t.db.create(t.other_admin, Entity::Owner, owner_input("Eve", "Other"), key)) != other_owner);

  // Malformed keys.
  for (const std::string& bad : {std::string(), std::string(101, 'k'), std::string("tab\there"), std::string("ü")}) {
    WriteOptions malformed;
    malformed.client_key = bad;
    const auto errors = field_errors([&] { t.db.create(t.trainer, Entity::Note, note_input(f.dog), malformed); });
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "clientKey");
  }
  WriteOptions longest;
  longest.client_key = std::string(100, 'k');
  CHECK(t.db.create(t.trainer, Entity::Note, note_input(f.dog), longest).at("id").get<Id>() > 0);
}

TEST_CASE("roles: who may write what", "[storage][records][roles]") {
  TestDb t(Where::InMemory);
  const Family f = make_family(t);
  struct Case {
    Entity entity;
    json input;
    bool trainer_may;
  };
  const std::vector<Case> cases = {
      {Entity::Owner, owner_input("Role", "Test"), true},
      {Entity::Dog, dog_input(f.owner, "Roley"), true},
      {Entity::Visit, visit_input(f.dog), true},
      {Entity::Note, note_input(f.dog), true},
      {Entity::CareFlag, care_flag_input(f.dog), true},
      {Entity::Vaccination, vaccination_input(f.dog), true},
      {Entity::PetType, named_input("Ferret"), false},
      {Entity::Specialty, named_input("Scent work"), false},
      {Entity::Trainer, trainer_input("Helen", "Leary"), false},
  };
  for (const Case& c : cases) {
    INFO(entity_name(c.entity));
    // The viewer is refused before validation: even an invalid input is Forbidden.
    CHECK_THROWS_AS(t.db.create(t.viewer, c.entity, json::object()), Forbidden);
    CHECK_THROWS_AS(t.db.create(t.viewer, c.entity, c.input), Forbidden);
    CHECK_THROWS_AS(t.db.create_many(t.viewer, c.entity, {c.input}), Forbidden);
    const json created = t.db.create(t.admin, c.entity, c.input);
    const Id id = id_of(created);
    CHECK(t.db.get(t.viewer, c.entity, id) == created);
    CHECK_THROWS_AS(t.db.update(t.viewer, c.entity, id, c.input, std::nullopt), Forbidden);
    CHECK_THROWS_AS(t.db.remove(t.viewer, c.entity, id), Forbidden);
    if (c.trainer_may) {
      CHECK(t.db.update(t.trainer, c.entity, id, c.input, 1).at("version") == 2);
      t.db.remove(t.trainer, c.entity, id, 2);
    } else {
      CHECK_THROWS_AS(t.db.create(t.trainer, c.entity, c.input), Forbidden);
      CHECK_THROWS_AS(t.db.update(t.trainer, c.entity, id, c.input, std::nullopt), Forbidden);
      CHECK_THROWS_AS(t.db.remove(t.trainer, c.entity, id), Forbidden);
      CHECK(t.db.update(t.admin, c.entity, id, c.input, 1).at("version") == 2);
      t.db.remove(t.admin, c.entity, id, 2);
    }
  }
  const Scope nobody{t.org.id, 9, {}};
  CHECK_THROWS_AS(t.db.get(nobody, Entity::Owner, f.owner), Forbidden);
  CHECK_THROWS_AS(t.db.list(nobody, Entity::Owner), Forbidden);
}

TEST_CASE("patch updates change only the given members", "[storage][records]") {
  TestDb t(any_where());
  const Family f = make_family(t);
  const json patched = t.db.update(t.admin, Entity::Dog, f.dog, {{"weightKg", 30}}, 1, ValidationMode::Patch);
  CHECK(patched.at("weightKg") == 30.0);
  CHECK(patched.at("name") == "Rex");
  CHECK(patched.at("breed") == "Collie");
  CHECK(patched.at("version") == 2);
  // The patch is validated with the rest of the record.
  const auto errors = field_errors([&] {
    t.db.update(t.admin, Entity::Dog, f.dog, {{"weightKg", 500}}, 2, ValidationMode::Patch);
  });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "weightKg");
  CHECK(t.db.get(t.admin, Entity::Dog, f.dog).at("weightKg") == 30.0);
}

TEST_CASE("patch updates keep lists and references of trainers and notes", "[storage][records]") {
  TestDb t(any_where());
  const Family f = make_family(t);
  const Id agility = id_of(t.db.create(t.admin, Entity::Specialty, named_input("Agility")));
  json trainer = trainer_input();
  trainer["specialtyIds"] = {agility};
  const Id trainer_id = id_of(t.db.create(t.admin, Entity::Trainer, trainer));
  const json patched =
      t.db.update(t.admin, Entity::Trainer, trainer_id, {{"email", "james@example.com"}}, 1, ValidationMode::Patch);
  CHECK(patched.at("email") == "james@example.com");
  CHECK(patched.at("specialtyIds") == json{agility});
  CHECK(patched.at("lastName") == "Carter");

  const Id note = id_of(t.db.create(t.trainer, Entity::Note, note_input(f.dog, "Before")));
  const json edited = t.db.update(t.trainer, Entity::Note, note, {{"body", "After"}}, 1, ValidationMode::Patch);
  CHECK(edited.at("body") == "After");
  CHECK(edited.at("tags") == json{"recall", "leash"});
  CHECK(edited.at("category") == "progress");
  CHECK(edited.at("dogId") == f.dog);
  CHECK(edited.at("revision") == 2);
  // Read-only members in a patch are ignored, not applied.
  const json ignored =
      t.db.update(t.trainer, Entity::Note, note, {{"authorId", 999}, {"revision", 50}}, 2, ValidationMode::Patch);
  CHECK(ignored.at("authorId") == t.trainer.actor_id);
  CHECK(ignored.at("revision") == 3);
}

TEST_CASE("create_many writes all or nothing", "[storage][records][bulk]") {
  TestDb t(any_where());
  const Family f = make_family(t);
  const Id other_dog = [&] {
    const Id o = id_of(t.db.create(t.other_admin, Entity::Owner, owner_input()));
    return id_of(t.db.create(t.other_admin, Entity::Dog, dog_input(o)));
  }();

  std::vector<json> notes;
  for (int i = 0; i < 5; ++i) notes.push_back(note_input(f.dog, "Bulk note " + std::to_string(i)));

  SECTION("all valid") {
    const auto created = t.db.create_many(t.trainer, Entity::Note, notes);
    REQUIRE(created.size() == 5);
    CHECK(created[4].at("body") == "Bulk note 4");
    CHECK(created[4] == t.db.get(t.viewer, Entity::Note, id_of(created[4])));
    CHECK(t.db.stats(t.viewer).notes == 5);
  }
  SECTION("one reference into another organization") {
    notes[3]["dogId"] = other_dog;
    const auto errors = field_errors([&] { t.db.create_many(t.trainer, Entity::Note, notes); });
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "[3].dogId");
    CHECK(errors[0].code == "not_found");
    CHECK(t.db.stats(t.viewer).notes == 0);
  }
  SECTION("invalid inputs are all reported before anything is written") {
    notes[1]["body"] = "   ";
    notes[4]["category"] = "gossip";
    const auto errors = field_errors([&] { t.db.create_many(t.trainer, Entity::Note, notes); });
    CHECK(errors.size() == 2);
    CHECK(errors[0].field == "[1].body");
    CHECK(errors[1].field == "[4].category");
    CHECK(t.db.stats(t.viewer).notes == 0);
  }
  SECTION("a duplicate inside the batch") {
    std::vector<json> dogs = {dog_input(f.owner, "Bella"), dog_input(f.owner, "BELLA")};
    const auto errors = field_errors([&] { t.db.create_many(t.admin, Entity::Dog, dogs); });
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "[1].name");
    CHECK(errors[0].code == "unique");
    CHECK(t.db.stats(t.viewer).dogs == 1);
  }
}

TEST_CASE("plain listing: paging, sorting, and their validation", "[storage][records][list]") {
  TestDb t(any_where());
  for (const char* last : {"Coleman", "Black", "Davis", "Adams", "Estaban"}) {
    t.db.create(t.admin, Entity::Owner, owner_input("Jean", last));
  }
  ListRequest request;
  request.page.size = 2;
  request.page.sort = "lastName";
  auto page = t.db.list(t.viewer, Entity::Owner, request);
  CHECK(page.total == 5);
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0].at("lastName") == "Adams");
  CHECK(page.items[1].at("lastName") == "Black");
  request.page.page = 2;
  page = t.db.list(t.viewer, Entity::Owner, request);
  REQUIRE(page.items.size() == 1);
  CHECK(page.items[0].at("lastName") == "Estaban");
  request.page.page = 0;
  request.page.sort = "-lastName";
  CHECK(t.db.list(t.viewer, Entity::Owner, request).items.at(0).at("lastName") == "Estaban");
  request.page.sort = "";
  CHECK(t.db.list(t.viewer, Entity::Owner, request).items.at(0).at("lastName") == "Coleman");  // by id

  request.page.sort = "shoeSize";
  const auto bad_sort = field_errors([&] { t.db.list(t.viewer, Entity::Owner, request); });
  REQUIRE(bad_sort.size() == 1);
  CHECK(bad_sort[0].field == "sort");
  CHECK(bad_sort[0].code == "invalid_sort");
  request.page.sort = "";
  request.page.size = 0;
  CHECK(field_errors([&] { t.db.list(t.viewer, Entity::Owner, request); }).at(0).field == "size");
  request.page.size = 1001;
  CHECK(field_errors([&] { t.db.list(t.viewer, Entity::Owner, request); }).at(0).field == "size");
  request.page.size = 1000;
  request.page.page = -1;
  CHECK(field_errors([&] { t.db.list(t.viewer, Entity::Owner, request); }).at(0).field == "page");

  // Every entity's sort keys are accepted.
  const std::vector<std::pair<Entity, std::vector<std::string>>> keys = {
      {Entity::Owner, {"id", "lastName", "firstName", "city"}},
      {Entity::PetType, {"id", "name"}},
      {Entity::Specialty, {"id", "name"}},
      {Entity::Dog, {"id", "name", "birthDate", "breed", "status"}},
      {Entity::Trainer, {"id", "lastName", "firstName"}},
      {Entity::Visit, {"id", "date", "description"}},
      {Entity::Note, {"id", "createdAt", "updatedAt", "category"}},
      {Entity::CareFlag, {"id", "createdAt", "kind", "severity"}},
      {Entity::Vaccination, {"id", "name", "givenOn", "expiresOn"}},
  };
  for (const auto& [entity, sort_keys] : keys) {
    for (const std::string& key : sort_keys) {
      ListRequest r;
      r.page.sort = "-" + key;
      CHECK_NOTHROW(t.db.list(t.viewer, entity, r));
    }
  }
}

TEST_CASE("owners are listed with their dogs without one query per owner", "[storage][records][list]") {
  TestDb t(any_where());
  const Id a = id_of(t.db.create(t.admin, Entity::Owner, owner_input("Ann", "Alpha")));
  const Id b = id_of(t.db.create(t.admin, Entity::Owner, owner_input("Ben", "Beta")));
  t.db.create(t.admin, Entity::Dog, dog_input(a, "Zed"));
  t.db.create(t.admin, Entity::Dog, dog_input(b, "Bo"));
  t.db.create(t.admin, Entity::Dog, dog_input(a, "Ally"));
  const auto page = t.db.list(t.viewer, Entity::Owner);
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0].at("dogs").size() == 2);
  CHECK(page.items[0].at("dogs")[0].at("name") == "Ally");
  CHECK(page.items[0].at("dogs")[1].at("name") == "Zed");
  CHECK(page.items[1].at("dogs").size() == 1);
  CHECK(page.items[1].at("dogs")[0].at("name") == "Bo");
}

TEST_CASE("listing owners and trainers costs the same number of statements for 1 or 30 rows",
          "[storage][records][list]") {
  TestDb t(Where::InMemory);
  const Id agility = id_of(t.db.create(t.admin, Entity::Specialty, named_input("Agility")));
  const auto add = [&](int i) {
    const Id owner =
        id_of(t.db.create(t.admin, Entity::Owner, owner_input("Ann", "Owner" + std::string(1, 'a' + i % 26))));
    t.db.create(t.admin, Entity::Dog, dog_input(owner, "Dog" + std::string(1, 'a' + i % 26)));
    json trainer = trainer_input("Tim", "Trainer" + std::string(1, 'a' + i % 26));
    trainer["specialtyIds"] = {agility};
    t.db.create(t.admin, Entity::Trainer, trainer);
  };
  add(0);
  const int owners_one = statements_run(t.db, [&] { CHECK(t.db.list(t.viewer, Entity::Owner).items.size() == 1); });
  const int trainers_one = statements_run(t.db, [&] { CHECK(t.db.list(t.viewer, Entity::Trainer).items.size() == 1); });
  for (int i = 1; i < 30; ++i) add(i);
  ListRequest request;
  request.page.size = 50;
  const int owners_many =
      statements_run(t.db, [&] { CHECK(t.db.list(t.viewer, Entity::Owner, request).items.size() == 30); });
  const int trainers_many =
      statements_run(t.db, [&] { CHECK(t.db.list(t.viewer, Entity::Trainer, request).items.size() == 30); });
  CHECK(owners_one == owners_many);
  CHECK(trainers_one == trainers_many);
  CHECK(owners_many <= 3);  // count, page, dogs of the page
}

TEST_CASE("Database::transaction: all writes land, or none when the work throws", "[storage][transaction]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  SECTION("committed work is visible") {
    t.db.transaction([&] {
      t.db.create(t.admin, Entity::PetType, {{"name", "ferret"}});
      t.db.create(t.admin, Entity::Specialty, {{"name", "nosework"}});
    });
    CHECK(t.db.list(t.admin, Entity::PetType).total == 1);
    CHECK(t.db.list(t.admin, Entity::Specialty).total == 1);
  }
  SECTION("an exception rolls back every earlier write of the work") {
    CHECK_THROWS_AS(t.db.transaction([&] {
      t.db.create(t.admin, Entity::PetType, {{"name", "ferret"}});
      t.db.create(t.admin, Entity::Specialty, {{"name", "nosework"}});
      throw StorageError("the disk is full; nothing was written");
    }),
                    StorageError);
    CHECK(t.db.list(t.admin, Entity::PetType).total == 0);
    CHECK(t.db.list(t.admin, Entity::Specialty).total == 0);
    CHECK(t.db.changes_since(t.admin, 0, 100).empty());
  }
  SECTION("a failed write inside is undone alone; the work may go on") {
    t.db.transaction([&] {
      t.db.create(t.admin, Entity::PetType, {{"name", "ferret"}});
      CHECK_THROWS_AS(t.db.create(t.admin, Entity::PetType, {{"name", "Ferret"}}), ValidationError);  // unique
      t.db.create(t.admin, Entity::PetType, {{"name", "rabbit"}});
    });
    CHECK(t.db.list(t.admin, Entity::PetType).total == 2);
  }
}

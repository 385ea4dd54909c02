// model_json.cpp: the canonical JSON of every record and query result, and round trips
// (to_json -> from_json -> to_json is the identity; validate()'s output reads back into the structs).
#include <catch2/catch.hpp>

#include <string>

#include "pawnotes/model.hpp"
#include "pawnotes/query.hpp"
#include "pawnotes/validation.hpp"

using namespace pawnotes;
using nlohmann::json;

namespace {

Timestamp ts(const char* text) { return *Timestamp::parse(text); }

template <class T>
void check_round_trip(const T& value, const json& expected) {
  const json j = value;
  CHECK(j == expected);
  CHECK(j.dump() == expected.dump());  // same members, same number kinds
  const T back = j.get<T>();
  CHECK(json(back) == j);
}

Dog sample_dog() {
  Dog d;
  d.id = 5;
  d.owner_id = 2;
  d.type_id = 1;
  d.type_name = "dog";
  d.name = "Bella";
  d.birth_date = Date{2019, 5, 1};
  d.breed = "Border Collie";
  d.sex = "female";
  d.weight_kg = 18.5;
  d.microchip = "985112003456789";
  d.status = "active";
  d.age_years = 7;
  d.version = 3;
  return d;
}

Note sample_note() {
  Note n;
  n.id = 11;
  n.dog_id = 5;
  n.author_id = 2;
  n.body = "Sat nicely";
  n.category = "progress";
  n.tags = {"sit", "calm"};
  n.visibility = "shared";
  n.created_at = ts("2026-11-20T09:15:00.250Z");
  n.updated_at = ts("2026-11-21T10:00:00Z");
  n.revision = 2;
  n.version = 2;
  return n;
}

}  // namespace

TEST_CASE("organization JSON", "[json]") {
  Organization o{4, "Happy Paws", ts("2026-01-02T03:04:05.006Z"), 1};
  check_round_trip(o,
                   json::parse(R"({"id":4,"name":"Happy Paws","createdAt":"2026-01-02T03:04:05.006Z","version":1})"));
}

TEST_CASE("user JSON never contains the password hash", "[json]") {
  User u;
  u.id = 3;
  u.username = "anna.k";
  u.display_name = "Anna K.";
  u.password_hash = "$argon2id$secret";
  u.roles = {Role::Admin, Role::Viewer};
  u.enabled = false;
  u.version = 2;
  const json j = u;
  CHECK(j == json::parse(R"({"id":3,"username":"anna.k","displayName":"Anna K.","roles":["admin","viewer"],
                             "enabled":false,"version":2})"));
  CHECK(j.dump().find("argon") == std::string::npos);
  const User back = j.get<User>();
  CHECK(back.roles == u.roles);
  CHECK(back.password_hash.empty());
  // validate() output carries the hash (write-only) into the struct.
  const json in =
      validate(Entity::User, {{"username", "bob"}, {"roles", {"trainer"}}, {"passwordHash", "h"}}, Date{2026, 11, 24});
  const User created = in.get<User>();
  CHECK(created.username == "bob");
  CHECK(created.password_hash == "h");
  CHECK(created.roles == std::vector<Role>{Role::Trainer});
  CHECK(created.enabled);
  CHECK_THROWS_AS(json({{"roles", {"owner"}}}).get<User>(), ValidationError);
}

TEST_CASE("pet type and specialty JSON", "[json]") {
  check_round_trip(PetType{1, "cat", 2}, json::parse(R"({"id":1,"name":"cat","version":2})"));
  check_round_trip(Specialty{7, "agility", 1}, json::parse(R"({"id":7,"name":"agility","version":1})"));
}

TEST_CASE("dog JSON with type and computed age", "[json]") {
  check_round_trip(sample_dog(), json::parse(R"({"id":5,"ownerId":2,"typeId":1,"type":{"id":1,"name":"dog"},
      "name":"Bella","birthDate":"2019-05-01","breed":"Border Collie","sex":"female","weightKg":18.5,
      "microchip":"985112003456789","status":"active","ageYears":7,"version":3})"));
  Dog bare;
  bare.owner_id = 2;
  bare.name = "Rex";
  check_round_trip(bare, json::parse(R"({"id":0,"ownerId":2,"typeId":null,"type":null,"name":"Rex","birthDate":null,
      "breed":null,"sex":"unknown","weightKg":null,"microchip":null,"status":"active","ageYears":null,"version":0})"));
}

TEST_CASE("owner JSON lists the dogs ([] when none)", "[json]") {
  Owner o;
  o.id = 2;
  o.first_name = "Åsa";
  o.last_name = "Ødegård";
  o.address = "Storgata 1";
  o.city = "Oslo";
  o.telephone = "4722334455";
  o.version = 1;
  check_round_trip(o, json::parse(R"({"id":2,"firstName":"Åsa","lastName":"Ødegård","address":"Storgata 1",
      "city":"Oslo","telephone":"4722334455","email":null,"version":1,"dogs":[]})"));
  o.email = "asa@example.no";
  o.dogs = {sample_dog()};
  const json j = o;
  CHECK(j.at("email") == "asa@example.no");
  CHECK(j.at("dogs") == json::array({json(sample_dog())}));
  CHECK(json(j.get<Owner>()) == j);
}

TEST_CASE("trainer JSON: specialties in full and by id", "[json]") {
  Trainer t;
  t.id = 9;
  t.first_name = "Helen";
  t.last_name = "Leary";
  t.specialties = {{1, "radiology", 1}, {3, "agility", 2}};
  t.version = 4;
  check_round_trip(t, json::parse(R"({"id":9,"firstName":"Helen","lastName":"Leary","email":null,
      "specialties":[{"id":1,"name":"radiology","version":1},{"id":3,"name":"agility","version":2}],
      "specialtyIds":[1,3],"version":4})"));
  // validate() output names them by id only.
  const Trainer in =
      json({{"firstName", "A"}, {"lastName", "B"}, {"email", nullptr}, {"specialtyIds", {4, 5}}}).get<Trainer>();
  REQUIRE(in.specialties.size() == 2);
  CHECK(in.specialties[1].id == 5);
  CHECK(in.specialties[1].name.empty());
  CHECK_FALSE(in.email);
}

TEST_CASE("visit JSON", "[json]") {
  Visit v;
  v.id = 12;
  v.dog_id = 5;
  v.trainer_id = 9;
  v.date = Date{2026, 12, 1};
  v.description = "Recall";
  v.duration_minutes = 45;
  v.version = 1;
  check_round_trip(v, json::parse(R"({"id":12,"dogId":5,"trainerId":9,"date":"2026-12-01","description":"Recall",
      "durationMinutes":45,"version":1})"));
  v.trainer_id.reset();
  v.duration_minutes.reset();
  check_round_trip(v, json::parse(R"({"id":12,"dogId":5,"trainerId":null,"date":"2026-12-01","description":"Recall",
      "durationMinutes":null,"version":1})"));
}

TEST_CASE("note and note revision JSON", "[json]") {
  Note n = sample_note();
  check_round_trip(n, json::parse(R"({"id":11,"dogId":5,"authorId":2,"body":"Sat nicely","category":"progress",
      "tags":["sit","calm"],"visibility":"shared","createdAt":"2026-11-20T09:15:00.250Z",
      "updatedAt":"2026-11-21T10:00:00.000Z","revision":2,"deletedAt":null,"version":2})"));
  n.deleted_at = ts("2026-11-22T00:00:00Z");
  CHECK(json(n).at("deletedAt") == "2026-11-22T00:00:00.000Z");
  CHECK(json(json(n).get<Note>()) == json(n));

  NoteRevision r{11, 1, "Sat", "general", {"sit"}, "internal", 2, ts("2026-11-20T09:15:00.250Z")};
  CHECK(json(r) == json::parse(R"({"noteId":11,"revision":1,"body":"Sat","category":"general","tags":["sit"],
      "visibility":"internal","editedBy":2,"editedAt":"2026-11-20T09:15:00.250Z"})"));
}

TEST_CASE("care flag JSON", "[json]") {
  CareFlag f{3, 5, "allergy", "caution", "Chicken", false, ts("2026-11-01T08:00:00Z"), 2};
  check_round_trip(f, json::parse(R"({"id":3,"dogId":5,"kind":"allergy","severity":"caution","text":"Chicken",
      "active":false,"createdAt":"2026-11-01T08:00:00.000Z","version":2})"));
}

TEST_CASE("vaccination JSON with computed status", "[json]") {
  Vaccination v{4, 5, "Rabies", Date{2026, 1, 10}, Date{2026, 12, 10}, "due", 16, 1};
  check_round_trip(v, json::parse(R"({"id":4,"dogId":5,"name":"Rabies","givenOn":"2026-01-10",
      "expiresOn":"2026-12-10","status":"due","daysLeft":16,"version":1})"));
  v.days_left = -3;
  v.status = "expired";
  CHECK(json(v).at("daysLeft") == -3);
}

TEST_CASE("change record JSON", "[json]") {
  ChangeRecord c{42, Entity::CareFlag, 3, "update", 2, ts("2026-11-24T12:00:00Z"), 2, json{{"active", false}}};
  CHECK(json(c) == json::parse(R"({"seq":42,"entity":"careFlag","entityId":3,"operation":"update","actorId":2,
      "at":"2026-11-24T12:00:00.000Z","version":2,"data":{"active":false}})"));
}

TEST_CASE("query results JSON", "[json]") {
  TimelineEntry note_entry{"note", "2026-11-20T09:15:00.250Z", std::nullopt, sample_note()};
  const json j = note_entry;
  CHECK(j.at("kind") == "note");
  CHECK(j.at("at") == "2026-11-20T09:15:00.250Z");
  CHECK(j.at("note") == json(sample_note()));
  CHECK_FALSE(j.contains("visit"));
  Visit v;
  v.id = 1;
  v.dog_id = 5;
  v.date = Date{2026, 11, 1};
  v.description = "Walk";
  const json jv = TimelineEntry{"visit", "2026-11-01", v, std::nullopt};
  CHECK(jv.size() == 3);
  CHECK(jv.at("visit") == json(v));

  NoteHit hit{sample_note(), "Bella", "<mark>Sat</mark> nicely", -1.5};
  CHECK(json(hit) ==
        json{{"note", sample_note()}, {"dogName", "Bella"}, {"snippet", "<mark>Sat</mark> nicely"}, {"rank", -1.5}});
  Vaccination vac{4, 5, "Rabies", Date{2026, 1, 10}, Date{2026, 12, 10}, "due", 16, 1};
  CHECK(json(VaccinationDue{vac, "Bella", 2}) == json{{"vaccination", vac}, {"dogName", "Bella"}, {"ownerId", 2}});

  Stats s;
  s.owners = 1;
  s.dogs = 2;
  s.trainers = 3;
  s.visits = 4;
  s.notes = 5;
  s.care_flags = 6;
  s.vaccinations = 7;
  s.changes = 8;
  s.schema_version = 1;
  CHECK(json(s) == json::parse(R"({"owners":1,"dogs":2,"trainers":3,"visits":4,"notes":5,"careFlags":6,
      "vaccinations":7,"changes":8,"schemaVersion":1})"));

  Page<PetType> page{{{1, "dog", 1}}, 0, 20, 41, true, {}};
  CHECK(json(page) == json::parse(R"({"items":[{"id":1,"name":"dog","version":1}],"page":0,"size":20,"total":41,
      "totalPages":3})"));
  CursorPage<PetType> cursor{{}, std::string("abc")};
  CHECK(json(cursor) == json::parse(R"({"items":[],"nextCursor":"abc"})"));
}

TEST_CASE("validate() output reads into every writable struct", "[json]") {
  const Date today{2026, 11, 24};
  const Owner o =
      validate(Entity::Owner,
               {{"firstName", "George"}, {"lastName", "Franklin"}, {"address", "A"}, {"city", "C"}, {"telephone", "1"}},
               today)
          .get<Owner>();
  CHECK(o.first_name == "George");
  CHECK_FALSE(o.email);
  const Dog d = validate(Entity::Dog, {{"ownerId", 3}, {"name", "Rex"}, {"weightKg", 12}}, today).get<Dog>();
  CHECK(d.owner_id == 3);
  CHECK(d.type_id == 0);
  CHECK(d.sex == "unknown");
  CHECK(d.weight_kg == Approx(12.0));
  CHECK_FALSE(d.birth_date);
  const Visit v = validate(Entity::Visit, {{"dogId", 3}, {"description", "Walk"}}, today).get<Visit>();
  CHECK(v.date == today);
  const Note n = validate(Entity::Note, {{"dogId", 3}, {"body", "x"}, {"tags", {"B", "b"}}}, today).get<Note>();
  CHECK(n.tags == std::vector<std::string>{"b"});
  CHECK(n.category == "general");
  const CareFlag f =
      validate(Entity::CareFlag, {{"dogId", 3}, {"kind", "medical"}, {"severity", "info"}, {"text", "t"}}, today)
          .get<CareFlag>();
  CHECK(f.active);
  const Vaccination vac =
      validate(Entity::Vaccination,
               {{"dogId", 3}, {"name", "R"}, {"givenOn", "2026-01-01"}, {"expiresOn", "2027-01-01"}}, today)
          .get<Vaccination>();
  CHECK(vac.expires_on == Date{2027, 1, 1});
  CHECK(validate(Entity::PetType, {{"name", "cat"}}, today).get<PetType>().name == "cat");
  CHECK(validate(Entity::Specialty, {{"name", "agility"}}, today).get<Specialty>().name == "agility");
  CHECK(validate(Entity::Organization, {{"name", "Org"}}, today).get<Organization>().name == "Org");
  // Replace output applies the defaults, so the struct gets them too.
  const Dog replaced =
      validate(Entity::Dog, {{"ownerId", 3}, {"name", "Rex"}}, today, ValidationMode::Replace).get<Dog>();
  CHECK(replaced.sex == "unknown");
  CHECK(replaced.status == "active");
}

TEST_CASE("from_json rejects wrong types with ValidationError", "[json]") {
  CHECK_THROWS_AS(json({{"name", 5}}).get<PetType>(), ValidationError);
  CHECK_THROWS_AS(json({{"birthDate", "2026-02-30"}}).get<Dog>(), ValidationError);
  CHECK_THROWS_AS(json({{"createdAt", "yesterday"}}).get<Note>(), ValidationError);
  CHECK_THROWS_AS(json({{"revision", 1e12}}).get<Note>(), ValidationError);
  CHECK_THROWS_AS(json::array().get<Owner>(), ValidationError);
  CHECK_THROWS_AS(json({{"dogs", {1}}}).get<Owner>(), ValidationError);
}

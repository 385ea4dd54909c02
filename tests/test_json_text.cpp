// write_json / to_json_text must give exactly json(value).dump(): the same text, byte for byte, for
// every record and query result, over real data sets and over hand-made edge cases.
#include <catch2/catch.hpp>

#include <fstream>
#include <limits>
#include <sstream>

#include "pawnotes/json_text.hpp"
#include "support/test_support.hpp"

using namespace pawnotes;
using nlohmann::json;
using pawnotes::testing::TestDb;
using namespace pawnotes::datasets;

namespace {

std::string dom_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

template <class T>
void require_same_text(const T& value) {
  const std::string fast = to_json_text(value);
  const std::string dom = dom_text(json(value));
  REQUIRE(fast == dom);
  // And it is valid JSON that parses back to the same DOM.
  REQUIRE(json::parse(fast) == json::parse(dom));
}

/// Every query result of a database holding `scope`'s organization data.
std::size_t compare_everything(Database& db, const Scope& scope) {
  std::size_t compared = 0;
  OwnerSearch owners;
  owners.page.size = 1000;
  const Page<Owner> all_owners = db.search_owners(scope, owners);
  require_same_text(all_owners);
  ++compared;
  for (const char* prefix : {"a", "M", "mor", "zz"}) {
    OwnerSearch search;
    search.last_name_prefix = prefix;
    require_same_text(db.search_owners(scope, search));
    ++compared;
  }
  DogFilter dogs;
  dogs.page.size = 1000;
  const Page<Dog> all_dogs = db.list_dogs(scope, dogs);
  require_same_text(all_dogs);
  ++compared;
  for (const Dog& dog : all_dogs.items) {
    TimelineRequest timeline;
    timeline.dog_id = dog.id;
    timeline.limit = 500;
    timeline.include_deleted_notes = true;
    const auto page = db.timeline(scope, timeline);
    require_same_text(page);
    require_same_text(db.care_flags(scope, dog.id, false));
    require_same_text(db.vaccinations(scope, dog.id));
    for (const auto& entry : page.items)
      if (entry.note) require_same_text(db.note_revisions(scope, entry.note->id));
    compared += 3;
  }
  std::int64_t hits = 0;
  for (const char* words : {"dog", "lead", "walk", "recall", "leash reward", "\"sat nicely\""}) {
    NoteSearch search;
    search.text = words;
    search.page.size = 200;
    const auto page = db.search_notes(scope, search);
    require_same_text(page);
    hits += page.total;
    ++compared;
  }
  CHECK(hits > 0);
  VaccinationDueRequest due;
  due.within_days = 365;
  due.page.size = 1000;
  require_same_text(db.vaccinations_due(scope, due));
  require_same_text(db.changes_since(scope, 0, 1000));
  require_same_text(db.stats(scope));
  require_same_text(db.organizations());
  require_same_text(db.users(scope.organization_id));
  compared += 5;
  for (const Owner& owner : all_owners.items) {
    HistoryRequest history;
    history.entity = Entity::Owner;
    history.id = owner.id;
    require_same_text(db.history(scope, history));
    ++compared;
  }
  return compared;
}

}  // namespace

TEST_CASE("JSON text equals the DOM's text over the demo data", "[json][json-text]") {
  TestDb t;
  load_demo(t.db, t.admin);
  CHECK(compare_everything(t.db, t.admin) > 50);
  // Trainers and pet types come through the JSON facade; their typed form through Database::get.
  const auto trainers = t.db.list(t.admin, Entity::Trainer, ListRequest{{0, 1000, ""}});
  REQUIRE_FALSE(trainers.items.empty());
  for (const json& item : trainers.items) require_same_text(t.db.get<Trainer>(t.admin, item.at("id").get<Id>()));
  const auto types = t.db.list(t.admin, Entity::PetType, ListRequest{{0, 1000, ""}});
  for (const json& item : types.items) require_same_text(t.db.get<PetType>(t.admin, item.at("id").get<Id>()));
}

TEST_CASE("JSON text equals the DOM's text over the PetClinic and synthetic data", "[json][json-text]") {
  TestDb t;
  std::ifstream file(PAWNOTES_PETCLINIC_DATA);
  REQUIRE(file);  // data/petclinic/data.sql in the repository, as for the other PetClinic tests
  std::stringstream sql;
  sql << file.rdbuf();
  import_petclinic_sql(t.db, t.admin, sql.str());
  SyntheticOptions options;
  options.owners = 60;
  options.notes = 300;
  options.seed = 7;
  generate_synthetic(t.db, t.admin, options);
  CHECK(compare_everything(t.db, t.admin) > 60);
}

TEST_CASE("JSON text escapes strings exactly like nlohmann", "[json][json-text]") {
  const std::vector<std::string> samples = {
      "",
      "plain",
      "quote \" and backslash \\ and slash /",
      "controls \b\f\n\r\t and \x01\x1f\x7f",
      std::string("nul \0 inside", 12),
      "Ødegård – naïve 🐕 日本",
      "invalid \xff\xfe utf-8",
      "truncated \xe2\x82",
      "overlong \xc0\xaf",
      "surrogate \xed\xa0\x80",
      "<mark>a</mark> &amp;",
  };
  for (const std::string& s : samples) {
    std::string fast;
    json_text::write_string(fast, s);
    CHECK(fast == dom_text(json(s)));
  }
}

TEST_CASE("JSON text writes numbers, nulls and optional members like nlohmann", "[json][json-text]") {
  Dog dog;  // not stored: no type, so typeId and type are null
  dog.name = "Rex";
  for (double w : {0.0, 0.1, 12.5, 3.0, 150.0, 1e-7, 123456789.125}) {
    dog.weight_kg = w;
    require_same_text(dog);
  }
  dog.weight_kg.reset();
  dog.type_id = 4;
  dog.type_name = "dog";
  dog.age_years = 3;
  dog.birth_date = Date::parse("2023-01-31");
  dog.microchip = "123456789012345";
  require_same_text(dog);

  NoteHit hit;
  for (double rank :
       {-1.5e-6, 0.0, -3.25, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    hit.rank = rank;
    require_same_text(hit);
  }

  Page<Visit> page;
  page.size = 0;  // totalPages 0, not a division by zero
  require_same_text(page);
  Visit visit;
  visit.id = std::numeric_limits<std::int64_t>::max();
  visit.dog_id = std::numeric_limits<std::int64_t>::min();
  visit.trainer_id = 0;
  visit.duration_minutes = -1;
  page.items = {visit, Visit{}};
  page.size = 3;
  page.total = 7;
  require_same_text(page);

  CursorPage<TimelineEntry> empty;
  require_same_text(empty);
  CursorPage<TimelineEntry> cursor;
  cursor.next_cursor = "abc\"d";
  TimelineEntry entry;
  entry.kind = "visit";
  entry.at = "2026-11-24";
  entry.visit = visit;
  cursor.items.push_back(entry);
  require_same_text(cursor);

  ChangeRecord change;
  change.data = json{{"b", 1}, {"a", {1.5, nullptr, "x\xff"}}};
  require_same_text(change);
  require_same_text(Stats{});
  User user;
  user.roles = {Role::Admin, Role::Viewer};
  require_same_text(user);
  Trainer trainer;
  trainer.specialties = {Specialty{2, "radiology", 1}, Specialty{9, "surgery", 3}};
  require_same_text(trainer);
}

TEST_CASE("JSON text writes dates and timestamps like their to_string", "[json][json-text]") {
  Vaccination vaccination;
  for (const Date& d : {Date{1, 1, 1}, Date{999, 12, 31}, Date{2026, 2, 28}, Date{9999, 12, 31}, Date{10000, 1, 1}}) {
    vaccination.given_on = d;
    vaccination.expires_on = d;
    require_same_text(vaccination);
  }
  Note note;
  for (std::int64_t millis : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{-86400000}, std::int64_t{-86400001},
                              std::int64_t{1764000000123}, std::int64_t{253402300799999},  // 9999-12-31T23:59:59.999Z
                              std::int64_t{253402300800000}, std::int64_t{-62135596800000}}) {
    note.created_at = Timestamp{millis};
    note.updated_at = Timestamp{millis + 999};
    note.deleted_at = Timestamp{millis - 1};
    require_same_text(note);
  }
}

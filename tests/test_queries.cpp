// The read queries: owner search, dog listing, timelines, note search, vaccinations due, a trainer's
// visits, care flags and vaccinations. Data is seeded through the Database API; results are asserted
// exactly (order, paging, totals), with reject cases for every validated request member.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "support/test_support.hpp"

using namespace pawnotes;
using namespace pawnotes::testing;
using nlohmann::json;

namespace {

Id add(Database& db, const Scope& scope, Entity entity, const json& input) {
  return db.create(scope, entity, input).at("id").get<Id>();
}

Id add_owner(Database& db, const Scope& scope, const std::string& first, const std::string& last,
             const std::string& city = "Oslo") {
  return add(
      db, scope, Entity::Owner,
      {{"firstName", first}, {"lastName", last}, {"address", "1 Main St"}, {"city", city}, {"telephone", "5551234"}});
}

Timestamp at(const char* text) { return *Timestamp::parse(text); }

// The field/code pairs of a ValidationError thrown by `fn` (empty if it did not throw one).
template <class Fn>
std::vector<std::pair<std::string, std::string>> validation_errors(Fn&& fn) {
  try {
    fn();
  } catch (const ValidationError& e) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& error : e.errors()) out.emplace_back(error.field, error.code);
    std::sort(out.begin(), out.end());
    return out;
  }
  return {};
}

using Errors = std::vector<std::pair<std::string, std::string>>;

std::vector<std::string> last_first(const Page<Owner>& page) {
  std::vector<std::string> out;
  for (const auto& owner : page.items) out.push_back(owner.last_name + "," + owner.first_name);
  return out;
}

std::vector<std::string> dog_names(const std::vector<Dog>& dogs) {
  std::vector<std::string> out;
  for (const auto& dog : dogs) out.push_back(dog.name);
  return out;
}

// Owners (and dogs) shared by the owner and dog tests.
struct Kennel {
  TestDb t;
  Id dog_type = 0, cat_type = 0;
  Id davis_betty = 0, davis_harold = 0, davison = 0, edwards = 0, eclair = 0, odegard = 0, ostby = 0;
  Id rex = 0, bella = 0, max = 0, rocky = 0, emile = 0;
  Id other_owner = 0, other_dog = 0;

  Kennel() {
    Database& db = t.db;
    dog_type = add(db, t.admin, Entity::PetType, {{"name", "dog"}});
    cat_type = add(db, t.admin, Entity::PetType, {{"name", "cat"}});
    davis_betty = add_owner(db, t.trainer, "Betty", "Davis", "Madison");
    davis_harold = add_owner(db, t.trainer, "Harold", "Davis", "Windsor");
    davison = add_owner(db, t.trainer, "Carl", "Davison", "Aspen");
    edwards = add_owner(db, t.trainer, "Ann", "Edwards", "London");
    eclair = add_owner(db, t.trainer, "Marie", "Éclair", "Paris");
    odegard = add_owner(db, t.trainer, "Ola", "Ødegård", "Oslo");
    ostby = add_owner(db, t.trainer, "Kari", "Østby", "Bergen");
    rex = add(db, t.trainer, Entity::Dog,
              {{"ownerId", davis_betty}, {"name", "Rex"}, {"birthDate", "2020-11-25"}, {"breed", "Border Collie"}});
    bella = add(db, t.trainer, Entity::Dog, {{"ownerId", davis_betty}, {"name", "Bella"}});
    max = add(db, t.trainer, Entity::Dog,
              {{"ownerId", davis_harold},
               {"typeId", cat_type},
               {"name", "Max"},
               {"birthDate", "2016-11-24"},
               {"breed", "Maine Coon"}});
    rocky = add(db, t.trainer, Entity::Dog,
                {{"ownerId", odegard},
                 {"name", "Rocky"},
                 {"birthDate", "2018-05-01"},
                 {"breed", "border collie"},
                 {"status", "archived"}});
    emile = add(db, t.trainer, Entity::Dog,
                {{"ownerId", ostby}, {"name", "Émile"}, {"birthDate", "2022-01-01"}, {"breed", "Poodle"}});
    other_owner = add_owner(db, t.other_admin, "Zed", "Davis", "Oslo");
    other_dog = add(db, t.other_admin, Entity::Dog, {{"ownerId", other_owner}, {"name", "Rex"}});
  }

  Page<Owner> owners(const std::string& prefix, const std::string& sort = "", int page = 0, int size = 20) {
    return t.db.search_owners(t.viewer, OwnerSearch{prefix, PageRequest{page, size, sort}});
  }
  Page<Dog> dogs(DogFilter filter) { return t.db.list_dogs(t.viewer, filter); }
};

DogFilter sorted_by(const std::string& sort) {
  DogFilter filter;
  filter.page.sort = sort;
  return filter;
}

}  // namespace

// ================================================================== owners

TEST_CASE("search_owners matches a last-name prefix ignoring case, Unicode included", "[queries][owners]") {
  Kennel k;
  CHECK(last_first(k.owners("dav")) == std::vector<std::string>{"Davis,Betty", "Davis,Harold", "Davison,Carl"});
  CHECK(last_first(k.owners("DAVIS")) == std::vector<std::string>{"Davis,Betty", "Davis,Harold", "Davison,Carl"});
  CHECK(last_first(k.owners("davis")).size() == 3);
  CHECK(last_first(k.owners("Davi s")).empty());
  // "ø"/"Ø" and "é"/"É" fold alike; an accented letter is not its plain letter.
  CHECK(last_first(k.owners("Ø")) == std::vector<std::string>{"Ødegård,Ola", "Østby,Kari"});
  CHECK(last_first(k.owners("ø")) == std::vector<std::string>{"Ødegård,Ola", "Østby,Kari"});
  CHECK(last_first(k.owners("øs")) == std::vector<std::string>{"Østby,Kari"});
  CHECK(last_first(k.owners("É")) == std::vector<std::string>{"Éclair,Marie"});
  CHECK(last_first(k.owners("é")) == std::vector<std::string>{"Éclair,Marie"});
  CHECK(last_first(k.owners("e")) == std::vector<std::string>{"Edwards,Ann"});
  CHECK(last_first(k.owners("x")).empty());
  CHECK(k.owners("x").total == 0);
}

TEST_CASE("search_owners with an empty prefix lists every owner of the organization only",
          "[queries][owners][tenancy]") {
  Kennel k;
  const auto page = k.owners("");
  CHECK(page.total == 7);
  CHECK(last_first(page) == std::vector<std::string>{"Davis,Betty", "Davis,Harold", "Davison,Carl", "Edwards,Ann",
                                                     "Éclair,Marie", "Ødegård,Ola", "Østby,Kari"});
  const auto other = k.t.db.search_owners(k.t.other_admin, OwnerSearch{"", {}});
  REQUIRE(other.items.size() == 1);
  CHECK(other.items[0].first_name == "Zed");
  CHECK(dog_names(other.items[0].dogs) == std::vector<std::string>{"Rex"});
}

TEST_CASE("search_owners returns each owner's dogs ordered by name, with type and age", "[queries][owners]") {
  Kennel k;
  const auto page = k.owners("davis");
  REQUIRE(page.items.size() == 3);
  const Owner& betty = page.items[0];
  CHECK(betty.id == k.davis_betty);
  CHECK(betty.city == "Madison");
  CHECK(betty.address == "1 Main St");
  CHECK(betty.telephone == "5551234");
  CHECK_FALSE(betty.email.has_value());
  CHECK(betty.version == 1);
  REQUIRE(dog_names(betty.dogs) == std::vector<std::string>{"Bella", "Rex"});
  CHECK(betty.dogs[0].id == k.bella);
  CHECK_FALSE(betty.dogs[0].birth_date.has_value());
  CHECK_FALSE(betty.dogs[0].age_years.has_value());
  CHECK(betty.dogs[0].type_id == k.dog_type);
  CHECK(betty.dogs[0].type_name == "dog");
  CHECK(betty.dogs[1].owner_id == k.davis_betty);
  CHECK(betty.dogs[1].age_years == 5);  // born 2020-11-25: six tomorrow
  CHECK(betty.dogs[1].breed == std::optional<std::string>("Border Collie"));
  CHECK(betty.dogs[1].status == "active");
  CHECK(betty.dogs[1].sex == "unknown");
  const Owner& harold = page.items[1];
  REQUIRE(dog_names(harold.dogs) == std::vector<std::string>{"Max"});
  CHECK(harold.dogs[0].type_name == "cat");
  CHECK(harold.dogs[0].age_years == 10);  // born 2016-11-24: ten today
  CHECK(page.items[2].dogs.empty());      // Davison has none
}

TEST_CASE("search_owners sorts by every key in both directions", "[queries][owners]") {
  Kennel k;
  CHECK(last_first(k.owners("d", "-lastName")) ==
        std::vector<std::string>{"Davison,Carl", "Davis,Harold", "Davis,Betty"});
  CHECK(last_first(k.owners("d", "lastName")) ==
        std::vector<std::string>{"Davis,Betty", "Davis,Harold", "Davison,Carl"});
  CHECK(last_first(k.owners("", "firstName")) == std::vector<std::string>{"Edwards,Ann", "Davis,Betty", "Davison,Carl",
                                                                          "Davis,Harold", "Østby,Kari", "Éclair,Marie",
                                                                          "Ødegård,Ola"});
  CHECK(last_first(k.owners("", "-firstName")).front() == "Ødegård,Ola");
  CHECK(last_first(k.owners("", "city")) == std::vector<std::string>{"Davison,Carl", "Østby,Kari", "Edwards,Ann",
                                                                     "Davis,Betty", "Ødegård,Ola", "Éclair,Marie",
                                                                     "Davis,Harold"});
  CHECK(last_first(k.owners("", "-city")).front() == "Davis,Harold");
  const auto by_id = k.owners("", "id");
  REQUIRE(by_id.items.size() == 7);
  CHECK(by_id.items.front().id == k.davis_betty);
  CHECK(by_id.items.back().id == k.ostby);
  const auto by_id_desc = k.owners("", "-id");
  CHECK(by_id_desc.items.front().id == k.ostby);
  CHECK(by_id_desc.items.back().id == k.davis_betty);
}

TEST_CASE("search_owners pages with exact totals", "[queries][owners]") {
  Kennel k;
  auto page = k.owners("", "", 0, 3);
  CHECK(page.total == 7);
  CHECK(page.page == 0);
  CHECK(page.size == 3);
  CHECK(last_first(page) == std::vector<std::string>{"Davis,Betty", "Davis,Harold", "Davison,Carl"});
  page = k.owners("", "", 1, 3);
  CHECK(page.total == 7);
  CHECK(last_first(page) == std::vector<std::string>{"Edwards,Ann", "Éclair,Marie", "Ødegård,Ola"});
  CHECK(dog_names(page.items[2].dogs) == std::vector<std::string>{"Rocky"});
  page = k.owners("", "", 2, 3);
  CHECK(page.total == 7);
  CHECK(last_first(page) == std::vector<std::string>{"Østby,Kari"});
  CHECK(dog_names(page.items[0].dogs) == std::vector<std::string>{"Émile"});
  page = k.owners("", "", 9, 3);
  CHECK(page.items.empty());
  CHECK(page.total == 7);
  page = k.owners("", "", 0, 7);
  CHECK(page.total == 7);
  CHECK(page.items.size() == 7);
}

TEST_CASE("search_owners rejects bad page, size and sort", "[queries][owners][validation]") {
  Kennel k;
  CHECK(validation_errors([&] { k.owners("", "", -1, 20); }) == Errors{{"page", "out_of_range"}});
  CHECK(validation_errors([&] { k.owners("", "", 0, 0); }) == Errors{{"size", "out_of_range"}});
  CHECK(validation_errors([&] { k.owners("", "", 0, 1001); }) == Errors{{"size", "out_of_range"}});
  CHECK(validation_errors([&] { k.owners("", "age"); }) == Errors{{"sort", "invalid_sort"}});
  CHECK(validation_errors([&] { k.owners("", "-"); }) == Errors{{"sort", "invalid_sort"}});
  CHECK(validation_errors([&] { k.owners("", "lastname"); }) == Errors{{"sort", "invalid_sort"}});
  CHECK(validation_errors([&] { k.owners("", "bogus", -2, 0); }) ==
        Errors{{"page", "out_of_range"}, {"size", "out_of_range"}, {"sort", "invalid_sort"}});
  CHECK(k.owners("", "", 0, 1000).total == 7);
  CHECK(k.owners("", "", 0, 1).items.size() == 1);
}

TEST_CASE("search_owners runs the same few statements whatever the page size (no N+1)", "[queries][owners]") {
  Kennel k;
  // Ten more owners with two dogs each, so bigger pages hold more owners with dogs.
  for (int i = 0; i < 10; ++i) {
    const Id owner = add_owner(k.t.db, k.t.trainer, "Fred", "Adams");
    add(k.t.db, k.t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Ace"}});
    add(k.t.db, k.t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Bo"}});
  }
  std::vector<int> per_call;
  for (const int size : {1, 2, 5, 10, 16}) {
    per_call.push_back(statements_run(k.t.db, [&] {
      const auto page = k.owners("", "", 0, size);
      REQUIRE(page.items.size() == static_cast<std::size_t>(size));
      std::size_t dogs = 0;
      for (const auto& owner : page.items) dogs += owner.dogs.size();
      // Ten Adamses with two dogs each, then Betty Davis (2), Harold Davis (1), Davison, Edwards,
      // Éclair (none) and Ødegård (1).
      CHECK(dogs == static_cast<std::size_t>(size <= 10 ? 2 * size : 24));
    }));
  }
  // The page, its total and its dogs: three statements, however many owners the page holds.
  CHECK(per_call == std::vector<int>{3, 3, 3, 3, 3});
}

// ================================================================== dogs

TEST_CASE("list_dogs filters by name prefix, breed, owner, type and status", "[queries][dogs]") {
  Kennel k;
  DogFilter filter;
  filter.name_prefix = "r";
  CHECK(dog_names(k.dogs(filter).items) == std::vector<std::string>{"Rex", "Rocky"});
  filter.name_prefix = "RO";
  CHECK(dog_names(k.dogs(filter).items) == std::vector<std::string>{"Rocky"});
  filter.name_prefix = "É";
  CHECK(dog_names(k.dogs(filter).items) == std::vector<std::string>{"Émile"});
  filter.name_prefix = "é";
  CHECK(dog_names(k.dogs(filter).items) == std::vector<std::string>{"Émile"});
  filter.name_prefix = "e";
  CHECK(k.dogs(filter).items.empty());

  filter = {};
  filter.breed = "border COLLIE";
  CHECK(dog_names(k.dogs(filter).items) == std::vector<std::string>{"Rex", "Rocky"});
  filter.breed = "border";  // breed is an exact match, not a prefix
  CHECK(k.dogs(filter).items.empty());

  filter = {};
  filter.owner_id = k.davis_betty;
  CHECK(dog_names(k.dogs(filter).items) == std::vector<std::string>{"Bella", "Rex"});
  filter.owner_id = k.other_owner;  // another organization's owner: nothing
  CHECK(k.dogs(filter).items.empty());

  filter = {};
  filter.type_id = k.cat_type;
  CHECK(dog_names(k.dogs(filter).items) == std::vector<std::string>{"Max"});

  filter = {};
  filter.status = "archived";
  CHECK(dog_names(k.dogs(filter).items) == std::vector<std::string>{"Rocky"});
  filter.status = "active";
  CHECK(k.dogs(filter).total == 4);
  filter.breed = "Border Collie";
  CHECK(dog_names(k.dogs(filter).items) == std::vector<std::string>{"Rex"});
  filter.status = "inactive";
  CHECK(k.dogs(filter).items.empty());
}

TEST_CASE("list_dogs sorts by name, birthDate, breed and id in both directions", "[queries][dogs]") {
  Kennel k;
  CHECK(dog_names(k.dogs(sorted_by("")).items) == std::vector<std::string>{"Bella", "Max", "Rex", "Rocky", "Émile"});
  CHECK(dog_names(k.dogs(sorted_by("-name")).items) ==
        std::vector<std::string>{"Émile", "Rocky", "Rex", "Max", "Bella"});
  // Dogs without a birth date or breed come last either way.
  CHECK(dog_names(k.dogs(sorted_by("birthDate")).items) ==
        std::vector<std::string>{"Max", "Rocky", "Rex", "Émile", "Bella"});
  CHECK(dog_names(k.dogs(sorted_by("-birthDate")).items) ==
        std::vector<std::string>{"Émile", "Rex", "Rocky", "Max", "Bella"});
  CHECK(dog_names(k.dogs(sorted_by("breed")).items) ==
        std::vector<std::string>{"Rex", "Rocky", "Max", "Émile", "Bella"});
  CHECK(dog_names(k.dogs(sorted_by("-breed")).items) ==
        std::vector<std::string>{"Émile", "Max", "Rocky", "Rex", "Bella"});
  CHECK(dog_names(k.dogs(sorted_by("id")).items) == std::vector<std::string>{"Rex", "Bella", "Max", "Rocky", "Émile"});
  CHECK(dog_names(k.dogs(sorted_by("-id")).items) == std::vector<std::string>{"Émile", "Rocky", "Max", "Bella", "Rex"});
}

TEST_CASE("list_dogs pages, computes ages and hides other organizations", "[queries][dogs][tenancy]") {
  Kennel k;
  DogFilter filter;
  filter.page.size = 2;
  auto page = k.dogs(filter);
  CHECK(page.total == 5);
  CHECK(dog_names(page.items) == std::vector<std::string>{"Bella", "Max"});
  CHECK(page.items[1].age_years == 10);
  CHECK(page.items[1].type_name == "cat");
  filter.page.page = 2;
  page = k.dogs(filter);
  CHECK(page.total == 5);
  CHECK(dog_names(page.items) == std::vector<std::string>{"Émile"});
  CHECK(page.items[0].age_years == 4);
  filter.page.page = 3;
  page = k.dogs(filter);
  CHECK(page.items.empty());
  CHECK(page.total == 5);

  const auto other = k.t.db.list_dogs(k.t.other_admin, DogFilter{});
  REQUIRE(other.items.size() == 1);
  CHECK(other.items[0].id == k.other_dog);
  CHECK(other.total == 1);
}

TEST_CASE("list_dogs rejects an unknown status, sort, page or size", "[queries][dogs][validation]") {
  Kennel k;
  DogFilter filter;
  filter.status = "gone";
  CHECK(validation_errors([&] { k.dogs(filter); }) == Errors{{"status", "invalid_value"}});
  filter.page.sort = "weight";
  filter.page.size = 0;
  CHECK(validation_errors([&] { k.dogs(filter); }) ==
        Errors{{"size", "out_of_range"}, {"sort", "invalid_sort"}, {"status", "invalid_value"}});
  CHECK(validation_errors([&] { k.dogs(sorted_by("-Name")); }) == Errors{{"sort", "invalid_sort"}});
}

// ================================================================== timeline

namespace {

std::string base64url(const std::string& in) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const unsigned char byte : in) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(alphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(alphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::string entry_key(const TimelineEntry& e) {
  return e.kind + ":" + std::to_string(e.note ? e.note->id : e.visit->id);
}

std::vector<std::string> keys(const std::vector<TimelineEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(entry_key(e));
  return out;
}

// Every entry, walking the cursor with `limit` per page.
std::vector<std::string> walk(Database& db, const Scope& scope, TimelineRequest request, int* pages = nullptr) {
  std::vector<std::string> out;
  int count = 0;
  for (;;) {
    const auto page = db.timeline(scope, request);
    ++count;
    REQUIRE(page.items.size() <= static_cast<std::size_t>(request.limit));
    for (const auto& e : page.items) out.push_back(entry_key(e));
    if (!page.next_cursor) break;
    REQUIRE(page.items.size() == static_cast<std::size_t>(request.limit));
    request.cursor = page.next_cursor;
    REQUIRE(count < 1000);
  }
  if (pages) *pages = count;
  return out;
}

struct TimelineFixture {
  TestDb t;
  Id owner = 0, dog = 0, other_dog = 0, trainer = 0;
  Id n1 = 0, n2 = 0, n3 = 0, n4 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0;

  Id note(const std::string& body) { return add(t.db, t.trainer, Entity::Note, {{"dogId", dog}, {"body", body}}); }
  Id visit(const std::string& date, Id dog_id = 0) {
    return add(t.db, t.trainer, Entity::Visit,
               {{"dogId", dog_id ? dog_id : dog}, {"date", date}, {"description", "Session"}, {"trainerId", trainer}});
  }

  TimelineFixture() {
    owner = add_owner(t.db, t.trainer, "Betty", "Davis");
    dog = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Rex"}});
    other_dog = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Bella"}});
    trainer = add(t.db, t.admin, Entity::Trainer, {{"firstName", "Tina"}, {"lastName", "Trainer"}});
    n1 = note("first");   // 12:00:00.000
    n2 = note("second");  // same instant: id breaks the tie
    t.clock->advance_millis(1000);
    n3 = note("third");  // 12:00:01.000
    t.clock->advance_millis(1000);
    n4 = note("fourth, deleted below");  // 12:00:02.000
    t.db.remove(t.trainer, Entity::Note, n4);
    v1 = visit("2026-11-24");
    v2 = visit("2026-11-24");
    v3 = visit("2026-11-20");
    v4 = visit("2026-12-01");  // booked ahead: the newest entry
    visit("2026-11-22", other_dog);
    add(t.db, t.trainer, Entity::Note, {{"dogId", other_dog}, {"body", "not Rex's"}});
    t.clock->set(test_now());
  }

  std::vector<std::string> expected(bool with_deleted) const {
    std::vector<std::string> out{"visit:" + std::to_string(v4)};
    if (with_deleted) out.push_back("note:" + std::to_string(n4));
    for (const auto& k : {"note:" + std::to_string(n3), "note:" + std::to_string(n2), "note:" + std::to_string(n1),
                          "visit:" + std::to_string(v2), "visit:" + std::to_string(v1), "visit:" + std::to_string(v3)})
      out.push_back(k);
    return out;
  }
};

}  // namespace

TEST_CASE("timeline merges a dog's visits and notes, newest first", "[queries][timeline]") {
  TimelineFixture f;
  TimelineRequest request;
  request.dog_id = f.dog;
  const auto page = f.t.db.timeline(f.t.viewer, request);
  CHECK(keys(page.items) == f.expected(false));
  CHECK_FALSE(page.next_cursor.has_value());
  REQUIRE(page.items.size() == 7);
  CHECK(page.items[0].at == "2026-12-01");
  CHECK(page.items[0].visit->date == *Date::parse("2026-12-01"));
  CHECK(page.items[0].visit->trainer_id == f.trainer);
  CHECK_FALSE(page.items[0].note.has_value());
  CHECK(page.items[1].at == "2026-11-24T12:00:01.000Z");
  CHECK(page.items[1].note->body == "third");
  CHECK(page.items[1].note->created_at == at("2026-11-24T12:00:01.000Z"));
  CHECK_FALSE(page.items[1].visit.has_value());
  CHECK(page.items[6].at == "2026-11-20");

  request.include_deleted_notes = true;
  const auto with_deleted = f.t.db.timeline(f.t.viewer, request);
  CHECK(keys(with_deleted.items) == f.expected(true));
  REQUIRE(with_deleted.items[1].note.has_value());
  CHECK(with_deleted.items[1].note->deleted_at.has_value());
}

TEST_CASE("timeline cursor walks every entry once, whatever the page size", "[queries][timeline]") {
  TimelineFixture f;
  for (const bool deleted : {false, true}) {
    for (int limit = 1; limit <= 8; ++limit) {
      TimelineRequest request;
      request.dog_id = f.dog;
      request.limit = limit;
      request.include_deleted_notes = deleted;
      int pages = 0;
      CHECK(walk(f.t.db, f.t.viewer, request, &pages) == f.expected(deleted));
      const int total = deleted ? 8 : 7;
      CHECK(pages == (total + limit - 1) / limit);  // an exactly full last page has no next cursor
    }
  }
}

TEST_CASE("timeline cursor handles many entries sharing the same instant and date", "[queries][timeline]") {
  TimelineFixture f;
  // 25 notes at one instant and 12 visits on one date, interleaved with the fixture's entries.
  for (int i = 0; i < 25; ++i) f.note("burst " + std::to_string(i));
  for (int i = 0; i < 12; ++i) f.visit("2026-11-24");
  TimelineRequest request;
  request.dog_id = f.dog;
  request.limit = 500;
  const auto all = keys(f.t.db.timeline(f.t.viewer, request).items);
  REQUIRE(all.size() == 7 + 25 + 12);
  CHECK(std::set<std::string>(all.begin(), all.end()).size() == all.size());
  for (const int limit : {1, 2, 3, 5, 7, 11, 43, 44, 45}) {
    request.limit = limit;
    request.cursor.reset();
    CHECK(walk(f.t.db, f.t.viewer, request) == all);
  }
}

TEST_CASE("timeline rejects a bad limit or cursor and unknown dogs", "[queries][timeline][validation]") {
  TimelineFixture f;
  TimelineRequest request;
  request.dog_id = f.dog;
  request.limit = 0;
  CHECK(validation_errors([&] { f.t.db.timeline(f.t.viewer, request); }) == Errors{{"limit", "out_of_range"}});
  request.limit = 501;
  CHECK(validation_errors([&] { f.t.db.timeline(f.t.viewer, request); }) == Errors{{"limit", "out_of_range"}});
  request.limit = 500;
  CHECK_NOTHROW(f.t.db.timeline(f.t.viewer, request));
  for (const std::string& cursor :
       {std::string(""), std::string("not a cursor!"), std::string("abc"), base64url("2026-11-24|note"),
        base64url("2026-11-24|cat|1"), base64url("yesterday|note|1"), base64url("2026-11-24|note|x"),
        base64url("2026-11-24|note|-1"), base64url("2026-11-24|note|01"), base64url("2026-02-30|visit|1"),
        base64url("2026-11-24T12:00:00.000Z|note|99999999999999999999"), std::string(300, 'A')}) {
    request.cursor = cursor;
    CAPTURE(cursor);
    CHECK(validation_errors([&] { f.t.db.timeline(f.t.viewer, request); }) == Errors{{"cursor", "invalid_cursor"}});
  }
  request.limit = 0;
  CHECK(validation_errors([&] { f.t.db.timeline(f.t.viewer, request); }) ==
        Errors{{"cursor", "invalid_cursor"}, {"limit", "out_of_range"}});

  // A well-formed cursor made by hand is a position like any other.
  request.limit = 50;
  request.cursor = base64url("2026-11-24|visit|" + std::to_string(f.v2));
  CHECK(keys(f.t.db.timeline(f.t.viewer, request).items) ==
        std::vector<std::string>{"visit:" + std::to_string(f.v1), "visit:" + std::to_string(f.v3)});

  request.cursor.reset();
  request.dog_id = 999999;
  CHECK_THROWS_AS(f.t.db.timeline(f.t.viewer, request), NotFound);
  const Id foreign_owner = add_owner(f.t.db, f.t.other_admin, "Zed", "Zane");
  request.dog_id = add(f.t.db, f.t.other_admin, Entity::Dog, {{"ownerId", foreign_owner}, {"name", "Zip"}});
  CHECK_THROWS_AS(f.t.db.timeline(f.t.viewer, request), NotFound);
  request.dog_id = f.dog;
  CHECK_THROWS_AS(f.t.db.timeline(f.t.other_admin, request), NotFound);
}

// ================================================================== note search

namespace {

struct NotesFixture {
  TestDb t;
  Id owner = 0, rex = 0, max = 0;
  Id a = 0, b = 0, c = 0, d = 0, foreign = 0;

  Id note(Id dog, const std::string& body, const std::string& category, const std::vector<std::string>& tags,
          const std::string& visibility, const char* when) {
    t.clock->set(at(when));
    return add(t.db, t.trainer, Entity::Note,
               {{"dogId", dog}, {"body", body}, {"category", category}, {"tags", tags}, {"visibility", visibility}});
  }

  NotesFixture() {
    owner = add_owner(t.db, t.trainer, "Betty", "Davis");
    rex = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Rex"}});
    max = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Max"}});
    a = note(rex, "Rex pulled on the leash near the <script>alert(1)</script> park", "behaviour", {"leash", "park"},
             "internal", "2026-11-20T09:00:00.000Z");
    b = note(rex, "Great progress with leash walking today & \"heel\" too", "progress", {"leash"}, "shared",
             "2026-11-22T09:00:00.000Z");
    c = note(rex, "Vet says the leash injury healed", "health", {}, "internal", "2026-11-23T09:00:00.000Z");
    d = note(max, "Leash reactive with other dogs and cats", "behaviour", {"reactive"}, "internal",
             "2026-11-24T09:00:00.000Z");
    t.db.remove(t.trainer, Entity::Note, c);
    const Id foreign_owner = add_owner(t.db, t.other_admin, "Zed", "Zane");
    const Id foreign_dog = add(t.db, t.other_admin, Entity::Dog, {{"ownerId", foreign_owner}, {"name", "Zip"}});
    foreign = add(t.db, t.other_admin, Entity::Note, {{"dogId", foreign_dog}, {"body", "leash leash leash"}});
    t.clock->set(test_now());
  }

  Page<NoteHit> search(NoteSearch request) { return t.db.search_notes(t.viewer, request); }
  Page<NoteHit> search(const std::string& text) {
    NoteSearch request;
    request.text = text;
    return search(request);
  }
};

std::vector<Id> hit_ids(const Page<NoteHit>& page) {
  std::vector<Id> out;
  for (const auto& hit : page.items) out.push_back(hit.note.id);
  return out;
}

std::vector<Id> sorted(std::vector<Id> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("search_notes finds live notes of the organization, ranked", "[queries][search]") {
  NotesFixture f;
  const auto page = f.search("leash");
  CHECK(page.total == 3);  // c is deleted, the foreign note is another organization's
  CHECK(sorted(hit_ids(page)) == std::vector<Id>{f.a, f.b, f.d});
  for (std::size_t i = 1; i < page.items.size(); ++i) CHECK(page.items[i - 1].rank <= page.items[i].rank);
  for (const auto& hit : page.items) CHECK(hit.rank < 0);  // bm25: lower is better
  CHECK(f.search("LEASH").total == 3);
  CHECK(hit_ids(f.search("leash cats")) == std::vector<Id>{f.d});
  CHECK(hit_ids(f.search("  healed  ")).empty());  // only in the deleted note
  CHECK(f.search("heel").total == 1);

  const auto hit = f.search("cats").items.at(0);
  CHECK(hit.dog_name == "Max");
  CHECK(hit.note.dog_id == f.max);
  CHECK(hit.note.category == "behaviour");
  CHECK(hit.note.tags == std::vector<std::string>{"reactive"});
  CHECK(hit.note.author_id == f.t.trainer.actor_id);
  CHECK(hit.note.created_at == at("2026-11-24T09:00:00.000Z"));
  CHECK(hit.snippet == "Leash reactive with other dogs and <mark>cats</mark>");

  const auto foreign = f.t.db.search_notes(f.t.other_admin, NoteSearch{"leash", {}, {}, {}, {}, {}, {}, {}});
  CHECK(hit_ids(foreign) == std::vector<Id>{f.foreign});
}

TEST_CASE("search_notes orders by relevance: the better match first", "[queries][search]") {
  TestDb t;
  const Id owner = add_owner(t.db, t.trainer, "Betty", "Davis");
  const Id dog = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Rex"}});
  const auto note = [&](const std::string& body) {
    return add(t.db, t.trainer, Entity::Note, {{"dogId", dog}, {"body", body}});
  };
  const Id weak = note("A long walk in the park with many distractions, squirrels, bikes and one recall drill.");
  const Id strong = note("Recall recall recall: perfect recall.");
  const Id medium = note("Recall practice in the garden.");
  NoteSearch request;
  request.text = "recall";
  CHECK(hit_ids(t.db.search_notes(t.viewer, request)) == std::vector<Id>{strong, medium, weak});
}

TEST_CASE("search_notes snippets escape HTML and mark only the matches", "[queries][search][security]") {
  NotesFixture f;
  auto page = f.search("script");
  REQUIRE(page.items.size() == 1);
  CHECK(page.items[0].snippet ==
        "Rex pulled on the leash near the &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; park");
  page = f.search("heel");
  REQUIRE(page.items.size() == 1);
  CHECK(page.items[0].snippet == "Great progress with leash walking today &amp; &quot;<mark>heel</mark>&quot; too");

  // A long note is cut to a window around the match, with an ellipsis.
  const Id long_note = add(f.t.db, f.t.trainer, Entity::Note,
                           {{"dogId", f.rex},
                            {"body",
                             "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                             "fifteen sixteen seventeen eighteen nineteen twenty <b>zebra</b> twentyone twentytwo "
                             "twentythree twentyfour twentyfive twentysix twentyseven twentyeight twentynine thirty"}});
  page = f.search("zebra");
  REQUIRE(hit_ids(page) == std::vector<Id>{long_note});
  const std::string& snippet = page.items[0].snippet;
  CHECK(snippet.find("&lt;b&gt;<mark>zebra</mark>&lt;/b&gt;") != std::string::npos);
  CHECK(snippet.find("\xE2\x80\xA6") != std::string::npos);
  CHECK(snippet.find("<b>") == std::string::npos);
  CHECK(snippet.find("one two") == std::string::npos);
}

TEST_CASE("search_notes treats FTS5 operators and punctuation in user text as words", "[queries][search][validation]") {
  NotesFixture f;
  for (const std::string text :
       {"leash OR", "NOT leash", "leash AND", "NEAR(leash", "body:leash", "leash*", "*", "(", ")", "\"", "-leash",
        "^leash", "leash + park", "'", "{body}: leash", "leash NEAR/2 park", "a\"b", "\"\"\"", "\\"}) {
    CAPTURE(text);
    Page<NoteHit> page;
    REQUIRE_NOTHROW(page = f.search(text));
    CHECK(page.total == static_cast<std::int64_t>(page.items.size()));
  }
  CHECK(f.search("leash OR").total == 0);  // both words must match; no note holds "or"
  CHECK(f.search("NOT leash").total == 0);
  CHECK(f.search("\"leash\"").total == 3);  // quotes are punctuation around the word
  CHECK(f.search("leash*").total == 3);     // '*' is punctuation to the tokenizer, not a prefix operator
  CHECK(hit_ids(f.search("leash + park")) == std::vector<Id>{f.a});  // "+" alone holds no word
  CHECK(f.search("* ( ) \"").total == 0);
  CHECK(hit_ids(f.search("alert(1)")) == std::vector<Id>{f.a});
}

TEST_CASE("search_notes requires words to search for", "[queries][search][validation]") {
  NotesFixture f;
  for (const std::string text : {"", "   ", "\t\n"}) {
    CAPTURE(text);
    CHECK(validation_errors([&] { f.search(text); }) == Errors{{"text", "required"}});
  }
  NoteSearch request;
  request.text = "leash";
  request.category = "gossip";
  request.visibility = "public";
  request.page.sort = "-relevance";
  CHECK(validation_errors([&] { f.search(request); }) ==
        Errors{{"category", "invalid_value"}, {"sort", "invalid_sort"}, {"visibility", "invalid_value"}});
}

TEST_CASE("search_notes filters by category, tag, dog, visibility and dates", "[queries][search]") {
  NotesFixture f;
  NoteSearch request;
  request.text = "leash";
  request.page.sort = "createdAt";
  const auto ids = [&](const NoteSearch& r) { return hit_ids(f.search(r)); };

  auto r = request;
  r.category = "behaviour";
  CHECK(ids(r) == std::vector<Id>{f.a, f.d});
  r.category = "health";
  CHECK(ids(r).empty());  // the health note is deleted
  r = request;
  r.tag = "leash";
  CHECK(ids(r) == std::vector<Id>{f.a, f.b});
  r.tag = "park";
  CHECK(ids(r) == std::vector<Id>{f.a});
  r.tag = "missing";
  CHECK(ids(r).empty());
  r = request;
  r.dog_id = f.max;
  CHECK(ids(r) == std::vector<Id>{f.d});
  r = request;
  r.visibility = "shared";
  CHECK(ids(r) == std::vector<Id>{f.b});
  r = request;
  r.from = Date::parse("2026-11-22");
  r.to = Date::parse("2026-11-22");
  CHECK(ids(r) == std::vector<Id>{f.b});
  r.to.reset();
  CHECK(ids(r) == std::vector<Id>{f.b, f.d});
  r.from.reset();
  r.to = Date::parse("2026-11-21");
  CHECK(ids(r) == std::vector<Id>{f.a});
  r.to = Date::parse("2026-11-19");
  CHECK(ids(r).empty());
  r = request;
  r.category = "behaviour";
  r.tag = "leash";
  r.dog_id = f.rex;
  r.visibility = "internal";
  CHECK(ids(r) == std::vector<Id>{f.a});
}

TEST_CASE("search_notes sorts by creation and pages with exact totals", "[queries][search]") {
  NotesFixture f;
  NoteSearch request;
  request.text = "leash";
  request.page.sort = "createdAt";
  CHECK(hit_ids(f.search(request)) == std::vector<Id>{f.a, f.b, f.d});
  request.page.sort = "-createdAt";
  CHECK(hit_ids(f.search(request)) == std::vector<Id>{f.d, f.b, f.a});
  request.page.size = 2;
  auto page = f.search(request);
  CHECK(hit_ids(page) == std::vector<Id>{f.d, f.b});
  CHECK(page.total == 3);
  request.page.page = 1;
  page = f.search(request);
  CHECK(hit_ids(page) == std::vector<Id>{f.a});
  CHECK(page.total == 3);
  request.page.page = 4;
  page = f.search(request);
  CHECK(page.items.empty());
  CHECK(page.total == 3);
  request.page = PageRequest{0, 1, ""};
  page = f.search(request);
  CHECK(page.items.size() == 1);
  CHECK(page.total == 3);
}

// ================================================================== vaccinations due

namespace {

struct VaccinationFixture {
  TestDb t;
  Id owner = 0, owner2 = 0, rex = 0, max = 0, bella = 0;
  Id v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;

  Id vaccinate(Id dog, const std::string& name, const std::string& given, const std::string& expires,
               const Scope* scope = nullptr) {
    return add(t.db, scope ? *scope : t.trainer, Entity::Vaccination,
               {{"dogId", dog}, {"name", name}, {"givenOn", given}, {"expiresOn", expires}});
  }

  VaccinationFixture() {
    owner = add_owner(t.db, t.trainer, "Betty", "Davis");
    owner2 = add_owner(t.db, t.trainer, "Harold", "Davis");
    rex = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Rex"}});
    max = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner2}, {"name", "Max"}});
    bella = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Bella"}});
    v1 = vaccinate(rex, "Rabies", "2025-11-01", "2026-11-01");          // expired 23 days ago
    v2 = vaccinate(rex, "Distemper", "2025-12-10", "2026-12-10");       // due in 16 days
    v3 = vaccinate(max, "Rabies", "2026-01-01", "2026-12-24");          // due in exactly 30 days
    v4 = vaccinate(max, "Leptospirosis", "2026-01-01", "2027-01-10");   // ok: 47 days
    v5 = vaccinate(bella, "Kennel cough", "2025-11-24", "2026-11-24");  // expires today: due
    const Id foreign_owner = add_owner(t.db, t.other_admin, "Zed", "Zane");
    const Id foreign_dog = add(t.db, t.other_admin, Entity::Dog, {{"ownerId", foreign_owner}, {"name", "Zip"}});
    vaccinate(foreign_dog, "Rabies", "2025-11-01", "2026-11-02", &t.other_admin);
  }

  Page<VaccinationDue> due(VaccinationDueRequest request) { return t.db.vaccinations_due(t.viewer, request); }
};

std::vector<Id> due_ids(const Page<VaccinationDue>& page) {
  std::vector<Id> out;
  for (const auto& due : page.items) out.push_back(due.vaccination.id);
  return out;
}

}  // namespace

TEST_CASE("vaccinations_due lists expired and soon-expiring vaccinations with status and days left",
          "[queries][vaccinations]") {
  VaccinationFixture f;
  const auto page = f.due({});
  REQUIRE(due_ids(page) == std::vector<Id>{f.v1, f.v5, f.v2, f.v3});
  CHECK(page.total == 4);
  CHECK(page.items[0].vaccination.status == "expired");
  CHECK(page.items[0].vaccination.days_left == -23);
  CHECK(page.items[0].vaccination.name == "Rabies");
  CHECK(page.items[0].vaccination.given_on == *Date::parse("2025-11-01"));
  CHECK(page.items[0].vaccination.expires_on == *Date::parse("2026-11-01"));
  CHECK(page.items[0].dog_name == "Rex");
  CHECK(page.items[0].owner_id == f.owner);
  CHECK(page.items[1].vaccination.status == "due");
  CHECK(page.items[1].vaccination.days_left == 0);
  CHECK(page.items[1].dog_name == "Bella");
  CHECK(page.items[2].vaccination.days_left == 16);
  CHECK(page.items[3].vaccination.status == "due");
  CHECK(page.items[3].vaccination.days_left == 30);
  CHECK(page.items[3].owner_id == f.owner2);

  VaccinationDueRequest request;
  request.include_expired = false;
  CHECK(due_ids(f.due(request)) == std::vector<Id>{f.v5, f.v2, f.v3});
  request.within_days = 60;
  const auto wide = f.due(request);
  REQUIRE(due_ids(wide) == std::vector<Id>{f.v5, f.v2, f.v3, f.v4});
  CHECK(wide.items[3].vaccination.status == "ok");
  CHECK(wide.items[3].vaccination.days_left == 47);
  request.within_days = 0;
  CHECK(due_ids(f.due(request)) == std::vector<Id>{f.v5});
  request.within_days = 15;
  request.include_expired = true;
  CHECK(due_ids(f.due(request)) == std::vector<Id>{f.v1, f.v5});
}

TEST_CASE("vaccinations_due sorts by dog name, pages and rejects bad requests", "[queries][vaccinations]") {
  VaccinationFixture f;
  VaccinationDueRequest request;
  request.page.sort = "dogName";
  CHECK(due_ids(f.due(request)) == std::vector<Id>{f.v5, f.v3, f.v1, f.v2});
  request.page.sort = "-dogName";
  CHECK(due_ids(f.due(request)) == std::vector<Id>{f.v2, f.v1, f.v3, f.v5});
  request.page.sort = "-expiresOn";
  CHECK(due_ids(f.due(request)) == std::vector<Id>{f.v3, f.v2, f.v5, f.v1});
  request.page = PageRequest{1, 3, ""};
  auto page = f.due(request);
  CHECK(due_ids(page) == std::vector<Id>{f.v3});
  CHECK(page.total == 4);

  request.page = PageRequest{0, 20, "name"};
  CHECK(validation_errors([&] { f.due(request); }) == Errors{{"sort", "invalid_sort"}});
  request.page = {};
  request.within_days = -1;
  CHECK(validation_errors([&] { f.due(request); }) == Errors{{"withinDays", "out_of_range"}});
}

// ================================================================== a trainer's visits

TEST_CASE("trainer_visits lists upcoming visits soonest first and recent ones newest first", "[queries][visits]") {
  TestDb t;
  const Id owner = add_owner(t.db, t.trainer, "Betty", "Davis");
  const Id dog = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Rex"}});
  const Id tina = add(t.db, t.admin, Entity::Trainer, {{"firstName", "Tina"}, {"lastName", "Trainer"}});
  const Id tom = add(t.db, t.admin, Entity::Trainer, {{"firstName", "Tom"}, {"lastName", "Trainer"}});
  const auto visit = [&](Id trainer, const std::string& date) {
    return add(t.db, t.trainer, Entity::Visit,
               {{"dogId", dog},
                {"trainerId", trainer},
                {"date", date},
                {"description", "Session on " + date},
                {"durationMinutes", 45}});
  };
  const Id d20 = visit(tina, "2026-11-20");
  const Id d23 = visit(tina, "2026-11-23");
  const Id d24 = visit(tina, "2026-11-24");
  const Id d30 = visit(tina, "2026-11-30");
  const Id d05 = visit(tina, "2026-12-05");
  visit(tom, "2026-11-25");
  visit(tom, "2026-11-19");
  const auto ids = [&](TrainerVisitsRequest request) {
    std::vector<Id> out;
    for (const auto& v : t.db.trainer_visits(t.viewer, request).items) out.push_back(v.id);
    return out;
  };
  TrainerVisitsRequest request;
  request.trainer_id = tina;
  CHECK(ids(request) == std::vector<Id>{d24, d30, d05});
  request.upcoming = false;
  CHECK(ids(request) == std::vector<Id>{d23, d20});
  request.upcoming = true;
  request.page.sort = "-date";
  CHECK(ids(request) == std::vector<Id>{d05, d30, d24});
  request.page = PageRequest{1, 2, ""};
  const auto page = t.db.trainer_visits(t.viewer, request);
  REQUIRE(page.items.size() == 1);
  CHECK(page.items[0].id == d05);
  CHECK(page.items[0].description == "Session on 2026-12-05");
  CHECK(page.items[0].duration_minutes == 45);
  CHECK(page.items[0].trainer_id == tina);
  CHECK(page.total == 3);

  request.page = PageRequest{0, 20, "description"};
  CHECK(validation_errors([&] { t.db.trainer_visits(t.viewer, request); }) == Errors{{"sort", "invalid_sort"}});
  request.page = {};
  request.trainer_id = 987654;
  CHECK_THROWS_AS(t.db.trainer_visits(t.viewer, request), NotFound);
  request.trainer_id = tina;
  CHECK_THROWS_AS(t.db.trainer_visits(t.other_admin, request), NotFound);
}

// ================================================================== care flags and vaccinations

TEST_CASE("care_flags lists danger first, then caution, then info, newest first", "[queries][flags]") {
  TestDb t;
  const Id owner = add_owner(t.db, t.trainer, "Betty", "Davis");
  const Id dog = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Rex"}});
  const auto flag = [&](const std::string& severity, bool active) {
    t.clock->advance_millis(1000);
    return add(t.db, t.trainer, Entity::CareFlag,
               {{"dogId", dog},
                {"kind", "handling"},
                {"severity", severity},
                {"text", severity + " flag"},
                {"active", active}});
  };
  const Id info = flag("info", true);
  const Id danger_old = flag("danger", true);
  const Id caution_old = flag("caution", true);
  const Id danger_inactive = flag("danger", false);
  const Id caution_new = flag("caution", true);
  const auto ids = [](const std::vector<CareFlag>& flags) {
    std::vector<Id> out;
    for (const auto& f : flags) out.push_back(f.id);
    return out;
  };
  const auto active = t.db.care_flags(t.viewer, dog, true);
  CHECK(ids(active) == std::vector<Id>{danger_old, caution_new, caution_old, info});
  CHECK(active[0].text == "danger flag");
  CHECK(active[0].kind == "handling");
  CHECK(active[0].active);
  CHECK(active[0].created_at == at("2026-11-24T12:00:02.000Z"));
  const auto all = t.db.care_flags(t.viewer, dog, false);
  CHECK(ids(all) == std::vector<Id>{danger_inactive, danger_old, caution_new, caution_old, info});
  CHECK_FALSE(all[0].active);
  CHECK_THROWS_AS(t.db.care_flags(t.other_admin, dog, false), NotFound);
  CHECK_THROWS_AS(t.db.care_flags(t.viewer, 424242, false), NotFound);
}

TEST_CASE("vaccinations lists a dog's vaccinations by expiry", "[queries][vaccinations]") {
  VaccinationFixture f;
  const auto list = f.t.db.vaccinations(f.t.viewer, f.max);
  REQUIRE(list.size() == 2);
  CHECK(list[0].id == f.v3);
  CHECK(list[0].status == "due");
  CHECK(list[0].days_left == 30);
  CHECK(list[1].id == f.v4);
  CHECK(list[1].status == "ok");
  CHECK(list[1].dog_id == f.max);
  const auto rex = f.t.db.vaccinations(f.t.viewer, f.rex);
  REQUIRE(rex.size() == 2);
  CHECK(rex[0].id == f.v1);
  CHECK(rex[0].status == "expired");
  CHECK(rex[1].id == f.v2);
  CHECK(f.t.db.vaccinations(f.t.viewer, add(f.t.db, f.t.trainer, Entity::Dog, {{"ownerId", f.owner}, {"name", "Ace"}}))
            .empty());
  CHECK_THROWS_AS(f.t.db.vaccinations(f.t.other_admin, f.max), NotFound);
  CHECK_THROWS_AS(f.t.db.vaccinations(f.t.viewer, 777777), NotFound);
}

// ================================================================== visits of several dogs

TEST_CASE("visits_of_dogs returns the visits of the named dogs in one call, by dog, date, id", "[queries][visits]") {
  TestDb t;
  const Id owner = add_owner(t.db, t.trainer, "Betty", "Davis");
  const Id rex = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Rex"}});
  const Id max = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Max"}});
  const Id quiet = add(t.db, t.trainer, Entity::Dog, {{"ownerId", owner}, {"name", "Quiet"}});
  const auto visit = [&](Id dog, const std::string& date) {
    return add(t.db, t.trainer, Entity::Visit, {{"dogId", dog}, {"date", date}, {"description", "Session"}});
  };
  const Id rex_late = visit(rex, "2026-11-20");
  const Id rex_early = visit(rex, "2026-10-01");
  const Id rex_same_day = visit(rex, "2026-11-20");
  const Id max_only = visit(max, "2026-01-02");
  // Another organization's dog and visit: never returned, even when its id is asked for.
  const Id other_owner = add_owner(t.db, t.other_admin, "Olga", "Other");
  const Id other_dog = add(t.db, t.other_admin, Entity::Dog, {{"ownerId", other_owner}, {"name", "Stranger"}});
  add(t.db, t.other_admin, Entity::Visit, {{"dogId", other_dog}, {"description", "Not yours"}});

  const auto ids = [&](const std::vector<Id>& dogs) {
    std::vector<Id> out;
    for (const Visit& v : t.db.visits_of_dogs(t.viewer, dogs)) out.push_back(v.id);
    return out;
  };
  // Ordered by dog id, then date, then id, whatever the order or repetition of the ids asked for.
  const std::vector<Id> expected = rex < max ? std::vector<Id>{rex_early, rex_late, rex_same_day, max_only}
                                             : std::vector<Id>{max_only, rex_early, rex_late, rex_same_day};
  CHECK(ids({max, rex, quiet, other_dog, 987654}) == expected);
  CHECK(ids({rex, rex}) == std::vector<Id>{rex_early, rex_late, rex_same_day});
  CHECK(ids({quiet}).empty());
  CHECK(ids({}).empty());
  CHECK(ids({other_dog}).empty());
  const auto all = t.db.visits_of_dogs(t.viewer, {max});
  REQUIRE(all.size() == 1);
  CHECK(all[0].dog_id == max);
  CHECK(all[0].date.to_string() == "2026-01-02");
  CHECK(all[0].description == "Session");

  // The same organization's view from the other side.
  CHECK(t.db.visits_of_dogs(t.other_admin, {rex, other_dog}).size() == 1);

  std::vector<Id> too_many(Database::kMaxDogIds + 1, rex);
  CHECK(validation_errors([&] { t.db.visits_of_dogs(t.viewer, too_many); }) == Errors{{"dogIds", "too_many"}});
  CHECK(ids(std::vector<Id>(Database::kMaxDogIds, rex)).size() == 3);
  CHECK_THROWS_AS(t.db.visits_of_dogs(Scope{t.org.id, 1, {}}, {rex}), Forbidden);
}

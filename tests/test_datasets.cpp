// Data sets: the PetClinic import, the demo and the synthetic generator, all through the Database.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.hpp"

using nlohmann::json;
using namespace pawnotes;
using pawnotes::testing::TestDb;

namespace {

std::string read_petclinic_data() {
  std::ifstream in(PAWNOTES_PETCLINIC_DATA, std::ios::binary);
  if (!in) FAIL("The PetClinic sample data is missing at " PAWNOTES_PETCLINIC_DATA " (set by tests/CMakeLists.txt)");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every record of an entity in the organization, by id.
std::vector<json> all(Database& db, const Scope& scope, Entity entity) {
  std::vector<json> items;
  for (int page = 0;; ++page) {
    ListRequest request;
    request.page = PageRequest{page, 1000, "id"};
    Page<json> found = db.list(scope, entity, request);
    for (json& item : found.items) items.push_back(std::move(item));
    if (found.items.empty() || static_cast<std::int64_t>(items.size()) >= found.total) break;
  }
  return items;
}

json export_all(Database& db, const Scope& scope) {
  json out = json::object();
  for (Entity entity : {Entity::Specialty, Entity::Trainer, Entity::PetType, Entity::Owner, Entity::Dog, Entity::Visit,
                        Entity::Note, Entity::CareFlag, Entity::Vaccination}) {
    out[std::string(entity_name(entity))] = all(db, scope, entity);
  }
  return out;
}

std::int64_t count(Database& db, const Scope& scope, Entity entity) {
  ListRequest request;
  request.page = PageRequest{0, 1, "id"};
  return db.list(scope, entity, request).total;
}

void require_empty(Database& db, const Scope& scope) {
  for (Entity entity :
       {Entity::Specialty, Entity::Trainer, Entity::PetType, Entity::Owner, Entity::Dog, Entity::Visit}) {
    INFO(entity_name(entity));
    CHECK(count(db, scope, entity) == 0);
  }
}

Dog only_dog_named(Database& db, const Scope& scope, const std::string& name) {
  DogFilter filter;
  filter.name_prefix = name;
  Page<Dog> found = db.list_dogs(scope, filter);
  std::vector<Dog> exact;
  for (Dog& dog : found.items) {
    if (dog.name == name) exact.push_back(dog);
  }
  REQUIRE(exact.size() == 1);
  return exact[0];
}

json trainer_named(Database& db, const Scope& scope, const std::string& first, const std::string& last) {
  for (const json& trainer : all(db, scope, Entity::Trainer)) {
    if (trainer.at("firstName") == first && trainer.at("lastName") == last) return trainer;
  }
  FAIL("no trainer " << first << " " << last);
  return {};
}

std::vector<std::string> specialty_names(const json& trainer) {
  std::vector<std::string> names;
  for (const json& s : trainer.at("specialties")) names.push_back(s.at("name").get<std::string>());
  std::sort(names.begin(), names.end());
  return names;
}

// Runs the import and returns the ValidationError's field errors (fails if it does not throw one).
std::vector<FieldError> import_errors(TestDb& t, const std::string& sql) {
  try {
    datasets::import_petclinic_sql(t.db, t.admin, sql);
  } catch (const ValidationError& e) {
    return e.errors();
  }
  FAIL("the import did not throw a ValidationError");
  return {};
}

const char* const kSmallSql =
    "-- two owners\n"
    "INSERT INTO types (name) VALUES ('dog'), ('cat');\n"
    "INSERT INTO owners (first_name, last_name, address, city, telephone) VALUES\n"
    "('Seán', 'O''Neill', '3 Quay St.', 'Cork', '353214440000'),\n"
    "('Ana', 'Lima', '1 Rua A', 'Porto', '351222000111');\n"
    "INSERT INTO pets (name, birth_date, type_id, owner_id) VALUES\n"
    "('Rex', '2015-05-01', 1, 1),\n"
    "('Mia', '2016-06-02', 2, 2);\n";

}  // namespace

TEST_CASE("PetClinic data.sql imports every table with remapped ids", "[datasets][petclinic]") {
  TestDb t;
  const std::string sql = read_petclinic_data();
  const datasets::ImportSummary summary = datasets::import_petclinic_sql(t.db, t.admin, sql);
  CHECK(summary.owners == 10);
  CHECK(summary.dogs == 13);
  CHECK(summary.pet_types == 6);
  CHECK(summary.trainers == 6);
  CHECK(summary.specialties == 3);
  CHECK(summary.visits == 4);
  CHECK(summary.users == 0);

  CHECK(count(t.db, t.admin, Entity::Owner) == 10);
  CHECK(count(t.db, t.admin, Entity::Dog) == 13);
  CHECK(count(t.db, t.admin, Entity::PetType) == 6);
  CHECK(count(t.db, t.admin, Entity::Trainer) == 6);
  CHECK(count(t.db, t.admin, Entity::Specialty) == 3);
  CHECK(count(t.db, t.admin, Entity::Visit) == 4);
  CHECK(t.db.users(t.org.id).empty());                    // users/roles of data.sql are skipped
  CHECK(count(t.db, t.other_admin, Entity::Owner) == 0);  // only the scope's organization

  SECTION("owner Franklin has the cat Leo") {
    OwnerSearch search;
    search.last_name_prefix = "Franklin";
    const Page<Owner> found = t.db.search_owners(t.admin, search);
    REQUIRE(found.items.size() == 1);
    const Owner& george = found.items[0];
    CHECK(george.first_name == "George");
    CHECK(george.address == "110 W. Liberty St.");
    CHECK(george.city == "Madison");
    CHECK(george.telephone == "6085551023");
    REQUIRE(george.dogs.size() == 1);
    CHECK(george.dogs[0].name == "Leo");
    CHECK(george.dogs[0].type_name == "cat");
    REQUIRE(george.dogs[0].birth_date);
    CHECK(george.dogs[0].birth_date->to_string() == "2010-09-07");
  }
  SECTION("owner Estaban has Lucky the dog and Sly the cat") {
    OwnerSearch search;
    search.last_name_prefix = "Estaban";
    const Page<Owner> found = t.db.search_owners(t.admin, search);
    REQUIRE(found.items.size() == 1);
    REQUIRE(found.items[0].dogs.size() == 2);
    CHECK(found.items[0].dogs[0].name == "Lucky");
    CHECK(found.items[0].dogs[0].type_name == "dog");
    CHECK(found.items[0].dogs[1].name == "Sly");
    CHECK(found.items[0].dogs[1].type_name == "cat");
  }
  SECTION("vets keep their specialties") {
    CHECK(specialty_names(trainer_named(t.db, t.admin, "Linda", "Douglas")) ==
          std::vector<std::string>{"dentistry", "surgery"});
    CHECK(specialty_names(trainer_named(t.db, t.admin, "Helen", "Leary")) == std::vector<std::string>{"radiology"});
    CHECK(specialty_names(trainer_named(t.db, t.admin, "Rafael", "Ortega")) == std::vector<std::string>{"surgery"});
    CHECK(specialty_names(trainer_named(t.db, t.admin, "James", "Carter")).empty());
  }
  SECTION("visits point at the remapped pets") {
    const Dog samantha = only_dog_named(t.db, t.admin, "Samantha");
    const Dog max = only_dog_named(t.db, t.admin, "Max");
    std::map<Id, std::vector<std::string>> by_dog;
    for (const json& visit : all(t.db, t.admin, Entity::Visit)) {
      by_dog[visit.at("dogId").get<Id>()].push_back(visit.at("date").get<std::string>() + " " +
                                                    visit.at("description").get<std::string>());
      CHECK(visit.at("trainerId").is_null());
    }
    CHECK(by_dog[samantha.id] == std::vector<std::string>{"2013-01-01 rabies shot", "2013-01-04 spayed"});
    CHECK(by_dog[max.id] == std::vector<std::string>{"2013-01-02 rabies shot", "2013-01-03 neutered"});
  }
}

TEST_CASE("PetClinic import reuses a pet type the organization already has", "[datasets][petclinic]") {
  TestDb t;
  const json dog_type = t.db.create(t.admin, Entity::PetType, json{{"name", "Dog"}});
  const datasets::ImportSummary summary = datasets::import_petclinic_sql(t.db, t.admin, read_petclinic_data());
  CHECK(summary.pet_types == 5);
  CHECK(count(t.db, t.admin, Entity::PetType) == 6);
  CHECK(only_dog_named(t.db, t.admin, "Rosy").type_id == dog_type.at("id").get<Id>());
  CHECK(only_dog_named(t.db, t.admin, "Mulligan").type_id == dog_type.at("id").get<Id>());
}

TEST_CASE("PetClinic import parses SQL literals, comments and column-less inserts", "[datasets][petclinic]") {
  TestDb t;
  SECTION("'' escapes and comments") {
    const datasets::ImportSummary summary = datasets::import_petclinic_sql(t.db, t.admin, kSmallSql);
    CHECK(summary.owners == 2);
    CHECK(summary.dogs == 2);
    OwnerSearch search;
    search.last_name_prefix = "o'n";
    const Page<Owner> found = t.db.search_owners(t.admin, search);
    REQUIRE(found.items.size() == 1);
    CHECK(found.items[0].last_name == "O'Neill");
    CHECK(found.items[0].first_name == "Seán");
    REQUIRE(found.items[0].dogs.size() == 1);
    CHECK(found.items[0].dogs[0].type_name == "dog");
  }
  SECTION("explicit ids in the classic column-less form map references by id") {
    const std::string sql =
        "/* classic HSQLDB form */\n"
        "INSERT INTO types VALUES (7, 'lizard');\n"
        "INSERT INTO types VALUES (3, 'bird');\n"
        "INSERT INTO owners VALUES (20, 'Peter', 'McTavish', '2387 S. Fair Way', 'Madison', '6085552765');\n"
        "INSERT INTO pets VALUES (5, 'Iggy', '2010-11-30', 7, 20);\n"
        "INSERT INTO pets VALUES (6, 'Tweety', NULL, 3, 20);\n"
        "INSERT INTO visits VALUES (1, 6, '2013-01-01', 'wing check');\n"
        "COMMIT;\n";
    const datasets::ImportSummary summary = datasets::import_petclinic_sql(t.db, t.admin, sql);
    CHECK(summary.dogs == 2);
    CHECK(only_dog_named(t.db, t.admin, "Iggy").type_name == "lizard");
    const Dog tweety = only_dog_named(t.db, t.admin, "Tweety");
    CHECK(tweety.type_name == "bird");
    CHECK_FALSE(tweety.birth_date);
    const std::vector<json> visits = all(t.db, t.admin, Entity::Visit);
    REQUIRE(visits.size() == 1);
    CHECK(visits[0].at("dogId").get<Id>() == tweety.id);
  }
}

TEST_CASE("PetClinic import rejects malformed SQL naming the line and writes nothing", "[datasets][petclinic]") {
  TestDb t;
  SECTION("a missing closing parenthesis") {
    const std::string sql = std::string(kSmallSql) +
                            "INSERT INTO visits (pet_id, visit_date, description) VALUES\n"
                            "(1, '2013-01-01', 'rabies shot';\n";
    const std::vector<FieldError> errors = import_errors(t, sql);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "line 10");
    CHECK(errors[0].code == "syntax");
    CHECK(errors[0].message == "expected ',' or ')' after a value near ';'");
  }
  SECTION("an unterminated string literal names the line it starts on") {
    const std::vector<FieldError> errors =
        import_errors(t, "INSERT INTO specialties (name) VALUES\n('radiology'),\n('surgery);\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "line 3");
  }
  SECTION("text that ends inside a row names the row's last line") {
    const std::vector<FieldError> errors = import_errors(t, "INSERT INTO specialties (name) VALUES\n('radiology'\n\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "line 2");
  }
  SECTION("an unknown table") {
    const std::vector<FieldError> errors =
        import_errors(t, std::string(kSmallSql) + "INSERT INTO horses (name) VALUES ('x');\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "line 9");
    CHECK(errors[0].message.find("horses") != std::string::npos);
  }
  SECTION("a statement that is not an INSERT") {
    const std::vector<FieldError> errors = import_errors(t, "DELETE FROM owners;\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "line 1");
  }
  SECTION("a reference to a row that does not exist") {
    const std::vector<FieldError> errors = import_errors(
        t, std::string(kSmallSql) + "INSERT INTO pets (name, type_id, owner_id) VALUES\n('Ghost', 1, 99);\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "line 10");
    CHECK(errors[0].code == "not_found");
  }
  SECTION("records that break the rules: every one is reported, after the last row was parsed") {
    const std::string sql = std::string(kSmallSql) +
                            "INSERT INTO owners (first_name, last_name, address, city, telephone) VALUES\n"
                            "('B4d', 'Name', '1 Road', 'Town', '12345'),\n"
                            "('Good', 'Name', '1 Road', 'Town', 'not digits');\n"
                            "INSERT INTO pets (name, type_id, owner_id) VALUES ('rex', 1, 1);\n";
    const std::vector<FieldError> errors = import_errors(t, sql);
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].field == "line 10");
    CHECK(errors[0].message.rfind("owners.firstName ", 0) == 0);
    CHECK(errors[1].field == "line 11");
    CHECK(errors[1].message.rfind("owners.telephone ", 0) == 0);
    CHECK(errors[2].field == "line 12");  // "rex" again for the same owner, ignoring case
    CHECK(errors[2].code == "unique");
  }
  require_empty(t.db, t.admin);
}

TEST_CASE("PetClinic import: any truncation of data.sql imports or is a ValidationError", "[datasets][petclinic]") {
  TestDb t;
  const std::string sql = read_petclinic_data();
  int imported = 0, rejected = 0;
  for (std::size_t length = 0; length <= sql.size(); length += 7) {
    try {
      datasets::import_petclinic_sql(t.db, t.admin, sql.substr(0, length));
      ++imported;
    } catch (const ValidationError& e) {
      ++rejected;
      REQUIRE_FALSE(e.errors().empty());
      CHECK(e.errors()[0].field.rfind("line ", 0) == 0);
    }
  }
  CHECK(imported > 0);
  CHECK(rejected > 0);
}

TEST_CASE("PetClinic import needs an admin", "[datasets][petclinic]") {
  TestDb t;
  CHECK_THROWS_AS(datasets::import_petclinic_sql(t.db, t.trainer, kSmallSql), Forbidden);
  require_empty(t.db, t.admin);
}

TEST_CASE("The demo data set is realistic and relative to today", "[datasets][demo]") {
  TestDb t;
  const datasets::ImportSummary summary = datasets::load_demo(t.db, t.admin);
  CHECK(summary.trainers == 6);
  CHECK(summary.specialties == 5);
  CHECK(summary.owners == 25);
  CHECK(summary.dogs == 40);
  CHECK(summary.notes == 148);
  CHECK(summary.care_flags == 16);
  CHECK(count(t.db, t.admin, Entity::Note) == 148);
  CHECK(count(t.db, t.admin, Entity::Vaccination) == summary.vaccinations);
  CHECK(summary.vaccinations > 100);

  SECTION("vaccinations: some expired, some due within 30 days") {
    VaccinationDueRequest request;
    request.page.size = 1000;
    const Page<VaccinationDue> due = t.db.vaccinations_due(t.admin, request);
    int expired = 0, soon = 0;
    for (const VaccinationDue& item : due.items) {
      if (item.vaccination.status == "expired") ++expired;
      if (item.vaccination.status == "due") ++soon;
      REQUIRE(item.vaccination.days_left);
      CHECK(*item.vaccination.days_left <= 30);
    }
    CHECK(expired >= 5);
    CHECK(soon >= 5);
  }
  SECTION("danger flags, e.g. a dog that bites when touched on the paws") {
    const Dog bruno = only_dog_named(t.db, t.admin, "Bruno");
    const std::vector<CareFlag> flags = t.db.care_flags(t.admin, bruno.id);
    REQUIRE(flags.size() == 1);
    CHECK(flags[0].severity == "danger");
    CHECK(flags[0].kind == "behaviour_safety");
    CHECK(flags[0].text.find("paws") != std::string::npos);
  }
  SECTION("visits past and upcoming") {
    int past = 0, upcoming = 0;
    const std::string today = t.clock->today().to_string();
    for (const json& visit : all(t.db, t.admin, Entity::Visit)) {
      (visit.at("date").get<std::string>() < today ? past : upcoming)++;
    }
    CHECK(past >= 40);
    CHECK(upcoming >= 10);
  }
  SECTION("notes span the categories and both visibilities, and are searchable") {
    std::set<std::string> categories, visibilities;
    for (const json& note : all(t.db, t.admin, Entity::Note)) {
      categories.insert(note.at("category").get<std::string>());
      visibilities.insert(note.at("visibility").get<std::string>());
    }
    CHECK(categories == std::set<std::string>{"behaviour", "general", "health", "incident", "progress"});
    CHECK(visibilities == std::set<std::string>{"internal", "shared"});
    NoteSearch search;
    search.text = "harness";
    CHECK(t.db.search_notes(t.admin, search).total > 0);
  }
  SECTION("non-ASCII owners") {
    OwnerSearch search;
    search.last_name_prefix = "müll";
    const Page<Owner> found = t.db.search_owners(t.admin, search);
    REQUIRE(found.items.size() == 1);
    CHECK(found.items[0].first_name == "Zoë");
  }
  SECTION("training plans: a skill catalogue, goals with weekly sessions, homework, some ready to raise") {
    CHECK(summary.skills == 10);
    CHECK(summary.goals == 12);
    CHECK(summary.training_sessions == 36);
    CHECK(summary.homework == 12);
    std::set<std::string> skills;
    for (const json& skill : all(t.db, t.admin, Entity::Skill)) skills.insert(skill.at("name").get<std::string>());
    for (const char* name : {"Sit", "Recall", "Loose-leash walking", "Place", "Down-stay", "Leave it"}) {
      CHECK(skills.count(name) == 1);
    }
    const std::string today = t.clock->today().to_string();
    for (const json& session : all(t.db, t.admin, Entity::TrainingSession)) {
      CHECK(session.at("date").get<std::string>() < today);
      CHECK(session.at("trials").size() == 2);
    }
    // Dogs are in seed order: the second dog (odd index) does 8-10 of 10 at target: ready; the first is not.
    std::vector<json> dogs = all(t.db, t.admin, Entity::Dog);
    std::sort(dogs.begin(), dogs.end(), [](const json& a, const json& b) { return a.at("id") < b.at("id"); });
    ProgressRequest request;
    request.dog_id = dogs.at(1).at("id").get<Id>();
    const DogProgress ready = t.db.progress(t.admin, request);
    REQUIRE(ready.goals.size() == 2);
    CHECK(ready.goals[0].points.size() == 6);
    CHECK(ready.goals[0].ready_to_raise);
    request.dog_id = dogs.at(0).at("id").get<Id>();
    CHECK_FALSE(t.db.progress(t.admin, request).goals[0].ready_to_raise);
    int done = 0;
    for (const json& homework : all(t.db, t.admin, Entity::Homework)) done += homework.at("done").get<bool>() ? 1 : 0;
    CHECK(done == 4);
  }
  SECTION("loading it twice is a Conflict and changes nothing") {
    CHECK_THROWS_AS(datasets::load_demo(t.db, t.admin), Conflict);
    CHECK(count(t.db, t.admin, Entity::Owner) == 25);
    CHECK(count(t.db, t.admin, Entity::Specialty) == 5);
  }
}

TEST_CASE("The demo data set is deterministic given the clock", "[datasets][demo]") {
  TestDb a, b;
  datasets::load_demo(a.db, a.admin);
  datasets::load_demo(b.db, b.admin);
  CHECK(export_all(a.db, a.admin) == export_all(b.db, b.admin));
}

TEST_CASE("Synthetic data: counts, batches and progress", "[datasets][synthetic]") {
  TestDb t;
  datasets::SyntheticOptions options;
  options.owners = 50;
  options.notes = 300;
  options.seed = 7;
  options.batch_size = 64;
  std::vector<std::pair<std::int64_t, std::int64_t>> calls;
  const datasets::ImportSummary summary = datasets::generate_synthetic(
      t.db, t.admin, options, [&](std::int64_t done, std::int64_t total) { calls.emplace_back(done, total); });
  CHECK(summary.owners == 50);
  CHECK(summary.notes == 300);
  CHECK(summary.dogs >= 50);
  CHECK(summary.dogs <= 150);
  CHECK(count(t.db, t.admin, Entity::Owner) == 50);
  CHECK(count(t.db, t.admin, Entity::Dog) == summary.dogs);
  CHECK(count(t.db, t.admin, Entity::Note) == 300);

  const std::int64_t total = 50 + summary.dogs + 300;
  REQUIRE(static_cast<std::int64_t>(calls.size()) >= (total + 63) / 64);
  CHECK(calls.back() == std::make_pair(total, total));
  for (std::size_t i = 1; i < calls.size(); ++i) CHECK(calls[i].first > calls[i - 1].first);

  // Bodies are 20-60 words from the vocabulary, so plain word searches hit.
  for (const json& note : all(t.db, t.admin, Entity::Note)) {
    const std::string body = note.at("body").get<std::string>();
    const auto words = std::count(body.begin(), body.end(), ' ') + 1;
    CHECK(words >= 20);
    CHECK(words <= 60);
  }
  NoteSearch search;
  search.text = "recall";
  CHECK(t.db.search_notes(t.admin, search).total > 0);
}

TEST_CASE("Synthetic data: same seed gives the same data, another seed other data", "[datasets][synthetic]") {
  datasets::SyntheticOptions options;
  options.owners = 30;
  options.notes = 120;
  options.batch_size = 50;
  options.seed = 1234;
  TestDb a, b, c;
  datasets::generate_synthetic(a.db, a.admin, options);
  datasets::generate_synthetic(b.db, b.admin, options);
  options.seed = 1235;
  datasets::generate_synthetic(c.db, c.admin, options);
  const json first = export_all(a.db, a.admin);
  CHECK(first == export_all(b.db, b.admin));
  CHECK(first != export_all(c.db, c.admin));
  CHECK(first.at("note").size() == 120);
}

TEST_CASE("Synthetic data: bad options are a ValidationError", "[datasets][synthetic]") {
  TestDb t;
  datasets::SyntheticOptions options;
  options.owners = -1;
  options.batch_size = 0;
  try {
    datasets::generate_synthetic(t.db, t.admin, options);
    FAIL("no error");
  } catch (const ValidationError& e) {
    REQUIRE(e.errors().size() == 2);
    CHECK(e.errors()[0].field == "owners");
    CHECK(e.errors()[1].field == "batchSize");
  }
  CHECK(count(t.db, t.admin, Entity::Owner) == 0);
}

// Seeded synthetic data for benchmarks and load tests: owners, their dogs and notes, built from small
// word lists with std::mt19937_64 so the same seed always gives the same data. Records go to the
// Database in create_many batches (one transaction each); the JSON of a record is built directly,
// without any parse or round trip, since this seeds the million-note benchmark.
#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "pawnotes/datasets.hpp"

namespace pawnotes::datasets {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 40> kFirstNames = {
    "Anna",  "Ben",    "Clara",  "David",   "Elena", "Felix",  "Greta",  "Hugo",  "Ines",   "Jonas",
    "Karin", "Lars",   "Mila",   "Nils",    "Olga",  "Paul",   "Quinn",  "Rosa",  "Stefan", "Tara",
    "Ulla",  "Viktor", "Wiebke", "Xaver",   "Yara",  "Zoë",    "Amélie", "Björn", "Chloé",  "Dário",
    "Émile", "Frida",  "Gösta",  "Héloïse", "Iñigo", "Jürgen", "Kåre",   "Łucja", "Mário",  "Noémie"};
constexpr std::array<const char*, 40> kLastNames = {
    "Adams",   "Berg",      "Costa",  "Dahl",      "Evans",   "Fischer", "García",   "Hansen",  "Ivanova", "Jensen",
    "Keller",  "Lindqvist", "Moreau", "Nowak",     "O'Brien", "Petit",   "Quist",    "Rossi",   "Schulz",  "Torres",
    "Ulrich",  "Vogel",     "Weber",  "Xu",        "Young",   "Zimmer",  "Åberg",    "Brändli", "Çelik",   "Dvořák",
    "Ødegård", "Fernández", "Gómez",  "Hernández", "Ibáñez",  "Jäger",   "Kowalski", "Lefèvre", "Müller",  "Núñez"};
constexpr std::array<const char*, 16> kCities = {"Berlin", "Hamburg", "München", "Köln",    "Wien",  "Zürich",
                                                 "Oslo",   "Malmö",   "Lyon",    "Sevilla", "Porto", "Kraków",
                                                 "Leeds",  "Dublin",  "Utrecht", "Tampere"};
constexpr std::array<const char*, 16> kStreets = {"Main Street", "Mill Road",   "Station Road", "Church Lane",
                                                  "Oak Avenue",  "Park Lane",   "High Street",  "Bahnhofstraße",
                                                  "Rue Haute",   "Calle Mayor", "Via Roma",     "Kirkeveien",
                                                  "Storgatan",   "Dorfstraße",  "Lindenweg",    "Harbour Road"};
constexpr std::array<const char*, 48> kDogNames = {
    "Bella",  "Max",  "Luna", "Charlie", "Lucy",   "Cooper", "Daisy",  "Rocky",  "Molly", "Buddy",  "Sadie",  "Bear",
    "Maggie", "Duke", "Lola", "Tucker",  "Sophie", "Zeus",   "Chloe",  "Bruno",  "Nala",  "Milo",   "Rosie",  "Oscar",
    "Ruby",   "Finn", "Kira", "Loki",    "Emma",   "Balu",   "Frieda", "Paul",   "Emil",  "Ronja",  "Sammy",  "Kalle",
    "Mira",   "Sam",  "Kaja", "Lotte",   "Aska",   "Fenja",  "Nelly",  "Pepper", "Sky",   "Toffee", "Willow", "Ziggy"};
constexpr std::array<const char*, 24> kBreeds = {"Labrador Retriever",
                                                 "German Shepherd",
                                                 "Golden Retriever",
                                                 "French Bulldog",
                                                 "Beagle",
                                                 "Poodle",
                                                 "Border Collie",
                                                 "Dachshund",
                                                 "Boxer",
                                                 "Australian Shepherd",
                                                 "Siberian Husky",
                                                 "Cocker Spaniel",
                                                 "Shiba Inu",
                                                 "Whippet",
                                                 "Jack Russell Terrier",
                                                 "Bernese Mountain Dog",
                                                 "Vizsla",
                                                 "Weimaraner",
                                                 "Mixed Breed",
                                                 "Belgian Malinois",
                                                 "Rhodesian Ridgeback",
                                                 "Samoyed",
                                                 "Great Dane",
                                                 "Chihuahua"};
constexpr std::array<const char*, 3> kSexes = {"male", "female", "unknown"};
constexpr std::array<const char*, 5> kCategories = {"behaviour", "progress", "health", "incident", "general"};
constexpr std::array<const char*, 16> kTags = {
    "recall",  "leash", "reactivity", "puppy", "agility", "scent-work", "crate", "barking",
    "jumping", "vet",   "homework",   "fear",  "weaves",  "heelwork",   "stay",  "socialisation"};
constexpr std::array<const char*, 120> kWords = {
    "calm",        "focus",         "recall",     "leash",       "reward",    "treat",    "heel",     "sit",
    "down",        "stay",          "wait",       "release",     "marker",    "clicker",  "distance", "duration",
    "distraction", "threshold",     "trigger",    "bicycle",     "jogger",    "squirrel", "cat",      "children",
    "doorbell",    "visitor",       "greeting",   "jumping",     "barking",   "lunging",  "pulling",  "sniffing",
    "relaxed",     "anxious",       "excited",    "confident",   "hesitant",  "playful",  "tired",    "motivated",
    "harness",     "collar",        "longline",   "crate",       "mat",       "toy",      "tug",      "ball",
    "kibble",      "cheese",        "chicken",    "liver",       "sausage",   "biscuit",  "frozen",   "lickmat",
    "park",        "field",         "forest",     "beach",       "street",    "garden",   "kitchen",  "car",
    "morning",     "evening",       "weekend",    "session",     "class",     "homework", "owner",    "family",
    "progress",    "setback",       "improved",   "repeated",    "practised", "rewarded", "ignored",  "noticed",
    "agility",     "weaves",        "tunnel",     "seesaw",      "contacts",  "jump",     "scent",    "birch",
    "container",   "search",        "indication", "vet",         "nails",     "paws",     "ears",     "teeth",
    "brushing",    "handling",      "muzzle",     "vaccination", "weight",    "limping",  "allergy",  "itching",
    "puppy",       "socialisation", "noise",      "thunder",     "fireworks", "stairs",   "elevator", "bus",
    "gently",      "quickly",       "slowly",     "again",       "twice",     "better",   "steady",   "reliable"};

template <class T, std::size_t N>
const T& pick(std::mt19937_64& rng, const std::array<T, N>& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

std::string digits(std::mt19937_64& rng, int count) {
  std::string out(static_cast<std::size_t>(count), '0');
  std::uniform_int_distribution<int> digit(0, 9);
  for (char& c : out) c = static_cast<char>('0' + digit(rng));
  return out;
}

std::string note_body(std::mt19937_64& rng) {
  const int words = std::uniform_int_distribution<int>(20, 60)(rng);
  std::string body;
  body.reserve(static_cast<std::size_t>(words) * 9);
  for (int w = 0; w < words; ++w) {
    if (w > 0) body += (w % 11 == 0) ? ". " : " ";
    body += pick(rng, kWords);
  }
  body[0] = static_cast<char>(body[0] - 'a' + 'A');  // every word starts with an ASCII lower-case letter
  body += '.';
  return body;
}

// Calls the progress callback (if any) with the running total.
class Progressor {
 public:
  Progressor(const Progress& progress, std::int64_t total) : progress_(progress), total_(total) {}
  void add(std::int64_t count) {
    done_ += count;
    if (progress_) progress_(done_, total_);
  }

 private:
  const Progress& progress_;
  std::int64_t total_;
  std::int64_t done_ = 0;
};

void flush(Database& db, const Scope& scope, Entity entity, std::vector<json>& batch, std::vector<Id>* ids,
           Progressor& progress) {
  if (batch.empty()) return;
  const std::vector<json> created = db.create_many(scope, entity, batch);
  if (ids != nullptr) {
    for (const json& record : created) ids->push_back(record.at("id").get<Id>());
  }
  progress.add(static_cast<std::int64_t>(batch.size()));
  batch.clear();
}

}  // namespace

ImportSummary generate_synthetic(Database& db, const Scope& scope, const SyntheticOptions& options,
                                 const Progress& progress) {
  if (options.owners < 0 || options.notes < 0 || options.dogs_per_owner < 1 || options.batch_size < 1) {
    std::vector<FieldError> errors;
    if (options.owners < 0) errors.push_back({"owners", "minimum", "The number of owners cannot be negative."});
    if (options.notes < 0) errors.push_back({"notes", "minimum", "The number of notes cannot be negative."});
    if (options.dogs_per_owner < 1) {
      errors.push_back({"dogsPerOwner", "minimum", "Each owner needs at least one dog on average."});
    }
    if (options.batch_size < 1) errors.push_back({"batchSize", "minimum", "The batch size must be at least 1."});
    throw ValidationError(std::move(errors));
  }
  if (options.notes > 0 && options.owners == 0) {
    throw ValidationError({{"owners", "minimum", "Notes need dogs: generate at least one owner."}});
  }
  scope.require_writer();

  std::mt19937_64 rng(options.seed);
  const Date today = db.clock().today();
  const auto batch_size = static_cast<std::size_t>(options.batch_size);

  // How many dogs each owner has: 1 .. 2*average-1, so the mean is the requested average.
  std::vector<int> dogs_of_owner(static_cast<std::size_t>(options.owners));
  std::uniform_int_distribution<int> dog_count(1, 2 * options.dogs_per_owner - 1);
  std::int64_t total_dogs = 0;
  for (int& count : dogs_of_owner) {
    count = dog_count(rng);
    total_dogs += count;
  }
  Progressor progressor(progress, options.owners + total_dogs + options.notes);

  std::vector<json> batch;
  batch.reserve(batch_size);
  std::vector<Id> owner_ids;
  owner_ids.reserve(dogs_of_owner.size());
  for (std::int64_t i = 0; i < options.owners; ++i) {
    const std::string number = std::to_string(std::uniform_int_distribution<int>(1, 240)(rng));
    json owner = {{"firstName", pick(rng, kFirstNames)},
                  {"lastName", pick(rng, kLastNames)},
                  {"address", number + " " + pick(rng, kStreets)},
                  {"city", pick(rng, kCities)},
                  {"telephone", "0" + digits(rng, 9)}};
    if (std::uniform_int_distribution<int>(0, 2)(rng) != 0)
      owner["email"] = "owner" + std::to_string(i) + "@example.com";
    batch.push_back(std::move(owner));
    if (batch.size() == batch_size) flush(db, scope, Entity::Owner, batch, &owner_ids, progressor);
  }
  flush(db, scope, Entity::Owner, batch, &owner_ids, progressor);

  // Dog names are unique per owner: an owner's dogs take distinct names from the list.
  std::vector<Id> dog_ids;
  dog_ids.reserve(static_cast<std::size_t>(total_dogs));
  std::uniform_int_distribution<int> age_days(60, 15 * 365);
  std::uniform_int_distribution<int> weight_tenths(20, 700);
  for (std::size_t o = 0; o < owner_ids.size(); ++o) {
    const std::size_t first_name = std::uniform_int_distribution<std::size_t>(0, kDogNames.size() - 1)(rng);
    for (int d = 0; d < dogs_of_owner[o]; ++d) {
      const char* name = kDogNames[(first_name + static_cast<std::size_t>(d)) % kDogNames.size()];
      json dog = {{"ownerId", owner_ids[o]},
                  {"name", name},
                  {"breed", pick(rng, kBreeds)},
                  {"sex", pick(rng, kSexes)},
                  {"birthDate", today.add_days(-age_days(rng)).to_string()},
                  {"weightKg", weight_tenths(rng) / 10.0}};
      batch.push_back(std::move(dog));
      if (batch.size() == batch_size) flush(db, scope, Entity::Dog, batch, &dog_ids, progressor);
    }
  }
  flush(db, scope, Entity::Dog, batch, &dog_ids, progressor);

  std::uniform_int_distribution<std::size_t> which_dog(0, dog_ids.empty() ? 0 : dog_ids.size() - 1);
  std::uniform_int_distribution<int> tag_count(0, 3);
  for (std::int64_t n = 0; n < options.notes; ++n) {
    json tags = json::array();
    for (int t = tag_count(rng); t > 0; --t) tags.push_back(pick(rng, kTags));  // duplicates are merged by the core
    json note = {{"dogId", dog_ids[which_dog(rng)]},
                 {"body", note_body(rng)},
                 {"category", pick(rng, kCategories)},
                 {"tags", std::move(tags)},
                 {"visibility", std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? "shared" : "internal"}};
    batch.push_back(std::move(note));
    if (batch.size() == batch_size) flush(db, scope, Entity::Note, batch, nullptr, progressor);
  }
  flush(db, scope, Entity::Note, batch, nullptr, progressor);

  ImportSummary summary;
  summary.owners = static_cast<std::int64_t>(owner_ids.size());
  summary.dogs = static_cast<std::int64_t>(dog_ids.size());
  summary.notes = options.notes;
  return summary;
}

}  // namespace pawnotes::datasets

// The demo data set: a small dog-training school as a trainer would record it. Everything is derived
// from fixed tables and the clock's today (birth dates, vaccination expiries and visit dates are
// offsets from it), so the same clock gives the same data and "expired" / "due soon" always exist.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "pawnotes/datasets.hpp"
#include "pawnotes/text.hpp"

namespace pawnotes::datasets {
namespace {

using nlohmann::json;

struct TrainerSeed {
  const char* first;
  const char* last;
  const char* email;
  std::vector<const char*> specialties;
};

struct OwnerSeed {
  const char* first;
  const char* last;
  const char* address;
  const char* city;
  const char* telephone;
  const char* email;  // nullptr: none
};

struct DogSeed {
  int owner;  // index into kOwners
  const char* name;
  const char* breed;
  const char* sex;
  int age_days;  // birth date = today - age_days
  double weight_kg;
  bool microchipped;
};

struct FlagSeed {
  int dog;
  const char* kind;
  const char* severity;
  const char* text;
  bool active;
};

struct NoteSeed {
  const char* category;
  std::vector<const char*> tags;
  const char* body;  // "{dog}" is replaced by the dog's name
};

const std::vector<const char*> kSpecialties = {"obedience", "agility", "reactivity", "puppy-class", "scent-work"};

const std::vector<TrainerSeed> kTrainers = {
    {"Maja", "Ødegård", "maja.odegard@pawschool.example.com", {"obedience", "puppy-class"}},
    {"Tomás", "Núñez", "tomas.nunez@pawschool.example.com", {"agility"}},
    {"Grace", "O'Connor", "grace.oconnor@pawschool.example.com", {"reactivity", "obedience"}},
    {"Jean-Luc", "Moreau", "jl.moreau@pawschool.example.com", {"scent-work"}},
    {"Aiko", "Tanaka", "aiko.tanaka@pawschool.example.com", {"puppy-class", "agility"}},
    {"Priya", "Raman", "priya.raman@pawschool.example.com", {"reactivity", "scent-work"}},
};

const std::vector<OwnerSeed> kOwners = {
    {"Zoë", "Müller", "Lindenstraße 12", "Berlin", "4930123456", "zoe.mueller@example.com"},
    {"Łukasz", "Kowalski", "ul. Długa 5", "Kraków", "48123456789", nullptr},
    {"Siobhán", "Ní Bhriain", "14 Harbour Road", "Galway", "35391555010", "siobhan@example.ie"},
    {"Björn", "Andersson", "Storgatan 3", "Uppsala", "46181234567", nullptr},
    {"Amélie", "Dubois", "8 rue des Lilas", "Lyon", "33472000001", "amelie.dubois@example.fr"},
    {"José", "García", "Calle Mayor 21", "Sevilla", "34954111222", nullptr},
    {"Γιώργος", "Παπαδόπουλος", "Odos Ermou 40", "Athens", "302101234567", nullptr},
    {"Олена", "Коваленко", "vul. Sadova 9", "Lviv", "380322000111", "olena.k@example.com"},
    {"Fatima", "Al-Sayed", "22 Cedar Lane", "Manchester", "441615550123", "fatima.alsayed@example.co.uk"},
    {"Seán", "O'Neill", "3 Quay Street", "Cork", "353214440000", nullptr},
    {"Hannah", "Schmidt", "Hauptstraße 77", "München", "4989555000", "hannah.schmidt@example.de"},
    {"Kwame", "Mensah", "9 Palm Avenue", "London", "442075550199", "kwame@example.com"},
    {"Ingrid", "Johansen", "Kirkeveien 15", "Oslo", "4722334455", nullptr},
    {"Mateo", "Rossi", "Via Roma 10", "Torino", "390115556677", "mateo.rossi@example.it"},
    {"Chloé", "Lefèvre", "27 avenue Foch", "Nantes", "33240000002", nullptr},
    {"Oliver", "Smith", "45 Mill Road", "Cambridge", "441223555010", "oliver.smith@example.com"},
    {"Mei", "Chen", "118 Orchard Street", "Leeds", "441135550456", "mei.chen@example.com"},
    {"Rafael", "Costa", "Rua Augusta 200", "Lisboa", "351213334455", nullptr},
    {"Anna-Lena", "Vogel", "Am Markt 4", "Freiburg", "49761555123", "annalena.vogel@example.de"},
    {"Emily", "Clarke", "6 Church Lane", "York", "441904555222", nullptr},
    {"Jan", "de Vries", "Prinsengracht 88", "Amsterdam", "31205551234", "jan.devries@example.nl"},
    {"Sanna", "Virtanen", "Mannerheimintie 30", "Helsinki", "358912345678", nullptr},
    {"Noah", "Williams", "12 Station Road", "Bristol", "441175550333", "noah.w@example.com"},
    {"Leonie", "Brändli", "Bahnhofstrasse 1", "Zürich", "41445556677", nullptr},
    {"Dario", "Esposito", "Via Toledo 5", "Napoli", "390815554433", "dario.esposito@example.it"},
};

const std::vector<DogSeed> kDogs = {
    {0, "Biscuit", "Labrador Retriever", "female", 1200, 28.5, true},
    {0, "Pepper", "Border Collie", "female", 2400, 18.0, true},
    {1, "Bruno", "German Shepherd", "male", 1800, 34.0, true},
    {1, "Kora", "Jack Russell Terrier", "female", 3100, 7.2, false},
    {2, "Murphy", "Irish Setter", "male", 900, 27.0, true},
    {2, "Fern", "Whippet", "female", 160, 6.5, false},
    {3, "Loke", "Swedish Vallhund", "male", 1500, 12.0, true},
    {3, "Saga", "Norwegian Elkhound", "female", 4100, 21.0, true},
    {4, "Noisette", "Cocker Spaniel", "female", 700, 13.0, true},
    {4, "Gaston", "French Bulldog", "male", 2000, 12.5, false},
    {5, "Lola", "Spanish Water Dog", "female", 1100, 17.0, true},
    {5, "Toro", "Boxer", "male", 3600, 31.0, true},
    {6, "Argos", "Greek Harehound", "male", 2600, 22.0, false},
    {6, "Mélissa", "Maltese", "female", 5000, 3.4, true},
    {7, "Sirko", "Siberian Husky", "male", 1400, 24.0, true},
    {7, "Zlata", "Samoyed", "female", 120, 9.0, false},
    {8, "Shadow", "Belgian Malinois", "male", 1000, 29.0, true},
    {8, "Amira", "Saluki", "female", 2800, 20.0, true},
    {9, "Finn", "Irish Wolfhound", "male", 1300, 55.0, true},
    {9, "Bríd", "Border Terrier", "female", 3900, 6.0, false},
    {10, "Knödel", "Dachshund", "male", 2200, 9.5, true},
    {10, "Luna", "Golden Retriever", "female", 140, 11.0, true},
    {11, "Kofi", "Rhodesian Ridgeback", "male", 1700, 36.0, true},
    {12, "Tåke", "Australian Shepherd", "female", 800, 19.0, true},
    {13, "Pippo", "Lagotto Romagnolo", "male", 1900, 14.0, true},
    {14, "Câline", "Cavalier King Charles Spaniel", "female", 3300, 8.0, false},
    {15, "Rufus", "Staffordshire Bull Terrier", "male", 2500, 17.0, true},
    {16, "Mochi", "Shiba Inu", "female", 1250, 9.0, true},
    {17, "Tejo", "Portuguese Podengo", "male", 2100, 16.0, false},
    {18, "Emma", "Poodle", "female", 3000, 22.0, true},
    {19, "Barney", "Beagle", "male", 2700, 12.0, true},
    {20, "Dotje", "Kooikerhondje", "female", 950, 10.0, true},
    {21, "Usva", "Finnish Lapphund", "female", 1600, 18.5, true},
    {22, "Ziggy", "Mixed Breed", "unknown", 1450, 15.0, false},
    {22, "Nala", "Staffy Cross", "female", 2300, 19.0, true},
    {23, "Bläss", "Bernese Mountain Dog", "male", 1050, 45.0, true},
    {23, "Meitli", "Entlebucher", "female", 3500, 23.0, true},
    {24, "Totò", "Italian Greyhound", "male", 4400, 5.0, true},
    {24, "Stella", "Cane Corso", "female", 1350, 42.0, true},
    {14, "Praline", "Bichon Frisé", "female", 600, 5.5, true},
};

const std::vector<FlagSeed> kFlags = {
    {2, "behaviour_safety", "danger", "Bites when touched on the paws: no nail trims without a muzzle.", true},
    {16, "behaviour_safety", "danger", "Lunges and bites at dogs that approach head-on. Keep 10 m distance.", true},
    {11, "behaviour_safety", "danger", "Snaps when woken suddenly; call his name before touching him.", true},
    {9, "medical", "danger", "Brachycephalic: no hard exercise above 22 °C, watch breathing.", true},
    {35, "medical", "caution", "Hip dysplasia: no jumps higher than 20 cm.", true},
    {0, "allergy", "caution", "Allergic to chicken: only fish-based treats.", true},
    {14, "handling", "caution", "Escapes through gaps in fences; double-check the training field gate.", true},
    {22, "behaviour_safety", "caution", "Resource guards toys; no toys in group sessions.", true},
    {27, "handling", "info", "Dislikes collar grabs; use the harness handle.", true},
    {13, "medical", "caution", "Heart murmur grade 2: short sessions only.", true},
    {19, "handling", "info", "Deaf in the left ear; use hand signals.", true},
    {33, "behaviour_safety", "caution", "Fearful of men wearing hats; approach sideways and low.", true},
    {4, "allergy", "info", "Sensitive to wheat; owner brings own treats.", true},
    {30, "medical", "caution", "Epileptic; seizure plan is in the owner's folder.", true},
    {38, "behaviour_safety", "danger", "Guards the owner's car; never reach into the car.", true},
    {6, "behaviour_safety", "caution", "Nipped at a child in March; resolved after desensitisation.", false},
};

const std::vector<NoteSeed> kNotes = {
    {"progress",
     {"loose-lead", "walking"},
     "Worked on loose-lead walking with {dog} today. Pulled much less once we switched to a front-clip harness "
     "and rewarded every third step at my side."},
    {"behaviour",
     {"reactivity", "dogs"},
     "{dog} noticed the other dog at about 15 m and stayed under threshold. We did look-at-that for ten minutes "
     "and ended on a calm sniff walk."},
    {"progress",
     {"recall"},
     "Recall on the long line was solid at 20 m with light distractions. Next week: recall away from food on "
     "the ground."},
    {"health",
     {"weight"},
     "{dog} looked a little heavy today; suggested the owner cut treats in half and use part of the daily "
     "kibble for training."},
    {"general",
     {"homework"},
     "Homework for {dog}: three short sessions a day of sit-stay at the door, two minutes each, always release "
     "before the dog breaks."},
    {"incident",
     {"bite-risk", "handling"},
     "{dog} growled and stiffened when I reached for the paw during the handling exercise. Stopped at once; "
     "we go back to touching the shoulder only."},
    {"progress",
     {"agility", "weaves"},
     "First full set of 12 weave poles with {dog} today, entry from the left side only. Very motivated by the "
     "tug toy."},
    {"behaviour",
     {"separation", "anxiety"},
     "Owner reports {dog} howls when left alone for more than 20 minutes. Started a plan of very short "
     "departures with a frozen lick mat."},
    {"progress",
     {"scent-work", "birch"},
     "{dog} found the birch hide in the second box row in under 30 seconds. Clear indication with a nose "
     "freeze; we can add a second hide next time."},
    {"general",
     {"owner"},
     "Talked with the owner about consistency at home: everyone in the family uses the same word for the "
     "release cue now."},
    {"progress",
     {"puppy", "socialisation"},
     "Puppy class: {dog} met a person with an umbrella and a wheelchair user today and stayed curious and "
     "relaxed. Lots of praise."},
    {"behaviour",
     {"jumping", "greeting"},
     "{dog} still jumps up on visitors. We practised four-on-the-floor greetings with a helper at the door; "
     "seven good reps out of ten."},
    {"health",
     {"vet", "limping"},
     "{dog} was slightly lame on the right hind leg after the session. Advised a vet check before the next "
     "agility class."},
    {"progress",
     {"stay", "duration"},
     "Down-stay reached two minutes with me out of sight for 10 seconds. {dog} relaxed onto one hip, a good "
     "sign."},
    {"behaviour",
     {"reactivity", "bikes"},
     "Bicycles are still the main trigger for {dog}. Counter-conditioning at the park edge, cheese for every "
     "bike that passes."},
    {"general",
     {"schedule"},
     "Moved {dog}'s sessions to Tuesday mornings because the afternoon group is too busy for now."},
    {"progress", {"tricks"}, "Taught {dog} a chin rest on my hand; useful for the vet visits the owner worries about."},
    {"incident",
     {"escape"},
     "{dog} slipped the collar during the walk near the road and came back on the third recall. Owner will "
     "use a martingale collar from now on."},
    {"progress",
     {"crate", "puppy"},
     "Crate training is going well: {dog} goes in on cue and settles for 30 minutes with a chew."},
    {"behaviour",
     {"resource-guarding"},
     "Saw mild guarding of the food bowl. Showed the owner how to walk past and drop a better treat instead "
     "of taking the bowl."},
    {"health",
     {"allergy", "treats"},
     "Owner switched {dog} to fish-based treats; no more itching around the ears since last week."},
    {"progress",
     {"heelwork"},
     "Heelwork with {dog} improved: ten paces with turns and an automatic sit at halt, attention on me "
     "throughout."},
    {"general",
     {"equipment"},
     "Recommended a 5 m long line and a well-fitting Y-harness for {dog} for the recall homework."},
    {"behaviour",
     {"noise", "fear"},
     "{dog} startled at the thunder recording at low volume but recovered within seconds. We stay at this "
     "level for a week."},
    {"progress",
     {"agility", "contacts"},
     "Two-on-two-off contact on the dog walk is reliable now. {dog} holds position until released."},
    {"incident",
     {"dog-fight"},
     "Short scuffle between {dog} and another dog at the gate, no injuries. Separated them at once; both "
     "owners informed."},
    {"progress",
     {"scent-work", "containers"},
     "Container search: {dog} worked all twelve containers methodically and ignored the food distractor."},
    {"general",
     {"owner", "goals"},
     "Agreed goals with the owner for the next month: calm greetings, recall from play, and settling in a "
     "cafe."},
    {"behaviour",
     {"barking"},
     "{dog} barks at the window when people pass. Suggested window film and a settle cue on the mat."},
    {"progress",
     {"puppy", "bite-inhibition"},
     "Mouthing during play has softened a lot; {dog} now redirects to the toy when I say oops."},
};

// Vaccines: name and how long one dose protects.
struct VaccineSeed {
  const char* name;
  int valid_days;
};
const std::array<VaccineSeed, 4> kVaccines = {{
    {"Rabies", 3 * 365},
    {"DHPP", 3 * 365},
    {"Leptospirosis", 365},
    {"Kennel cough", 365},
}};
// Days from today to expiry, cycled over the doses: some expired, some due within 30 days, most fine.
const std::array<int, 12> kExpiryOffsets = {-45, 12, 200, 330, 90, -3, 25, 410, 150, 700, 5, 260};

const std::vector<const char*> kVisitDescriptions = {
    "Private session: loose-lead walking",
    "Group class: basic obedience",
    "Agility foundation session",
    "Reactivity walk at the park",
    "Puppy class: socialisation",
    "Scent-work introduction",
    "Home visit: door manners",
    "Behaviour assessment",
    "Recall training on the field",
    "Follow-up: handling and cooperative care",
};

std::string replace_dog(const std::string& body, const std::string& dog) {
  std::string out;
  out.reserve(body.size() + 16);
  for (std::size_t i = 0; i < body.size();) {
    if (body.compare(i, 5, "{dog}") == 0) {
      out += dog;
      i += 5;
    } else {
      out += body[i++];
    }
  }
  return out;
}

std::vector<Id> ids_of(const std::vector<json>& created) {
  std::vector<Id> ids;
  ids.reserve(created.size());
  for (const json& item : created) ids.push_back(item.at("id").get<Id>());
  return ids;
}

// The organization's specialties by folded name, so the demo reuses "agility" if it already exists.
// The skill catalogue: name, description, and a goal's baseline and target in the three Ds
// (distance m, duration s, distraction 0-5; -1 = not part of the criteria).
struct SkillSeed {
  const char* name;
  const char* description;
  double base_distance, target_distance;
  int base_duration, target_duration;
  int base_distraction, target_distraction;
};

const std::vector<SkillSeed> kSkills = {
    {"Sit", "Sits on one cue and holds it until released.", -1, -1, 2, 15, 0, 3},
    {"Down", "Lies down on one cue, from a stand or a sit.", -1, -1, 1, 10, 0, 3},
    {"Recall", "Comes straight back when called, whatever is going on.", 3, 25, -1, -1, 0, 4},
    {"Loose-leash walking", "Walks beside the handler without pulling.", 10, 200, -1, -1, 1, 4},
    {"Place", "Goes to a mat or bed and settles there.", 1, 5, 10, 180, 0, 3},
    {"Down-stay", "Stays lying down while the handler moves away.", 1, 10, 5, 120, 0, 3},
    {"Leave it", "Turns away from food or objects on cue.", -1, -1, -1, -1, 1, 5},
    {"Wait at doors", "Waits at open doors and gates until released.", -1, -1, 3, 30, 0, 3},
    {"Hand target", "Touches the handler's palm with the nose.", 0.5, 5, -1, -1, 0, 3},
    {"Settle", "Relaxes on cue in a busy place.", -1, -1, 30, 600, 1, 4},
};

const std::vector<const char*> kHomework = {
    "Five short sessions a day of two minutes each, always ending on a success.",
    "Practise in the garden first, then on the quiet street; write down the distractions.",
    "Reward every check-in on walks with a treat from your left hand.",
    "Use the mat at dinner time: three repetitions before every meal.",
};

std::unordered_map<std::string, Id> existing_named(Database& db, const Scope& scope, Entity entity) {
  std::unordered_map<std::string, Id> found;
  for (int page = 0;; ++page) {
    ListRequest request;
    request.page = PageRequest{page, 1000, "id"};
    const Page<json> items = db.list(scope, entity, request);
    for (const json& item : items.items)
      found.emplace(text::fold(item.at("name").get<std::string>()), item.at("id").get<Id>());
    if (items.items.empty() || static_cast<std::int64_t>(page + 1) * 1000 >= items.total) break;
  }
  return found;
}

std::unordered_map<std::string, Id> existing_specialties(Database& db, const Scope& scope) {
  return existing_named(db, scope, Entity::Specialty);
}

json criteria_at(const SkillSeed& skill, double progress) {  // 0: baseline, 1: target
  json c = json::object();
  if (skill.target_distance >= 0)
    c["distanceMetres"] =
        std::round((skill.base_distance + (skill.target_distance - skill.base_distance) * progress) * 2) / 2;
  if (skill.target_duration >= 0)
    c["durationSeconds"] =
        static_cast<int>(std::lround(skill.base_duration + (skill.target_duration - skill.base_duration) * progress));
  c["distractionLevel"] = static_cast<int>(
      std::lround(skill.base_distraction + (skill.target_distraction - skill.base_distraction) * progress));
  return c;
}

// The first six dogs have two goals each, six weekly sessions (the criteria rise from the baseline and reach
// the target at the fourth session), and homework per goal. Dogs with an odd index do 8-10 of 10 at the
// target, so their goals are ready to raise; the last dog's second goal is paused.
void write_plans(Database& db, const Scope& scope, const std::vector<Id>& dog_ids, const std::vector<Id>& trainer_ids,
                 ImportSummary& summary) {
  const Date today = db.clock().today();
  std::unordered_map<std::string, Id> skill_ids = existing_named(db, scope, Entity::Skill);
  std::vector<json> new_skills;
  for (const SkillSeed& seed : kSkills) {
    if (skill_ids.count(text::fold(seed.name)) == 0)
      new_skills.push_back({{"name", seed.name}, {"description", seed.description}});
  }
  if (!new_skills.empty()) {
    for (const json& created : db.create_many(scope, Entity::Skill, new_skills))
      skill_ids[text::fold(created.at("name").get<std::string>())] = created.at("id").get<Id>();
  }
  summary.skills = static_cast<std::int64_t>(new_skills.size());

  constexpr std::size_t kPlannedDogs = 6;
  constexpr int kSessions = 6;
  struct Planned {
    std::size_t dog;
    const SkillSeed* skill;
  };
  std::vector<Planned> planned;
  std::vector<json> goals;
  for (std::size_t i = 0; i < std::min(kPlannedDogs, dog_ids.size()); ++i) {
    for (std::size_t k = 0; k < 2; ++k) {
      const SkillSeed& skill = kSkills[(i * 3 + k * 5) % kSkills.size()];
      planned.push_back({i, &skill});
      goals.push_back({{"dogId", dog_ids[i]},
                       {"skillId", skill_ids.at(text::fold(skill.name))},
                       {"baseline", criteria_at(skill, 0)},
                       {"target", criteria_at(skill, 1)},
                       {"status", i + 1 == kPlannedDogs && k == 1 ? "paused" : "active"},
                       {"startDate", today.add_days(-45).to_string()},
                       {"targetDate", today.add_days(30 + static_cast<int>(i) * 7).to_string()}});
    }
  }
  const std::vector<Id> goal_ids = ids_of(db.create_many(scope, Entity::Goal, goals));
  summary.goals = static_cast<std::int64_t>(goal_ids.size());

  std::vector<json> sessions;
  for (std::size_t i = 0; i < std::min(kPlannedDogs, dog_ids.size()); ++i) {
    for (int s = 0; s < kSessions; ++s) {
      json trials = json::array();
      for (std::size_t g = 0; g < planned.size(); ++g) {
        if (planned[g].dog != i) continue;
        json trial = criteria_at(*planned[g].skill, std::min(1.0, s / 3.0));
        trial["goalId"] = goal_ids[g];
        trial["attempts"] = 10;
        trial["successes"] = std::min(10, 4 + s + static_cast<int>(i % 2));
        trials.push_back(std::move(trial));
      }
      json session = {{"dogId", dog_ids[i]},
                      {"trainerId", trainer_ids[i % trainer_ids.size()]},
                      {"date", today.add_days(-42 + 7 * s).to_string()},
                      {"trials", std::move(trials)}};
      if (s == kSessions - 1) session["note"] = "Keen and focused; ended on an easy win.";
      sessions.push_back(std::move(session));
    }
  }
  summary.training_sessions =
      static_cast<std::int64_t>(db.create_many(scope, Entity::TrainingSession, sessions).size());

  std::vector<json> homework;
  for (std::size_t g = 0; g < goal_ids.size(); ++g) {
    json item = {{"goalId", goal_ids[g]},
                 {"exercise", kHomework[g % kHomework.size()]},
                 {"assignedOn", today.add_days(-7).to_string()},
                 {"dueDate", today.add_days(7).to_string()}};
    if (g % 3 == 0) {
      item["done"] = true;
      item["ownerComment"] = "Done every day this week; the mornings went best.";
    }
    homework.push_back(std::move(item));
  }
  summary.homework = static_cast<std::int64_t>(db.create_many(scope, Entity::Homework, homework).size());
}

std::string microchip_for(std::size_t dog_index) {
  std::string number = std::to_string(dog_index + 1);
  return "276098100000" + std::string(3 - number.size(), '0') + number;
}

// The demo's writes; load_demo runs them in one transaction.
ImportSummary write_demo(Database& db, const Scope& scope) {
  const Date today = db.clock().today();

  // The demo's microchips are unique in an organization: loading it twice would fail half-way.
  DogFilter probe;
  probe.name_prefix = kDogs[0].name;
  for (const Dog& dog : db.list_dogs(scope, probe).items) {
    if (dog.microchip && *dog.microchip == microchip_for(0)) {
      throw Conflict("The demo data set is already loaded in this organization.");
    }
  }

  ImportSummary summary;

  std::unordered_map<std::string, Id> specialty_ids = existing_specialties(db, scope);
  std::vector<json> new_specialties;
  for (const char* name : kSpecialties) {
    if (specialty_ids.count(text::fold(name)) == 0) new_specialties.push_back({{"name", name}});
  }
  if (!new_specialties.empty()) {
    for (const json& created : db.create_many(scope, Entity::Specialty, new_specialties)) {
      specialty_ids[text::fold(created.at("name").get<std::string>())] = created.at("id").get<Id>();
    }
  }
  summary.specialties = static_cast<std::int64_t>(new_specialties.size());

  std::vector<json> trainers;
  for (const TrainerSeed& seed : kTrainers) {
    json ids = json::array();
    for (const char* name : seed.specialties) ids.push_back(specialty_ids.at(text::fold(name)));
    trainers.push_back(
        {{"firstName", seed.first}, {"lastName", seed.last}, {"email", seed.email}, {"specialtyIds", ids}});
  }
  const std::vector<Id> trainer_ids = ids_of(db.create_many(scope, Entity::Trainer, trainers));
  summary.trainers = static_cast<std::int64_t>(trainer_ids.size());

  std::vector<json> owners;
  for (const OwnerSeed& seed : kOwners) {
    json owner = {{"firstName", seed.first},
                  {"lastName", seed.last},
                  {"address", seed.address},
                  {"city", seed.city},
                  {"telephone", seed.telephone}};
    if (seed.email != nullptr) owner["email"] = seed.email;
    owners.push_back(std::move(owner));
  }
  const std::vector<Id> owner_ids = ids_of(db.create_many(scope, Entity::Owner, owners));
  summary.owners = static_cast<std::int64_t>(owner_ids.size());

  std::vector<json> dogs;
  for (std::size_t i = 0; i < kDogs.size(); ++i) {
    const DogSeed& seed = kDogs[i];
    json dog = {{"ownerId", owner_ids.at(static_cast<std::size_t>(seed.owner))},
                {"name", seed.name},
                {"breed", seed.breed},
                {"sex", seed.sex},
                {"birthDate", today.add_days(-seed.age_days).to_string()},
                {"weightKg", seed.weight_kg}};
    if (seed.microchipped) dog["microchip"] = microchip_for(i);
    dogs.push_back(std::move(dog));
  }
  const std::vector<Id> dog_ids = ids_of(db.create_many(scope, Entity::Dog, dogs));
  summary.dogs = static_cast<std::int64_t>(dog_ids.size());

  std::vector<json> flags;
  for (const FlagSeed& seed : kFlags) {
    flags.push_back({{"dogId", dog_ids.at(static_cast<std::size_t>(seed.dog))},
                     {"kind", seed.kind},
                     {"severity", seed.severity},
                     {"text", seed.text},
                     {"active", seed.active}});
  }
  summary.care_flags = static_cast<std::int64_t>(db.create_many(scope, Entity::CareFlag, flags).size());

  // Every dog has rabies and DHPP; every second one leptospirosis, every third one kennel cough.
  std::vector<json> vaccinations;
  std::size_t dose = 0;
  for (std::size_t i = 0; i < dog_ids.size(); ++i) {
    for (std::size_t v = 0; v < kVaccines.size(); ++v) {
      if ((v == 2 && i % 2 != 0) || (v == 3 && i % 3 != 0)) continue;
      const int offset = kExpiryOffsets[dose++ % kExpiryOffsets.size()];
      const Date expires = today.add_days(offset);
      // Given one validity period before expiry, but never in the future nor before the dog's birth.
      Date given = expires.add_days(-kVaccines[v].valid_days);
      const Date born = today.add_days(-kDogs[i].age_days);
      if (given < born)
        given = born.add_days(std::min<std::int64_t>(56, today.days_since_epoch() - born.days_since_epoch()));
      if (given > today) given = today;
      if (!(given < expires)) continue;  // a puppy too young for this dose
      vaccinations.push_back({{"dogId", dog_ids[i]},
                              {"name", kVaccines[v].name},
                              {"givenOn", given.to_string()},
                              {"expiresOn", expires.to_string()}});
    }
  }
  summary.vaccinations = static_cast<std::int64_t>(db.create_many(scope, Entity::Vaccination, vaccinations).size());

  // One or two past sessions per dog, and an upcoming one for every other dog.
  std::vector<json> visits;
  for (std::size_t i = 0; i < dog_ids.size(); ++i) {
    const int sessions = i % 3 == 0 ? 2 : 1;
    for (int s = 0; s < sessions; ++s) {
      const std::size_t k = i * 3 + static_cast<std::size_t>(s);
      visits.push_back({{"dogId", dog_ids[i]},
                        {"trainerId", trainer_ids[k % trainer_ids.size()]},
                        {"date", today.add_days(-static_cast<int>(3 + (k * 11) % 120)).to_string()},
                        {"description", kVisitDescriptions[k % kVisitDescriptions.size()]},
                        {"durationMinutes", 30 + 15 * static_cast<int>(k % 3)}});
    }
    if (i % 2 == 0) {
      visits.push_back({{"dogId", dog_ids[i]},
                        {"trainerId", trainer_ids[(i + 2) % trainer_ids.size()]},
                        {"date", today.add_days(1 + static_cast<int>(i % 21)).to_string()},
                        {"description", kVisitDescriptions[(i + 5) % kVisitDescriptions.size()]},
                        {"durationMinutes", 60}});
    }
  }
  summary.visits = static_cast<std::int64_t>(db.create_many(scope, Entity::Visit, visits).size());

  // Three notes per dog, five for every third dog: 148 in all.
  std::vector<json> notes;
  for (std::size_t i = 0; i < dog_ids.size(); ++i) {
    const std::size_t count = i % 3 == 0 ? 5 : 3;
    for (std::size_t k = 0; k < count; ++k) {
      const NoteSeed& seed = kNotes[(i * 7 + k * 3) % kNotes.size()];
      json tags = json::array();
      for (const char* tag : seed.tags) tags.push_back(tag);
      notes.push_back({{"dogId", dog_ids[i]},
                       {"body", replace_dog(seed.body, kDogs[i].name)},
                       {"category", seed.category},
                       {"tags", std::move(tags)},
                       {"visibility", (i + k) % 3 == 0 ? "shared" : "internal"}});
    }
  }
  summary.notes = static_cast<std::int64_t>(db.create_many(scope, Entity::Note, notes).size());
  write_plans(db, scope, dog_ids, trainer_ids, summary);
  return summary;
}
}  // namespace

ImportSummary load_demo(Database& db, const Scope& scope) {
  scope.require_admin();  // trainers and specialties are admin-only writes
  ImportSummary summary;
  db.transaction([&] { summary = write_demo(db, scope); });  // all of it, or nothing
  return summary;
}

}  // namespace pawnotes::datasets

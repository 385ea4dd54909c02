// The rule tables: one per entity, in the order errors are reported and schema properties are listed.
// These rows ARE the rules; validate.cpp and schema.cpp only interpret them.
#include <algorithm>
#include <array>
#include <utility>

#include "pawnotes/validation.hpp"
#include "validation/rules_internal.hpp"

namespace pawnotes {
namespace {

/// Fluent construction of one row, so each rule reads as one line of data.
class Field {
 public:
  explicit Field(std::string name) { rule_.name = std::move(name); }
  Field& type(FieldType t) {
    rule_.type = t;
    return *this;
  }
  Field& required() {
    rule_.required = true;
    return *this;
  }
  Field& read_only() {
    rule_.read_only = true;
    return *this;
  }
  Field& write_only() {
    rule_.write_only = true;
    return *this;
  }
  /// A trimmed string of min..max code points.
  Field& text(int min, int max) {
    rule_.type = FieldType::String;
    rule_.trim = true;
    rule_.min_length = min;
    rule_.max_length = max;
    return *this;
  }
  Field& trimmed() {
    rule_.trim = true;
    return *this;
  }
  /// Kept byte for byte (a password hash is never edited).
  Field& untrimmed() {
    rule_.trim = false;
    return *this;
  }
  Field& shape(TextShape s) {
    rule_.shape = s;
    return *this;
  }
  Field& one_of(std::vector<std::string> values) {
    rule_.allowed = std::move(values);
    return *this;
  }
  Field& range(double min, double max) {
    rule_.minimum = min;
    rule_.maximum = max;
    return *this;
  }
  Field& items(int min_items, int max_items, int item_min, int item_max) {
    rule_.min_items = min_items;
    rule_.max_items = max_items;
    rule_.item_min_length = item_min;
    rule_.item_max_length = item_max;
    return *this;
  }
  Field& bound(DateBound b, std::string after = {}) {
    rule_.date_bound = b;
    rule_.after_field = std::move(after);
    return *this;
  }
  Field& unique(std::string scope) {
    rule_.unique = true;
    rule_.unique_scope = std::move(scope);
    return *this;
  }
  Field& fallback(nlohmann::json value) {
    rule_.default_value = std::move(value);
    return *this;
  }
  /// Object / ObjectList: the nested object's rows.
  Field& members(std::vector<FieldRule> rows) {
    rule_.fields = std::move(rows);
    return *this;
  }
  Field& at_most(std::string sibling) {
    rule_.at_most_field = std::move(sibling);
    return *this;
  }
  Field& unique_items_by(std::string key) {
    rule_.unique_item_key = std::move(key);
    return *this;
  }
  Field& describe(std::string text) {
    rule_.description = std::move(text);
    return *this;
  }
  operator FieldRule() const { return rule_; }  // NOLINT(google-explicit-constructor): table syntax

 private:
  FieldRule rule_;
};

Field id() { return Field("id").type(FieldType::Integer).read_only().describe("Identifier, set by the core."); }
Field version() {
  return Field("version")
      .type(FieldType::Integer)
      .read_only()
      .describe("Starts at 1 and grows by one with each update; send it back to update.");
}
Field created_at() {
  return Field("createdAt").type(FieldType::Timestamp).read_only().describe("When the record was created (UTC).");
}
Field reference(std::string name, std::string what) {
  return Field(std::move(name)).type(FieldType::Reference).describe(std::move(what));
}
Field first_name() {
  return Field("firstName").required().text(1, 30).shape(TextShape::PersonName).describe("Given name.");
}
Field last_name() {
  return Field("lastName").required().text(1, 30).shape(TextShape::LastName).describe("Family name.");
}
Field email() { return Field("email").text(1, 254).shape(TextShape::Email).describe("Email address (optional)."); }

EntityRules make_organization() {
  return {Entity::Organization,
          "Organization",
          "A trainer's business or a clinic: every other record belongs to one.",
          {id(), Field("name").required().text(1, 120).describe("Display name."), created_at(), version()}};
}

EntityRules make_user() {
  return {Entity::User,
          "User",
          "An account that can sign in, with its roles in its organization.",
          {id(),
           Field("username")
               .required()
               .text(1, 80)
               .shape(TextShape::Username)
               .unique("all organizations (ignoring case)")
               .describe("Sign-in name."),
           Field("displayName").text(0, 80).fallback("").describe("Name shown in the app."),
           Field("roles")
               .type(FieldType::StringList)
               .trimmed()
               .required()
               .one_of({"admin", "trainer", "viewer"})
               .items(1, 3, 0, 0)
               .describe("At least one of admin, trainer, viewer."),
           Field("passwordHash")
               .required()
               .write_only()
               .text(1, 512)
               .untrimmed()
               .describe("The argon2id hash made by the server; never returned."),
           Field("enabled").type(FieldType::Boolean).fallback(true).describe("Whether the account may sign in."),
           version()}};
}

EntityRules make_owner() {
  return {
      Entity::Owner,
      "Owner",
      "A dog's owner (PetClinic: owner), with their dogs.",
      {id(), first_name(), last_name(), Field("address").required().text(1, 255).describe("Street address."),
       Field("city").required().text(1, 80).describe("City."),
       Field("telephone").required().text(1, 20).shape(TextShape::Digits).describe("Telephone number, digits only."),
       email(), version()}};
}

EntityRules make_named(Entity entity, std::string title, std::string description) {
  return {
      entity,
      std::move(title),
      std::move(description),
      {id(), Field("name").required().text(1, 80).unique("organization (ignoring case)").describe("Name."), version()}};
}

EntityRules make_dog() {
  return {
      Entity::Dog,
      "Dog",
      "A dog, or any other pet (PetClinic: pet), owned by an owner.",
      {id(), reference("ownerId", "The owner's id.").required(),
       reference("typeId", "The pet type's id; the organization's \"dog\" type when absent."),
       Field("name").required().text(1, 30).unique("owner (ignoring case)").describe("Name."),
       Field("birthDate")
           .type(FieldType::Date)
           .bound(DateBound::NotInFutureMax50Years)
           .describe("Birth date: not in the future, at most 50 years ago."),
       Field("breed").text(1, 80).describe("Breed (optional)."),
       Field("sex").type(FieldType::String).one_of({"male", "female", "unknown"}).fallback("unknown").describe("Sex."),
       Field("weightKg").type(FieldType::Number).range(0, 150).describe("Weight in kilograms (optional)."),
       Field("microchip")
           .text(15, 15)
           .shape(TextShape::Digits)
           .unique("organization")
           .describe("Microchip number: exactly 15 digits (optional)."),
       Field("status")
           .type(FieldType::String)
           .one_of({"active", "inactive", "archived"})
           .fallback("active")
           .describe("Whether the dog is still seen."),
       Field("ageYears")
           .type(FieldType::Integer)
           .read_only()
           .describe("Whole years from birthDate to today; null without birthDate."),
       version()}};
}

EntityRules make_trainer() {
  return {Entity::Trainer,
          "Trainer",
          "A trainer or vet (PetClinic: vet) with specialties.",
          {id(), first_name(), last_name(), email(),
           Field("specialtyIds")
               .type(FieldType::ReferenceList)
               .fallback(nlohmann::json::array())
               .describe("Ids of the trainer's specialties."),
           version()}};
}

EntityRules make_visit() {
  return {Entity::Visit,
          "Visit",
          "A visit or training session of a dog, past or booked.",
          {id(), reference("dogId", "The dog's id.").required(), reference("trainerId", "The trainer's id (optional)."),
           Field("date")
               .type(FieldType::Date)
               .fallback(kDefaultToday)
               .describe("The day of the visit; today when absent. Future dates book a visit."),
           Field("description").required().text(1, 255).describe("What happened or is planned."),
           Field("durationMinutes").type(FieldType::Integer).range(1, 720).describe("Length in minutes (optional)."),
           version()}};
}

EntityRules make_note() {
  return {Entity::Note,
          "Note",
          "A note on a dog's behaviour, progress or health.",
          {id(), reference("dogId", "The dog's id.").required(),
           // 0 is the system (imports, the demo data, the open PetClinic API), so not a Reference (>= 1).
           Field("authorId")
               .type(FieldType::Integer)
               .range(0, 9007199254740991.0)
               .read_only()
               .describe("The user who wrote the note (0: the system)."),
           Field("body").required().text(1, 5000).describe("The note's text."),
           Field("category")
               .type(FieldType::String)
               .one_of({"behaviour", "progress", "health", "incident", "general"})
               .fallback("general")
               .describe("Kind of note."),
           Field("tags")
               .type(FieldType::StringList)
               .trimmed()
               .shape(TextShape::Tag)
               .items(0, 10, 1, 32)
               .fallback(nlohmann::json::array())
               .describe("Up to 10 tags of a-z, 0-9 and '-' (lower-cased and de-duplicated)."),
           Field("visibility")
               .type(FieldType::String)
               .one_of({"internal", "shared"})
               .fallback("internal")
               .describe("Whether the owner may see the note."),
           created_at(),
           Field("updatedAt").type(FieldType::Timestamp).read_only().describe("When the note was last edited (UTC)."),
           Field("revision").type(FieldType::Integer).read_only().describe("1, plus one per edit."),
           Field("deletedAt").type(FieldType::Timestamp).read_only().describe("When the note was deleted, or null."),
           version()}};
}

EntityRules make_care_flag() {
  return {Entity::CareFlag,
          "CareFlag",
          "A pinned safety or care warning on a dog.",
          {id(), reference("dogId", "The dog's id.").required(),
           Field("kind")
               .type(FieldType::String)
               .required()
               .one_of({"medical", "allergy", "behaviour_safety", "handling"})
               .describe("What the flag is about."),
           Field("severity")
               .type(FieldType::String)
               .required()
               .one_of({"info", "caution", "danger"})
               .describe("How careful to be."),
           Field("text").required().text(1, 500).describe("The warning."),
           Field("active").type(FieldType::Boolean).fallback(true).describe("Whether the flag is shown."), created_at(),
           version()}};
}

EntityRules make_vaccination() {
  return {
      Entity::Vaccination,
      "Vaccination",
      "A vaccination given to a dog and when it expires.",
      {id(), reference("dogId", "The dog's id.").required(),
       Field("name").required().text(1, 80).describe("Vaccine name."),
       Field("givenOn")
           .type(FieldType::Date)
           .required()
           .bound(DateBound::NotInFuture)
           .describe("The day it was given: today or earlier."),
       Field("expiresOn")
           .type(FieldType::Date)
           .required()
           .bound(DateBound::AfterField, "givenOn")
           .describe("The day it expires: after givenOn."),
       Field("status")
           .type(FieldType::String)
           .read_only()
           .one_of({"expired", "due", "ok"})
           .describe("expired before today, due within 30 days, else ok."),
       Field("daysLeft").type(FieldType::Integer).read_only().describe("expiresOn minus today (negative: expired)."),
       version()}};
}

// ---- training plans ------------------------------------------------------------------------------

/// The three Ds of a criterion: distance, duration, distraction (each optional).
std::vector<FieldRule> criteria_rows() {
  return {
      Field("distanceMetres").type(FieldType::Number).range(0, 10000).describe("Distance from the handler, metres."),
      Field("durationSeconds").type(FieldType::Integer).range(0, 86400).describe("Duration held, seconds."),
      Field("distractionLevel")
          .type(FieldType::Integer)
          .range(0, 5)
          .describe("Distraction level, 0 (none) to 5 (the hardest).")};
}

Field criteria(std::string name, std::string what) {
  return Field(std::move(name)).type(FieldType::Object).members(criteria_rows()).describe(std::move(what));
}

EntityRules make_skill() {
  return {Entity::Skill,
          "Skill",
          "A skill of the organization's catalogue (sit, recall, loose-leash walking, ...).",
          {id(), Field("name").required().text(1, 80).unique("organization (ignoring case)").describe("Name."),
           Field("description").text(1, 500).describe("What the skill is (optional)."), version()}};
}

EntityRules make_goal() {
  return {
      Entity::Goal,
      "Goal",
      "A training goal of a dog: a skill from a baseline to target criteria (distance, duration, distraction).",
      {id(), reference("dogId", "The dog's id.").required(),
       reference("skillId", "The skill's id (the organization's catalogue).").required(),
       criteria("baseline", "Where the dog starts (optional)."),
       criteria("target", "The criteria the goal aims at.").required(),
       Field("status")
           .type(FieldType::String)
           .one_of({"active", "met", "paused", "dropped"})
           .fallback("active")
           .describe("Whether the goal is being worked on."),
       Field("startDate").type(FieldType::Date).fallback(kDefaultToday).describe("The first day; today when absent."),
       Field("targetDate")
           .type(FieldType::Date)
           .bound(DateBound::NotBeforeField, "startDate")
           .describe("The day it should be met (optional): not before startDate."),
       version()}};
}

EntityRules make_training_session() {
  return {Entity::TrainingSession,
          "TrainingSession",
          "A training session of a dog by a trainer, with trial counts per goal at the criteria used that day.",
          {id(), reference("dogId", "The dog's id.").required(), reference("trainerId", "The trainer's id.").required(),
           Field("date")
               .type(FieldType::Date)
               .fallback(kDefaultToday)
               .bound(DateBound::NotInFuture)
               .describe("The day of the session: today or earlier; today when absent."),
           Field("note").text(1, 2000).describe("What happened (optional)."),
           Field("trials")
               .type(FieldType::ObjectList)
               .items(0, 50, 0, 0)
               .unique_items_by("goalId")
               .fallback(nlohmann::json::array())
               .members({reference("goalId", "The goal's id (a goal of the session's dog).").required(),
                         Field("attempts").type(FieldType::Integer).required().range(0, 1000).describe("Trials run."),
                         Field("successes")
                             .type(FieldType::Integer)
                             .required()
                             .range(0, 1000)
                             .at_most("attempts")
                             .describe("Trials that succeeded: at most attempts."),
                         criteria_rows()[0], criteria_rows()[1], criteria_rows()[2]})
               .describe("Per goal (at most once each): attempts, successes and the criteria used that day."),
           version()}};
}

EntityRules make_homework() {
  return {Entity::Homework,
          "Homework",
          "An exercise for the owner, tied to a goal, with a due date; the owner marks it done with a comment.",
          {id(), reference("goalId", "The goal's id.").required(),
           reference("dogId", "The goal's dog (set by the core).").read_only(),
           Field("exercise").required().text(1, 1000).describe("What to practise."),
           Field("assignedOn")
               .type(FieldType::Date)
               .fallback(kDefaultToday)
               .describe("When it was given; today when absent."),
           Field("dueDate")
               .type(FieldType::Date)
               .required()
               .bound(DateBound::NotBeforeField, "assignedOn")
               .describe("When it is due: not before assignedOn."),
           Field("done").type(FieldType::Boolean).fallback(false).describe("Whether the owner did it."),
           Field("ownerComment").text(1, 1000).describe("The owner's comment (optional)."),
           Field("doneAt")
               .type(FieldType::Timestamp)
               .read_only()
               .describe("When it was marked done (UTC), or null; set by the core."),
           version()}};
}

std::array<EntityRules, kAllEntities.size()> make_all() {
  return {make_organization(),
          make_user(),
          make_owner(),
          make_named(Entity::PetType, "PetType", "A kind of pet (dog, cat, ...), per organization."),
          make_dog(),
          make_trainer(),
          make_named(Entity::Specialty, "Specialty", "A trainer's specialty (PetClinic: specialty)."),
          make_visit(),
          make_note(),
          make_care_flag(),
          make_vaccination(),
          make_skill(),
          make_goal(),
          make_training_session(),
          make_homework()};
}

}  // namespace

const FieldRule* EntityRules::field(std::string_view name) const noexcept {
  const auto it = std::find_if(fields.begin(), fields.end(), [&](const FieldRule& r) { return r.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

const EntityRules& rules_for(Entity entity) {
  // Built once, thread-safe (magic static); indexed in the order of the Entity enum.
  static const std::array<EntityRules, kAllEntities.size()> all = make_all();
  return all[static_cast<std::size_t>(entity)];
}

}  // namespace pawnotes

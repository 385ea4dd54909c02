// The WebAssembly face of pawnotes (embind). A narrow JSON-text boundary, like duckdb-wasm: every call
// takes JSON text and returns JSON text, always an envelope
//   {"ok": true, "value": ...}  or  {"ok": false, "error": {"kind", "message", "errors"?}}
// so no C++ exception ever crosses into JS (Emscripten 3.1.6 would surface it as a bare number).
// Error kinds: the core's ("validation", "not_found", "conflict", "forbidden", "storage") plus
// "invalid_argument" (the request itself is malformed: not JSON, unknown entity or mode, a member of the
// wrong type) and "internal" (anything else; a bug).
// The clock is the caller's: Database.open takes "now", and any request may carry a "now" that becomes
// the clock's time from that call on (DESIGN: no hidden clock; the browser passes its own time).
#include <emscripten/bind.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "pawnotes/datasets.hpp"
#include "pawnotes/pawnotes.hpp"

using nlohmann::json;

namespace pawnotes::wasm {
namespace {

/// The request is malformed (a binding-level problem, not a rule of the core).
class InvalidArgument : public std::exception {
 public:
  explicit InvalidArgument(std::string message) : message_(std::move(message)) {}
  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string message_;
};

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

json error_json(const char* kind, const std::string& message) {
  return json{{"ok", false}, {"error", {{"kind", kind}, {"message", message}}}};
}

/// A result already written as JSON text (json_text.hpp): the query results skip the JSON DOM, which under
/// Emscripten's JS-based exceptions costs several times the query itself.
struct Text {
  std::string json;
};

template <class T>
Text as_text(const T& value) {
  return Text{to_json_text(value)};
}

/// Runs `work` and wraps its value (or whatever it threw) in the envelope.
template <class Work>
std::string envelope(Work&& work) noexcept {
  try {
    try {
      if constexpr (std::is_same_v<std::decay_t<decltype(work())>, Text>) {
        const Text value = work();
        std::string out;
        out.reserve(value.json.size() + 20);
        out += R"({"ok":true,"value":)";
        out += value.json;
        out += '}';
        return out;
      } else {
        return dump(json{{"ok", true}, {"value", work()}});
      }
    } catch (const ValidationError& e) {
      json out = error_json(e.kind_name(), e.what());
      out["error"]["errors"] = to_json(e.errors());
      return dump(out);
    } catch (const Error& e) {
      return dump(error_json(e.kind_name(), e.what()));
    } catch (const InvalidArgument& e) {
      return dump(error_json("invalid_argument", e.what()));
    } catch (const std::bad_alloc&) {
      return dump(error_json("internal", "out of memory"));
    } catch (const std::exception& e) {
      return dump(error_json("internal", e.what()));
    } catch (...) {
      return dump(error_json("internal", "unknown error"));
    }
  } catch (...) {
    // Building the error envelope itself failed (out of memory): a fixed text needs no allocation.
    return R"({"ok":false,"error":{"kind":"internal","message":"out of memory"}})";
  }
}

// --- reading requests: every mistake is an InvalidArgument naming the member ---

/// Whether JSON text nests arrays/objects deeper than `limit` (strings skipped). Checked before parsing:
/// a very deep value would exhaust the stack when destroyed, and no request needs more than a few levels.
bool nested_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

json parse_request(const std::string& text) {
  if (nested_deeper_than(text, 256)) throw InvalidArgument("the request is nested too deeply");
  json request = json::parse(text, nullptr, false);
  if (request.is_discarded()) throw InvalidArgument("the request is not valid JSON");
  if (!request.is_object()) throw InvalidArgument("the request must be a JSON object");
  return request;
}

const json* member(const json& request, const char* name) {
  const auto it = request.find(name);
  return it == request.end() || it->is_null() ? nullptr : &*it;
}

const json& required(const json& request, const char* name) {
  const json* value = member(request, name);
  if (!value) throw InvalidArgument(std::string("\"") + name + "\" is required");
  return *value;
}

std::int64_t to_int(const json& value, const char* name) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (d >= -9007199254740991.0 && d <= 9007199254740991.0 && d == static_cast<double>(static_cast<std::int64_t>(d)))
      return static_cast<std::int64_t>(d);
  }
  throw InvalidArgument(std::string("\"") + name + "\" must be an integer");
}

std::int64_t int_member(const json& request, const char* name) { return to_int(required(request, name), name); }

std::optional<std::int64_t> opt_int(const json& request, const char* name) {
  const json* value = member(request, name);
  if (!value) return std::nullopt;
  return to_int(*value, name);
}

int small_int(std::int64_t value, const char* name) {
  if (value < -2147483647 || value > 2147483647) throw InvalidArgument(std::string("\"") + name + "\" is out of range");
  return static_cast<int>(value);
}

int int_or(const json& request, const char* name, int fallback) {
  const auto value = opt_int(request, name);
  return value ? small_int(*value, name) : fallback;
}

std::optional<std::string> opt_string(const json& request, const char* name) {
  const json* value = member(request, name);
  if (!value) return std::nullopt;
  if (!value->is_string()) throw InvalidArgument(std::string("\"") + name + "\" must be a string");
  return value->get<std::string>();
}

std::string string_member(const json& request, const char* name) {
  auto value = opt_string(request, name);
  if (!value) throw InvalidArgument(std::string("\"") + name + "\" is required");
  return std::move(*value);
}

bool bool_or(const json& request, const char* name, bool fallback) {
  const json* value = member(request, name);
  if (!value) return fallback;
  if (!value->is_boolean()) throw InvalidArgument(std::string("\"") + name + "\" must be true or false");
  return value->get<bool>();
}

Entity to_entity(const std::string& name) {
  const auto entity = entity_from_name(name);
  if (!entity) throw InvalidArgument("unknown entity \"" + name + "\"");
  return *entity;
}

Entity entity_member(const json& request) { return to_entity(string_member(request, "entity")); }

ValidationMode to_mode(const std::string& name) {
  if (name == "create") return ValidationMode::Create;
  if (name == "replace") return ValidationMode::Replace;
  if (name == "patch") return ValidationMode::Patch;
  throw InvalidArgument("unknown mode \"" + name + "\" (create, replace or patch)");
}

Date to_date(const std::string& text, const char* name) {
  const auto date = Date::parse(text);
  if (!date) throw InvalidArgument(std::string("\"") + name + "\" must be a date (YYYY-MM-DD)");
  return *date;
}

Timestamp to_timestamp(const std::string& text) {
  const auto at = Timestamp::parse(text);
  if (!at) throw InvalidArgument("\"now\" must be an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SS.mmmZ)");
  return *at;
}

/// A filter date given by the user: invalid is a ValidationError on that member, like the other bindings.
std::optional<Date> filter_date(const json& request, const char* name) {
  const auto text = opt_string(request, name);
  if (!text) return std::nullopt;
  const auto date = Date::parse(*text);
  if (!date) throw ValidationError({FieldError{name, "invalid_date", "must be a valid date (YYYY-MM-DD)"}});
  return date;
}

Scope to_scope(const json& request) {
  const json& value = required(request, "scope");
  if (!value.is_object()) throw InvalidArgument("\"scope\" must be an object {organizationId, actorId, roles}");
  Scope scope;
  scope.organization_id = int_member(value, "organizationId");
  scope.actor_id = opt_int(value, "actorId").value_or(0);
  const json* roles = member(value, "roles");
  if (roles) {
    if (!roles->is_array()) throw InvalidArgument("\"scope.roles\" must be an array of role names");
    for (const json& role : *roles) {
      const auto parsed = role.is_string() ? role_from_name(role.get<std::string>()) : std::nullopt;
      if (!parsed) throw InvalidArgument("\"scope.roles\" holds an unknown role (admin, trainer or viewer)");
      scope.roles.push_back(*parsed);
    }
  }
  return scope;
}

PageRequest to_page(const json& request) {
  PageRequest page;
  page.page = int_or(request, "page", 0);
  page.size = int_or(request, "size", 20);
  page.sort = opt_string(request, "sort").value_or("");
  return page;
}

json data_member(const json& request) { return required(request, "data"); }

/// One open pawnotes database with the caller's clock.
class WasmDatabase {
 public:
  std::string open(const std::string& request_text) {
    return envelope([&] {
      const json request = parse_request(request_text);
      const std::string path = opt_string(request, "path").value_or(":memory:");
      auto clock = std::make_shared<FixedClock>(to_timestamp(string_member(request, "now")));
      SqliteOptions options;
      options.migrate = bool_or(request, "migrate", true);
      options.read_only = bool_or(request, "readOnly", false);
      options.cache_size_kib = int_or(request, "cacheSizeKib", options.cache_size_kib);
      db_.reset();
      db_ = std::make_unique<Database>(Database::open(path, clock, options));
      clock_ = std::move(clock);
      return json{{"schemaVersion", db_->schema_version()}};
    });
  }

  std::string close() {
    return envelope([&] {
      db_.reset();
      clock_.reset();
      return json(nullptr);
    });
  }

  [[nodiscard]] bool is_open() const { return db_ != nullptr; }

  std::string set_now(const std::string& now) {
    return envelope([&] {
      database();
      clock_->set(to_timestamp(now));
      return json(clock_->now().to_string());
    });
  }

  std::string now() {
    return envelope([&] { return (database(), json(clock_->now().to_string())); });
  }

  std::string create(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      WriteOptions options;
      options.client_key = opt_string(r, "clientKey");
      return db.create(to_scope(r), entity_member(r), data_member(r), options);
    });
  }

  std::string get(const std::string& text) {
    return call(text,
                [](Database& db, const json& r) { return db.get(to_scope(r), entity_member(r), int_member(r, "id")); });
  }

  std::string update(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      const ValidationMode mode = to_mode(opt_string(r, "mode").value_or("replace"));
      if (mode == ValidationMode::Create) throw InvalidArgument("\"mode\" of an update is replace or patch");
      return db.update(to_scope(r), entity_member(r), int_member(r, "id"), data_member(r),
                       opt_int(r, "expectedVersion"), mode);
    });
  }

  std::string remove(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      db.remove(to_scope(r), entity_member(r), int_member(r, "id"), opt_int(r, "expectedVersion"),
                bool_or(r, "cascade", false));
      return json(nullptr);
    });
  }

  std::string list(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      const Scope scope = to_scope(r);
      const Entity entity = entity_member(r);
      return json(db.list(scope, entity, ListRequest{to_page(r)}));
    });
  }

  std::string create_many(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      const json& items = required(r, "items");
      if (!items.is_array()) throw InvalidArgument("\"items\" must be an array");
      const std::vector<json> inputs(items.begin(), items.end());
      return json(db.create_many(to_scope(r), entity_member(r), inputs));
    });
  }

  std::string search_owners(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      OwnerSearch request;
      request.last_name_prefix = opt_string(r, "lastNamePrefix").value_or("");
      request.page = to_page(r);
      return as_text(db.search_owners(to_scope(r), request));
    });
  }

  std::string list_dogs(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      DogFilter request;
      request.name_prefix = opt_string(r, "namePrefix");
      request.breed = opt_string(r, "breed");
      request.owner_id = opt_int(r, "ownerId");
      request.type_id = opt_int(r, "typeId");
      request.status = opt_string(r, "status");
      request.page = to_page(r);
      return as_text(db.list_dogs(to_scope(r), request));
    });
  }

  std::string timeline(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      TimelineRequest request;
      request.dog_id = int_member(r, "dogId");
      request.limit = int_or(r, "limit", 50);
      request.cursor = opt_string(r, "cursor");
      request.include_deleted_notes = bool_or(r, "includeDeletedNotes", false);
      return as_text(db.timeline(to_scope(r), request));
    });
  }

  std::string search_notes(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      NoteSearch request;
      request.text = opt_string(r, "text").value_or("");
      request.category = opt_string(r, "category");
      request.tag = opt_string(r, "tag");
      request.dog_id = opt_int(r, "dogId");
      request.visibility = opt_string(r, "visibility");
      request.from = filter_date(r, "dateFrom");
      request.to = filter_date(r, "dateTo");
      request.page = to_page(r);
      return as_text(db.search_notes(to_scope(r), request));
    });
  }

  std::string vaccinations_due(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      VaccinationDueRequest request;
      request.within_days = int_or(r, "withinDays", 30);
      request.include_expired = bool_or(r, "includeExpired", true);
      request.page = to_page(r);
      return as_text(db.vaccinations_due(to_scope(r), request));
    });
  }

  std::string trainer_visits(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      TrainerVisitsRequest request;
      request.trainer_id = int_member(r, "trainerId");
      request.upcoming = bool_or(r, "upcoming", true);
      request.page = to_page(r);
      return as_text(db.trainer_visits(to_scope(r), request));
    });
  }

  std::string note_revisions(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      return as_text(db.note_revisions(to_scope(r), int_member(r, "noteId")));
    });
  }

  std::string care_flags(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      return as_text(db.care_flags(to_scope(r), int_member(r, "dogId"), bool_or(r, "activeOnly", true)));
    });
  }

  std::string vaccinations(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      return as_text(db.vaccinations(to_scope(r), int_member(r, "dogId")));
    });
  }

  std::string history(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      HistoryRequest request;
      request.entity = entity_member(r);
      request.id = int_member(r, "id");
      request.page = to_page(r);
      return as_text(db.history(to_scope(r), request));
    });
  }

  std::string changes_since(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      return as_text(db.changes_since(to_scope(r), opt_int(r, "afterSeq").value_or(0), int_or(r, "limit", 100)));
    });
  }

  std::string create_organization(const std::string& text) {
    return call(text,
                [](Database& db, const json& r) { return json(db.create_organization(string_member(r, "name"))); });
  }

  std::string organizations(const std::string& text) {
    return call(text, [](Database& db, const json&) { return as_text(db.organizations()); });
  }

  std::string create_user(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      const json& input = required(r, "user");
      if (!input.is_object()) throw InvalidArgument("\"user\" must be an object");
      User user;
      user.username = opt_string(input, "username").value_or("");
      user.display_name = opt_string(input, "displayName").value_or("");
      user.password_hash = opt_string(input, "passwordHash").value_or("");
      user.enabled = bool_or(input, "enabled", true);
      if (const json* roles = member(input, "roles")) {
        if (!roles->is_array()) throw InvalidArgument("\"user.roles\" must be an array of role names");
        for (const json& role : *roles) {
          const auto parsed = role.is_string() ? role_from_name(role.get<std::string>()) : std::nullopt;
          if (!parsed) throw InvalidArgument("\"user.roles\" holds an unknown role (admin, trainer or viewer)");
          user.roles.push_back(*parsed);
        }
      }
      return json(db.create_user(int_member(r, "organizationId"), user));
    });
  }

  std::string users(const std::string& text) {
    return call(text, [](Database& db, const json& r) { return as_text(db.users(int_member(r, "organizationId"))); });
  }

  std::string stats(const std::string& text) {
    return call(text, [](Database& db, const json& r) { return as_text(db.stats(to_scope(r))); });
  }

  std::string load_demo(const std::string& text) {
    return call(text, [](Database& db, const json& r) { return summary_json(datasets::load_demo(db, to_scope(r))); });
  }

  std::string generate_synthetic(const std::string& text) {
    return call(text, [](Database& db, const json& r) {
      datasets::SyntheticOptions options;
      options.owners = opt_int(r, "owners").value_or(options.owners);
      options.dogs_per_owner = int_or(r, "dogsPerOwner", options.dogs_per_owner);
      options.notes = opt_int(r, "notes").value_or(options.notes);
      options.seed = static_cast<std::uint64_t>(opt_int(r, "seed").value_or(static_cast<std::int64_t>(options.seed)));
      options.batch_size = int_or(r, "batchSize", options.batch_size);
      return summary_json(datasets::generate_synthetic(db, to_scope(r), options));
    });
  }

 private:
  static json summary_json(const datasets::ImportSummary& s) {
    return json{{"owners", s.owners},
                {"dogs", s.dogs},
                {"petTypes", s.pet_types},
                {"trainers", s.trainers},
                {"specialties", s.specialties},
                {"visits", s.visits},
                {"notes", s.notes},
                {"careFlags", s.care_flags},
                {"vaccinations", s.vaccinations},
                {"users", s.users}};
  }

  Database& database() {
    if (!db_) throw InvalidArgument("the database is not open (call open first)");
    return *db_;
  }

  /// Parses the request, applies its "now" to the clock, and runs `work` inside the envelope.
  template <class Work>
  std::string call(const std::string& text, Work&& work) {
    return envelope([&] {
      const json request = parse_request(text);
      Database& db = database();
      if (const auto now = opt_string(request, "now")) clock_->set(to_timestamp(*now));
      return work(db, request);
    });
  }

  std::unique_ptr<Database> db_;
  std::shared_ptr<FixedClock> clock_;
};

// --- module-level calls: validation needs no database ---

std::string validate_text(const std::string& entity, const std::string& text, const std::string& today,
                          const std::string& mode) {
  return envelope([&] { return decode_and_validate(to_entity(entity), text, to_date(today, "today"), to_mode(mode)); });
}

std::string check_text(const std::string& entity, const std::string& text, const std::string& today,
                       const std::string& mode) {
  return envelope([&] {
    // decode_and_validate guards the parse (malformed or too deeply nested text); its errors are check()'s.
    try {
      (void)decode_and_validate(to_entity(entity), text, to_date(today, "today"), to_mode(mode));
    } catch (const ValidationError& e) {
      return to_json(e.errors());
    }
    return json::array();
  });
}

std::string json_schema_text(const std::string& entity) {
  return envelope([&] { return json_schema(to_entity(entity)); });
}

std::string entities_text() {
  return envelope([] {
    json names = json::array();
    for (const Entity entity : kAllEntities) names.push_back(std::string(entity_name(entity)));
    return names;
  });
}

std::string version_text() {
  return envelope([] { return json(version()); });
}

}  // namespace
}  // namespace pawnotes::wasm

EMSCRIPTEN_BINDINGS(pawnotes_core) {
  using pawnotes::wasm::WasmDatabase;
  emscripten::function("validate", &pawnotes::wasm::validate_text);
  emscripten::function("check", &pawnotes::wasm::check_text);
  emscripten::function("jsonSchema", &pawnotes::wasm::json_schema_text);
  emscripten::function("entities", &pawnotes::wasm::entities_text);
  emscripten::function("version", &pawnotes::wasm::version_text);
  emscripten::class_<WasmDatabase>("Database")
      .constructor<>()
      .function("open", &WasmDatabase::open)
      .function("close", &WasmDatabase::close)
      .function("isOpen", &WasmDatabase::is_open)
      .function("setNow", &WasmDatabase::set_now)
      .function("now", &WasmDatabase::now)
      .function("create", &WasmDatabase::create)
      .function("get", &WasmDatabase::get)
      .function("update", &WasmDatabase::update)
      .function("remove", &WasmDatabase::remove)
      .function("list", &WasmDatabase::list)
      .function("createMany", &WasmDatabase::create_many)
      .function("searchOwners", &WasmDatabase::search_owners)
      .function("listDogs", &WasmDatabase::list_dogs)
      .function("timeline", &WasmDatabase::timeline)
      .function("searchNotes", &WasmDatabase::search_notes)
      .function("vaccinationsDue", &WasmDatabase::vaccinations_due)
      .function("trainerVisits", &WasmDatabase::trainer_visits)
      .function("noteRevisions", &WasmDatabase::note_revisions)
      .function("careFlags", &WasmDatabase::care_flags)
      .function("vaccinations", &WasmDatabase::vaccinations)
      .function("history", &WasmDatabase::history)
      .function("changesSince", &WasmDatabase::changes_since)
      .function("createOrganization", &WasmDatabase::create_organization)
      .function("organizations", &WasmDatabase::organizations)
      .function("createUser", &WasmDatabase::create_user)
      .function("users", &WasmDatabase::users)
      .function("stats", &WasmDatabase::stats)
      .function("loadDemo", &WasmDatabase::load_demo)
      .function("generateSynthetic", &WasmDatabase::generate_synthetic);
}

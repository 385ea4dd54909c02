// pawnotes._core.Database: the JSON-level face of pawnotes::Database. Arguments are converted while the
// GIL is held, the core works with the GIL released, and results become Python objects after it is
// reacquired. The core Database is not thread-safe, so each object is guarded by its own mutex.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "conversions.hpp"
#include "json_convert.hpp"
#include "pawnotes/pawnotes.hpp"

namespace py = pybind11;
using nlohmann::json;

namespace pawnotes::python {
namespace {

json summary_json(const datasets::ImportSummary& s) {
  return json{{"owners", s.owners},
              {"dogs", s.dogs},
              {"petTypes", s.pet_types},
              {"trainers", s.trainers},
              {"specialties", s.specialties},
              {"visits", s.visits},
              {"notes", s.notes},
              {"careFlags", s.care_flags},
              {"vaccinations", s.vaccinations},
              {"users", s.users},
              {"skills", s.skills},
              {"goals", s.goals},
              {"trainingSessions", s.training_sessions},
              {"homework", s.homework}};
}

User make_user(std::int64_t id, const std::string& username, const std::string& password_hash,
               const std::vector<std::string>& roles, const std::string& display_name, bool enabled,
               std::int64_t version) {
  User user;
  user.id = id;
  user.username = username;
  user.password_hash = password_hash;
  for (const auto& role : roles) user.roles.push_back(to_role(role));
  user.display_name = display_name;
  user.enabled = enabled;
  user.version = version;
  return user;
}

// Thrown from a progress callback that raised, to stop the core; the Python error is re-raised afterwards.
struct ProgressAborted : std::exception {
  [[nodiscard]] const char* what() const noexcept override { return "progress callback raised"; }
};

class DatabaseBinding {
 public:
  DatabaseBinding(const std::string& path, std::shared_ptr<Clock> clock, bool migrate, int busy_timeout_ms,
                  bool read_only, int cache_size_kib) {
    DatabaseOptions options;
    options.sqlite.migrate = migrate;
    options.sqlite.busy_timeout_ms = busy_timeout_ms;
    options.sqlite.read_only = read_only;
    options.sqlite.cache_size_kib = cache_size_kib;
    options.postgres.migrate = migrate;
    py::gil_scoped_release release;
    // A path, sqlite:///path or postgresql://... (Database::open_url picks the engine).
    db_ = std::make_unique<Database>(Database::open_url(path, std::move(clock), options));
  }

  /// Runs `work` on the core with the GIL released and this object's mutex held.
  template <class Work>
  auto locked(Work&& work) -> decltype(work(std::declval<Database&>())) {
    // A progress callback that calls back into the same object would wait for itself forever.
    if (busy_thread_.load() == std::this_thread::get_id()) {
      throw py::value_error("this Database is busy in the current thread (called from a progress callback?)");
    }
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mutex_);
    if (!db_) throw StorageError("The database is closed.");
    struct BusyMark {
      std::atomic<std::thread::id>& slot;
      explicit BusyMark(std::atomic<std::thread::id>& s) : slot(s) { slot.store(std::this_thread::get_id()); }
      ~BusyMark() { slot.store(std::thread::id()); }
    } mark(busy_thread_);
    return work(*db_);
  }

  /// Like locked(), for calls that return JSON: the conversion to Python happens with the GIL back.
  template <class Work>
  py::object json_call(Work&& work) {
    json result = locked([&](Database& db) { return json(work(db)); });
    return to_python(result);
  }

  /// A query's result as Python objects, or (as_text) its canonical JSON text as bytes, written straight
  /// from the typed result (json_text.hpp) for callers that only pass it on, e.g. an HTTP response.
  template <class Work>
  py::object query(bool as_text, Work&& work) {
    if (!as_text) return json_call(std::forward<Work>(work));
    const std::string text = locked([&](Database& db) { return to_json_text(work(db)); });
    return py::bytes(text);
  }

  void close() {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mutex_);
    db_.reset();
  }

  bool closed() {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mutex_);
    return db_ == nullptr;
  }

  py::object generate_synthetic(const Scope& scope, const datasets::SyntheticOptions& options,
                                const py::object& progress) {
    std::exception_ptr callback_error;
    datasets::Progress report;
    if (!progress.is_none()) {
      // A borrowed handle: the callable outlives the call, and copies of the std::function never touch
      // its reference count without the GIL.
      py::handle callable = progress;
      report = [callable, &callback_error](std::int64_t done, std::int64_t total) {
        py::gil_scoped_acquire acquire;
        try {
          callable(done, total);
        } catch (py::error_already_set&) {
          callback_error = std::current_exception();
          throw ProgressAborted();
        }
      };
    }
    try {
      return json_call(
          [&](Database& db) { return summary_json(datasets::generate_synthetic(db, scope, options, report)); });
    } catch (...) {
      if (callback_error) std::rethrow_exception(callback_error);
      throw;
    }
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<Database> db_;
  std::atomic<std::thread::id> busy_thread_{};
};

}  // namespace

void bind_database(py::module_& m) {
  using DB = DatabaseBinding;
  using OptStr = std::optional<std::string>;
  using OptInt = std::optional<std::int64_t>;
  py::class_<DB>(m, "Database",
                 "A pawnotes database (SQLite path or URL, or a postgresql:// URL). Calls are serialized per "
                 "object; the GIL is released "
                 "while the core works.")
      .def(py::init<const std::string&, std::shared_ptr<Clock>, bool, int, bool, int>(),
           py::arg("path") = ":memory:", py::arg("clock") = nullptr, py::arg("migrate") = true,
           py::arg("busy_timeout_ms") = 5000, py::arg("read_only") = false, py::arg("cache_size_kib") = 32768)
      .def("close", &DB::close)
      .def_property_readonly("closed", &DB::closed)
      .def("now", [](DB& self) { return self.locked([](Database& db) { return db.clock().now().to_string(); }); })
      .def("today", [](DB& self) { return self.locked([](Database& db) { return db.clock().today().to_string(); }); })
      // --- records ---
      .def(
          "create",
          [](DB& self, py::handle scope, const std::string& entity, py::handle data, const OptStr& client_key) {
            const Scope s = to_scope(scope);
            const Entity e = to_entity(entity);
            const json input = to_json(data);
            WriteOptions options;
            options.client_key = client_key;
            return self.json_call([&](Database& db) { return db.create(s, e, input, options); });
          },
          py::arg("scope"), py::arg("entity"), py::arg("data"), py::arg("client_key") = py::none())
      .def(
          "get",
          [](DB& self, py::handle scope, const std::string& entity, std::int64_t id) {
            const Scope s = to_scope(scope);
            const Entity e = to_entity(entity);
            return self.json_call([&](Database& db) { return db.get(s, e, id); });
          },
          py::arg("scope"), py::arg("entity"), py::arg("id"))
      .def(
          "update",
          [](DB& self, py::handle scope, const std::string& entity, std::int64_t id, py::handle data,
             const OptInt& expected_version, bool patch) {
            const Scope s = to_scope(scope);
            const Entity e = to_entity(entity);
            const json input = to_json(data);
            const auto mode = patch ? ValidationMode::Patch : ValidationMode::Replace;
            return self.json_call([&](Database& db) { return db.update(s, e, id, input, expected_version, mode); });
          },
          py::arg("scope"), py::arg("entity"), py::arg("id"), py::arg("data"), py::arg("expected_version") = py::none(),
          py::arg("patch") = false)
      .def(
          "remove",
          [](DB& self, py::handle scope, const std::string& entity, std::int64_t id, const OptInt& expected_version,
             bool cascade) {
            const Scope s = to_scope(scope);
            const Entity e = to_entity(entity);
            self.locked([&](Database& db) { db.remove(s, e, id, expected_version, cascade); });
          },
          py::arg("scope"), py::arg("entity"), py::arg("id"), py::arg("expected_version") = py::none(),
          py::arg("cascade") = false)
      .def(
          "list",
          [](DB& self, py::handle scope, const std::string& entity, int page, int size, std::string sort) {
            const Scope s = to_scope(scope);
            const Entity e = to_entity(entity);
            const ListRequest request{to_page(page, size, std::move(sort))};
            return self.json_call([&](Database& db) { return db.list(s, e, request); });
          },
          py::arg("scope"), py::arg("entity"), py::arg("page") = 0, py::arg("size") = 20, py::arg("sort") = "")
      .def(
          "create_many",
          [](DB& self, py::handle scope, const std::string& entity, py::handle items) {
            const Scope s = to_scope(scope);
            const Entity e = to_entity(entity);
            const json array = to_json(items);
            if (!array.is_array()) throw py::type_error("items must be a list of dicts");
            const std::vector<json> inputs(array.begin(), array.end());
            return self.json_call([&](Database& db) { return db.create_many(s, e, inputs); });
          },
          py::arg("scope"), py::arg("entity"), py::arg("items"))
      // --- queries ---
      .def(
          "search_owners",
          [](DB& self, py::handle scope, std::string prefix, int page, int size, std::string sort, bool as_text) {
            const Scope s = to_scope(scope);
            const OwnerSearch request{std::move(prefix), to_page(page, size, std::move(sort))};
            return self.query(as_text, [&](Database& db) { return db.search_owners(s, request); });
          },
          py::arg("scope"), py::arg("last_name_prefix") = "", py::arg("page") = 0, py::arg("size") = 20,
          py::arg("sort") = "", py::kw_only(), py::arg("json_text") = false)
      .def(
          "list_dogs",
          [](DB& self, py::handle scope, const OptStr& name_prefix, const OptStr& breed, const OptInt& owner_id,
             const OptInt& type_id, const OptStr& status, int page, int size, std::string sort, bool as_text) {
            const Scope s = to_scope(scope);
            DogFilter request;
            request.name_prefix = name_prefix;
            request.breed = breed;
            request.owner_id = owner_id;
            request.type_id = type_id;
            request.status = status;
            request.page = to_page(page, size, std::move(sort));
            return self.query(as_text, [&](Database& db) { return db.list_dogs(s, request); });
          },
          py::arg("scope"), py::arg("name_prefix") = py::none(), py::arg("breed") = py::none(),
          py::arg("owner_id") = py::none(), py::arg("type_id") = py::none(), py::arg("status") = py::none(),
          py::arg("page") = 0, py::arg("size") = 20, py::arg("sort") = "", py::kw_only(), py::arg("json_text") = false)
      .def(
          "timeline",
          [](DB& self, py::handle scope, std::int64_t dog_id, int limit, const OptStr& cursor,
             bool include_deleted_notes, bool as_text) {
            const Scope s = to_scope(scope);
            const TimelineRequest request{dog_id, limit, cursor, include_deleted_notes};
            return self.query(as_text, [&](Database& db) { return db.timeline(s, request); });
          },
          py::arg("scope"), py::arg("dog_id"), py::arg("limit") = 50, py::arg("cursor") = py::none(),
          py::arg("include_deleted_notes") = false, py::kw_only(), py::arg("json_text") = false)
      .def(
          "search_notes",
          [](DB& self, py::handle scope, std::string text, const OptStr& category, const OptStr& tag,
             const OptInt& dog_id, const OptStr& visibility, const OptStr& date_from, const OptStr& date_to, int page,
             int size, std::string sort, bool as_text) {
            const Scope s = to_scope(scope);
            NoteSearch request;
            request.text = std::move(text);
            request.category = category;
            request.tag = tag;
            request.dog_id = dog_id;
            request.visibility = visibility;
            request.from = to_filter_date(date_from, "dateFrom");
            request.to = to_filter_date(date_to, "dateTo");
            request.page = to_page(page, size, std::move(sort));
            return self.query(as_text, [&](Database& db) { return db.search_notes(s, request); });
          },
          py::arg("scope"), py::arg("text") = "", py::arg("category") = py::none(), py::arg("tag") = py::none(),
          py::arg("dog_id") = py::none(), py::arg("visibility") = py::none(), py::arg("date_from") = py::none(),
          py::arg("date_to") = py::none(), py::arg("page") = 0, py::arg("size") = 20, py::arg("sort") = "",
          py::kw_only(), py::arg("json_text") = false)
      .def(
          "vaccinations_due",
          [](DB& self, py::handle scope, int within_days, bool include_expired, int page, int size, std::string sort) {
            const Scope s = to_scope(scope);
            const VaccinationDueRequest request{within_days, include_expired, to_page(page, size, std::move(sort))};
            return self.json_call([&](Database& db) { return db.vaccinations_due(s, request); });
          },
          py::arg("scope"), py::arg("within_days") = 30, py::arg("include_expired") = true, py::arg("page") = 0,
          py::arg("size") = 20, py::arg("sort") = "")
      .def(
          "visits_of_dogs",
          [](DB& self, py::handle scope, const std::vector<std::int64_t>& dog_ids, bool as_text) {
            const Scope s = to_scope(scope);
            const std::vector<Id> ids(dog_ids.begin(), dog_ids.end());
            return self.query(as_text, [&](Database& db) { return db.visits_of_dogs(s, ids); });
          },
          py::arg("scope"), py::arg("dog_ids"), py::kw_only(), py::arg("json_text") = false)
      .def(
          "trainer_visits",
          [](DB& self, py::handle scope, std::int64_t trainer_id, bool upcoming, int page, int size, std::string sort) {
            const Scope s = to_scope(scope);
            const TrainerVisitsRequest request{trainer_id, upcoming, to_page(page, size, std::move(sort))};
            return self.json_call([&](Database& db) { return db.trainer_visits(s, request); });
          },
          py::arg("scope"), py::arg("trainer_id"), py::arg("upcoming") = true, py::arg("page") = 0,
          py::arg("size") = 20, py::arg("sort") = "")
      .def(
          "note_revisions",
          [](DB& self, py::handle scope, std::int64_t note_id) {
            const Scope s = to_scope(scope);
            return self.json_call([&](Database& db) { return db.note_revisions(s, note_id); });
          },
          py::arg("scope"), py::arg("note_id"))
      .def(
          "care_flags",
          [](DB& self, py::handle scope, std::int64_t dog_id, bool active_only) {
            const Scope s = to_scope(scope);
            return self.json_call([&](Database& db) { return db.care_flags(s, dog_id, active_only); });
          },
          py::arg("scope"), py::arg("dog_id"), py::arg("active_only") = true)
      .def(
          "progress",
          [](DB& self, py::handle scope, std::int64_t dog_id, int window, int ready_sessions) {
            const Scope s = to_scope(scope);
            ProgressRequest request;
            request.dog_id = dog_id;
            request.window = window;
            request.ready_sessions = ready_sessions;
            return self.json_call([&](Database& db) { return db.progress(s, request); });
          },
          py::arg("scope"), py::arg("dog_id"), py::arg("window") = 5, py::arg("ready_sessions") = 3)
      .def(
          "vaccinations",
          [](DB& self, py::handle scope, std::int64_t dog_id) {
            const Scope s = to_scope(scope);
            return self.json_call([&](Database& db) { return db.vaccinations(s, dog_id); });
          },
          py::arg("scope"), py::arg("dog_id"))
      .def(
          "history",
          [](DB& self, py::handle scope, const std::string& entity, std::int64_t id, int page, int size,
             std::string sort) {
            const Scope s = to_scope(scope);
            const HistoryRequest request{to_entity(entity), id, to_page(page, size, std::move(sort))};
            return self.json_call([&](Database& db) { return db.history(s, request); });
          },
          py::arg("scope"), py::arg("entity"), py::arg("id"), py::arg("page") = 0, py::arg("size") = 20,
          py::arg("sort") = "")
      .def(
          "changes_since",
          [](DB& self, py::handle scope, std::int64_t after_seq, int limit) {
            const Scope s = to_scope(scope);
            return self.json_call([&](Database& db) { return db.changes_since(s, after_seq, limit); });
          },
          py::arg("scope"), py::arg("after_seq") = 0, py::arg("limit") = 100)
      // --- organizations and accounts ---
      .def(
          "create_organization",
          [](DB& self, const std::string& name) {
            return self.json_call([&](Database& db) { return db.create_organization(name); });
          },
          py::arg("name"))
      .def("organizations", [](DB& self) { return self.json_call([](Database& db) { return db.organizations(); }); })
      .def(
          "create_user",
          [](DB& self, std::int64_t organization_id, const std::string& username, const std::string& password_hash,
             const std::vector<std::string>& roles, const std::string& display_name, bool enabled) {
            const User user = make_user(0, username, password_hash, roles, display_name, enabled, 0);
            return self.json_call([&](Database& db) { return db.create_user(organization_id, user); });
          },
          py::arg("organization_id"), py::kw_only(), py::arg("username"), py::arg("password_hash"), py::arg("roles"),
          py::arg("display_name") = "", py::arg("enabled") = true)
      .def(
          "update_user",
          [](DB& self, std::int64_t organization_id, std::int64_t id, const std::string& username,
             const std::string& password_hash, const std::vector<std::string>& roles, const std::string& display_name,
             bool enabled, std::int64_t version) {
            const User user = make_user(id, username, password_hash, roles, display_name, enabled, version);
            return self.json_call([&](Database& db) { return db.update_user(organization_id, user); });
          },
          py::arg("organization_id"), py::arg("id"), py::kw_only(), py::arg("username"), py::arg("password_hash"),
          py::arg("roles"), py::arg("display_name") = "", py::arg("enabled") = true, py::arg("version"))
      .def(
          "find_user_for_login",
          [](DB& self, const std::string& username) {
            return self.json_call([&](Database& db) {
              json out = nullptr;
              if (auto found = db.find_user_for_login(username)) {
                out = json{{"user", found->first},
                           {"organizationId", found->second},
                           {"passwordHash", found->first.password_hash}};
              }
              return out;
            });
          },
          py::arg("username"))
      .def(
          "users",
          [](DB& self, std::int64_t organization_id) {
            return self.json_call([&](Database& db) { return db.users(organization_id); });
          },
          py::arg("organization_id"))
      // --- administration ---
      .def("schema_version", [](DB& self) { return self.locked([](Database& db) { return db.schema_version(); }); })
      .def(
          "stats",
          [](DB& self, py::handle scope) {
            const Scope s = to_scope(scope);
            return self.json_call([&](Database& db) { return db.stats(s); });
          },
          py::arg("scope"))
      .def(
          "backup", [](DB& self, const std::string& path) { self.locked([&](Database& db) { db.backup(path); }); },
          py::arg("path"))
      // --- data sets ---
      .def(
          "import_petclinic_sql",
          [](DB& self, py::handle scope, const std::string& sql_text) {
            const Scope s = to_scope(scope);
            return self.json_call(
                [&](Database& db) { return summary_json(datasets::import_petclinic_sql(db, s, sql_text)); });
          },
          py::arg("scope"), py::arg("sql_text"))
      .def(
          "load_demo",
          [](DB& self, py::handle scope) {
            const Scope s = to_scope(scope);
            return self.json_call([&](Database& db) { return summary_json(datasets::load_demo(db, s)); });
          },
          py::arg("scope"))
      .def(
          "generate_synthetic",
          [](DB& self, py::handle scope, std::int64_t owners, int dogs_per_owner, std::int64_t notes,
             std::uint64_t seed, int batch_size, const py::object& progress) {
            datasets::SyntheticOptions options;
            options.owners = owners;
            options.dogs_per_owner = dogs_per_owner;
            options.notes = notes;
            options.seed = seed;
            options.batch_size = batch_size;
            return self.generate_synthetic(to_scope(scope), options, progress);
          },
          py::arg("scope"), py::kw_only(), py::arg("owners") = 1000, py::arg("dogs_per_owner") = 2,
          py::arg("notes") = 10000, py::arg("seed") = 42, py::arg("batch_size") = 5000,
          py::arg("progress") = py::none());
}

}  // namespace pawnotes::python

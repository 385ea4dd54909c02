#include "commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <tuple>

#include <pawnotes/pawnotes.hpp>
#include <pawnotes/transfer.hpp>

namespace pawnotes_cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using pawnotes::Database;
using pawnotes::Entity;
using pawnotes::Scope;

const char* const kDefaultDb = "./var/pawnotes.db";

struct CommandInfo {
  const char* name;
  const char* summary;
  const char* usage;
  const char* details;
};

const std::array<CommandInfo, 10> kCommands = {{
    {"init", "create or migrate the database, add an organization and an admin account",
     "pawnotes init [--db PATH] [--org NAME] [--admin-user USERNAME --admin-password-hash HASH]",
     "Creates the database (and its directory) or migrates it to the current schema. With --org, adds the\n"
     "organization unless one of that name exists; without it, adds \"Default organization\" when the\n"
     "database has none. With --admin-user and --admin-password-hash (an argon2id hash made by the server's\n"
     "tooling: the CLI never sees passwords), adds an admin account to that organization.\n"},
    {"migrate", "apply pending schema migrations", "pawnotes migrate [--db PATH]",
     "Applies the pending migrations and prints the schema version before and after.\n"},
    {"import-petclinic", "import the Spring PetClinic data.sql",
     "pawnotes import-petclinic FILE [--db PATH] [--org ID]",
     "Imports the INSERT statements of a PetClinic data.sql (vets, specialties, types, owners, pets, visits;\n"
     "users and roles are skipped). Nothing is written if any line is invalid; the error names the line.\n"},
    {"demo", "load the dog-training demo data set", "pawnotes demo [--db PATH] [--org ID]",
     "Loads trainers, owners, dogs with care flags and vaccinations, visits and notes, dated relative to today.\n"},
    {"generate", "generate seeded synthetic owners, dogs and notes",
     "pawnotes generate [--owners N] [--notes N] [--seed S] [--dogs-per-owner N] [--batch-size N] [--db PATH] [--org "
     "ID]",
     "Generates reproducible data (the same seed gives the same data). Defaults: 1000 owners, 10000 notes,\n"
     "seed 42, 2 dogs per owner on average, batches of 5000. Progress goes to stderr. One bulk import: all or\n"
     "nothing, with the notes' search index built once at the end.\n"},
    {"search", "full-text search of notes", "pawnotes search TEXT [--limit N] [--db PATH] [--org ID]",
     "Searches the notes (words, \"quoted phrases\") and prints the best hits with the matched words in *stars*.\n"},
    {"export", "write all records of the organization as JSON", "pawnotes export [--out FILE] [--db PATH] [--org ID]",
     "Writes the organization, its accounts and every record, each list ordered by id, to FILE or stdout.\n"},
    {"backup", "write a consistent copy of the database", "pawnotes backup FILE [--db PATH]",
     "Copies the database online to FILE, which must not exist.\n"},
    {"stats", "count the records of the organization", "pawnotes stats [--db PATH] [--org ID]",
     "Prints the number of owners, dogs, trainers, visits, notes, care flags, vaccinations and changes.\n"},
    {"migrate-to-postgres", "copy the SQLite database into PostgreSQL",
     "pawnotes migrate-to-postgres --to postgresql://USER:PASSWORD@HOST:PORT/DBNAME [--db PATH]",
     "Copies every organization, account and record of the SQLite database (--db) into the PostgreSQL\n"
     "database --to (which must exist; its schema is created if it is new), keeping every id, version, note\n"
     "revision and the change log. The copy is one transaction: a failed or interrupted run leaves the target\n"
     "empty and can simply be run again. Progress goes to stderr. At the end the rows and highest ids of every\n"
     "table, and each organization's record counts, are compared on both sides: a difference is an error\n"
     "(exit 1). Safe to re-run: on a target that already holds exactly this data it copies nothing and only\n"
     "verifies; a target holding other data is refused (exit 1) and left untouched.\n"},
}};

std::string db_path(const Args& args) {
  std::string db = args.option("db").value_or(kDefaultDb);
  if (db.rfind("sqlite://", 0) == 0) db.erase(0, 9);  // sqlite:///abs/path -> /abs/path
  return db;
}

bool on_postgres(const std::string& db) {
  return db.find("://") != std::string::npos && pawnotes::engine_of_url(db) == pawnotes::EngineKind::Postgres;
}

// What the CLI prints for --db: a PostgreSQL URL without its password.
std::string shown(const std::string& db) {
  if (!on_postgres(db)) return db;
  const std::size_t start = db.find("://") + 3;
  const std::size_t at = db.find('@', start);
  const std::size_t colon = db.find(':', start);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return db;
  return db.substr(0, colon) + ":***" + db.substr(at);
}

// Opens the database. Only init and migrate create or migrate it; the other commands need one that
// exists and is current, so an old file is reported instead of silently changed.
Database open_database(const Args& args, bool create_and_migrate, bool read_only = false) {
  const std::string path = db_path(args);
  // --db may also be a database URL: postgresql://... runs the command on PostgreSQL (the database must
  // exist; only init and migrate create or upgrade its schema), sqlite:///path is the same as the path.
  if (on_postgres(path)) {
    pawnotes::DatabaseOptions options;
    options.postgres.migrate = create_and_migrate;
    return Database::open_url(path, nullptr, options);
  }
  if (create_and_migrate) {
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) fs::create_directories(parent);
  } else if (!fs::exists(path)) {
    throw std::runtime_error("no database at " + path + " (create it with 'pawnotes init')");
  }
  pawnotes::SqliteOptions options;
  options.migrate = create_and_migrate;
  options.read_only = read_only;
  return Database::open(path, nullptr, options);
}

// The organization the command acts on: --org ID, else the first one.
pawnotes::Organization organization(Database& db, const Args& args) {
  std::vector<pawnotes::Organization> all = db.organizations();
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  if (const std::optional<std::int64_t> id = args.integer("org", 1, INT64_MAX)) {
    for (const auto& org : all) {
      if (org.id == *id) return org;
    }
    throw std::runtime_error("no organization with id " + std::to_string(*id));
  }
  if (all.empty())
    throw std::runtime_error("the database has no organization (add one with 'pawnotes init --org NAME')");
  return all.front();
}

// Data commands run as the system (actor 0) with the admin role.
Scope system_scope(const pawnotes::Organization& org) { return Scope{org.id, 0, {pawnotes::Role::Admin}}; }

void print_summary(const pawnotes::datasets::ImportSummary& s) {
  const std::array<std::pair<const char*, std::int64_t>, 9> rows = {{{"specialties", s.specialties},
                                                                     {"trainers", s.trainers},
                                                                     {"pet types", s.pet_types},
                                                                     {"owners", s.owners},
                                                                     {"dogs", s.dogs},
                                                                     {"care flags", s.care_flags},
                                                                     {"vaccinations", s.vaccinations},
                                                                     {"visits", s.visits},
                                                                     {"notes", s.notes}}};
  for (const auto& [name, value] : rows) {
    if (value > 0) std::cout << "  " << name << ": " << value << "\n";
  }
}

// The schema version stored in a SQLite file header (user_version, offset 60, big-endian); 0 when the
// file does not exist yet.
int stored_schema_version(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return 0;
  std::array<unsigned char, 64> header{};
  in.read(reinterpret_cast<char*>(header.data()), header.size());
  if (in.gcount() < 64 || std::string(reinterpret_cast<const char*>(header.data()), 15) != "SQLite format 3") return 0;
  return static_cast<int>((static_cast<std::uint32_t>(header[60]) << 24) |
                          (static_cast<std::uint32_t>(header[61]) << 16) |
                          (static_cast<std::uint32_t>(header[62]) << 8) | static_cast<std::uint32_t>(header[63]));
}

// The schema version before init / migrate touch the database: a SQLite file's header, or what a
// PostgreSQL database reports when opened without migrating (0 when it is new or older than this build).
int schema_version_before(const std::string& db) {
  if (!on_postgres(db)) return stored_schema_version(db);
  pawnotes::DatabaseOptions options;
  options.postgres.migrate = false;
  try {
    return Database::open_url(db, nullptr, options).schema_version();
  } catch (const pawnotes::StorageError&) {
    return 0;
  }
}

int cmd_init(const Args& args) {
  args.check({"org", "admin-user", "admin-password-hash", "admin-display-name"}, 0, 0, "");
  const auto admin_user = args.option("admin-user");
  const auto admin_hash = args.option("admin-password-hash");
  if (admin_user.has_value() != admin_hash.has_value()) {
    throw UsageError("--admin-user and --admin-password-hash go together", "init");
  }
  const int before = schema_version_before(db_path(args));
  Database db = open_database(args, true);
  std::cout << "database " << shown(db_path(args)) << " at schema version " << db.schema_version();
  if (before != db.schema_version()) std::cout << " (was " << before << ")";
  std::cout << "\n";

  std::vector<pawnotes::Organization> orgs = db.organizations();
  std::optional<pawnotes::Organization> org;
  const std::string name = args.option("org").value_or(orgs.empty() ? "Default organization" : "");
  if (!name.empty()) {
    for (const auto& existing : orgs) {
      if (existing.name == name) org = existing;
    }
    if (org) {
      std::cout << "organization \"" << org->name << "\" exists (id " << org->id << ")\n";
    } else {
      org = db.create_organization(name);
      std::cout << "created organization \"" << org->name << "\" (id " << org->id << ")\n";
    }
  }
  if (admin_user) {
    if (!org) org = organization(db, args);
    pawnotes::User user;
    user.username = *admin_user;
    user.display_name = args.option("admin-display-name").value_or("");
    user.password_hash = *admin_hash;
    user.roles = {pawnotes::Role::Admin};
    const pawnotes::User created = db.create_user(org->id, user);
    std::cout << "created admin account \"" << created.username << "\" (id " << created.id << ") in organization "
              << org->id << "\n";
  }
  return 0;
}

int cmd_migrate(const Args& args) {
  args.check({}, 0, 0, "");
  const int before = schema_version_before(db_path(args));
  Database db = open_database(args, true);
  const int after = db.schema_version();
  if (before == after) {
    std::cout << "schema version " << after << ": up to date\n";
  } else {
    std::cout << "schema version " << before << " -> " << after << "\n";
  }
  return 0;
}

int cmd_import_petclinic(const Args& args) {
  args.check({"org"}, 1, 1, "FILE (the PetClinic data.sql)");
  const std::string file = args.positionals[0];
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file);
  std::ostringstream text;
  text << in.rdbuf();
  Database db = open_database(args, false);
  const auto org = organization(db, args);
  const auto summary = pawnotes::datasets::import_petclinic_sql(db, system_scope(org), text.str());
  std::cout << "imported " << file << " into organization " << org.id << ":\n";
  print_summary(summary);
  return 0;
}

int cmd_demo(const Args& args) {
  args.check({"org"}, 0, 0, "");
  Database db = open_database(args, false);
  const auto org = organization(db, args);
  const auto summary = pawnotes::datasets::load_demo(db, system_scope(org));
  std::cout << "loaded the demo data set into organization " << org.id << ":\n";
  print_summary(summary);
  return 0;
}

// Progress on stderr: one line rewritten in place on a terminal, else a line per 10%.
class ProgressReporter {
 public:
  ProgressReporter() : tty_(::isatty(STDERR_FILENO) == 1) {}
  void operator()(std::int64_t done, std::int64_t total) {
    const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if (tty_) {
      if (percent != last_)
        std::cerr << "\rgenerating: " << percent << "% (" << done << "/" << total << ")" << std::flush;
      if (done >= total) std::cerr << "\n";
    } else {
      for (int step = (last_ < 0 ? 0 : last_ / 10 + 1); step <= percent / 10; ++step) {
        if (step > 0) std::cerr << "generating: " << step * 10 << "%\n";
      }
    }
    last_ = std::max(last_, percent);
  }

 private:
  bool tty_;
  int last_ = -1;
};

int cmd_generate(const Args& args) {
  args.check({"org", "owners", "notes", "seed", "dogs-per-owner", "batch-size"}, 0, 0, "");
  pawnotes::datasets::SyntheticOptions options;
  options.owners = args.integer("owners", 0, 100'000'000).value_or(options.owners);
  options.notes = args.integer("notes", 0, 1'000'000'000).value_or(options.notes);
  options.seed =
      static_cast<std::uint64_t>(args.integer("seed", 0, INT64_MAX).value_or(static_cast<std::int64_t>(options.seed)));
  options.dogs_per_owner = static_cast<int>(args.integer("dogs-per-owner", 1, 20).value_or(options.dogs_per_owner));
  options.batch_size = static_cast<int>(args.integer("batch-size", 1, 1'000'000).value_or(options.batch_size));
  if (options.notes > 0 && options.owners == 0)
    throw UsageError("notes need dogs: give --owners 1 or more", "generate");
  Database db = open_database(args, false);
  const auto org = organization(db, args);
  ProgressReporter reporter;
  const auto start = std::chrono::steady_clock::now();
  auto indexing = start;
  pawnotes::datasets::ImportSummary summary;
  // One bulk import: all or nothing, and the notes' full-text index (and the secondary indexes the import
  // dropped) are built once at the end, before the commit: the last phase, announced and timed here.
  db.bulk_import([&] {
    summary = pawnotes::datasets::generate_synthetic(
        db, system_scope(org), options, [&reporter](std::int64_t done, std::int64_t total) { reporter(done, total); });
    if (options.notes > 0) std::cerr << "indexing: building the search index of " << options.notes << " notes\n";
    indexing = std::chrono::steady_clock::now();
  });
  const auto end = std::chrono::steady_clock::now();
  if (options.notes > 0) {
    std::cerr << "indexing: done in " << std::chrono::duration<double>(end - indexing).count() << " s\n";
  }
  const double seconds = std::chrono::duration<double>(end - start).count();
  std::cout << "generated into organization " << org.id << " (seed " << options.seed << ") in " << seconds << " s:\n";
  print_summary(summary);
  return 0;
}

// A search snippet for a terminal: <mark> as *, HTML entities decoded.
std::string plain_snippet(const std::string& html) {
  static const std::array<std::pair<const char*, const char*>, 7> replacements = {{{"<mark>", "*"},
                                                                                   {"</mark>", "*"},
                                                                                   {"&lt;", "<"},
                                                                                   {"&gt;", ">"},
                                                                                   {"&quot;", "\""},
                                                                                   {"&#39;", "'"},
                                                                                   {"&amp;", "&"}}};
  std::string out;
  for (std::size_t i = 0; i < html.size();) {
    bool replaced = false;
    for (const auto& [from, to] : replacements) {
      const std::size_t length = std::char_traits<char>::length(from);
      if (html.compare(i, length, from) == 0) {
        out += to;
        i += length;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += html[i++];
  }
  return out;
}

int cmd_search(const Args& args) {
  args.check({"org", "limit"}, 1, 1, "TEXT (the words to search for)");
  pawnotes::NoteSearch search;
  search.text = args.positionals[0];
  search.page.size = static_cast<int>(args.integer("limit", 1, 1000).value_or(20));
  Database db = open_database(args, false);
  const auto org = organization(db, args);
  const auto hits = db.search_notes(system_scope(org), search);
  std::cout << hits.total << (hits.total == 1 ? " note matches" : " notes match") << " \"" << search.text << "\"\n";
  for (const pawnotes::NoteHit& hit : hits.items) {
    std::cout << "note " << hit.note.id << " [" << hit.note.category << "] " << hit.dog_name << ": "
              << plain_snippet(hit.snippet) << "\n";
  }
  return 0;
}

json list_all(Database& db, const Scope& scope, Entity entity) {
  json items = json::array();
  for (int page = 0;; ++page) {
    pawnotes::ListRequest request;
    request.page = pawnotes::PageRequest{page, 1000, "id"};
    pawnotes::Page<json> found = db.list(scope, entity, request);
    for (json& item : found.items) items.push_back(std::move(item));
    if (found.items.empty() || static_cast<std::int64_t>(items.size()) >= found.total) break;
  }
  return items;
}

int cmd_export(const Args& args) {
  args.check({"org", "out"}, 0, 0, "");
  Database db = open_database(args, false);
  const auto org = organization(db, args);
  const Scope scope = system_scope(org);
  std::vector<pawnotes::User> users = db.users(org.id);
  std::sort(users.begin(), users.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  json out = json::object();  // keys sort alphabetically: a stable layout
  out["organization"] = org;
  out["users"] = users;
  const std::array<std::pair<const char*, Entity>, 9> lists = {{{"specialties", Entity::Specialty},
                                                                {"trainers", Entity::Trainer},
                                                                {"petTypes", Entity::PetType},
                                                                {"owners", Entity::Owner},
                                                                {"dogs", Entity::Dog},
                                                                {"visits", Entity::Visit},
                                                                {"notes", Entity::Note},
                                                                {"careFlags", Entity::CareFlag},
                                                                {"vaccinations", Entity::Vaccination}}};
  for (const auto& [key, entity] : lists) out[key] = list_all(db, scope, entity);
  const std::string text = out.dump(2) + "\n";
  if (const auto file = args.option("out")) {
    std::ofstream file_out(*file, std::ios::binary | std::ios::trunc);
    if (!file_out) throw std::runtime_error("cannot write " + *file);
    file_out << text;
    file_out.close();
    if (!file_out) throw std::runtime_error("cannot write " + *file);
    std::cerr << "exported organization " << org.id << " to " << *file << "\n";
  } else {
    std::cout << text;
  }
  return 0;
}

int cmd_backup(const Args& args) {
  args.check({}, 1, 1, "FILE (where to write the copy)");
  const std::string target = args.positionals[0];
  if (fs::exists(target)) throw std::runtime_error(target + " already exists; choose a new file name");
  Database db = open_database(args, false, true);
  db.backup(target);
  std::cout << "backup written to " << target << "\n";
  return 0;
}

int cmd_stats(const Args& args) {
  args.check({"org"}, 0, 0, "");
  Database db = open_database(args, false);
  const auto org = organization(db, args);
  const pawnotes::Stats s = db.stats(system_scope(org));
  std::cout << "organization: " << org.id << " (" << org.name << ")\n"
            << "owners: " << s.owners << "\n"
            << "dogs: " << s.dogs << "\n"
            << "trainers: " << s.trainers << "\n"
            << "visits: " << s.visits << "\n"
            << "notes: " << s.notes << "\n"
            << "care flags: " << s.care_flags << "\n"
            << "vaccinations: " << s.vaccinations << "\n"
            << "changes: " << s.changes << "\n"
            << "schema version: " << s.schema_version << "\n";
  return 0;
}

int cmd_migrate_to_postgres(const Args& args) {
  args.check({"to"}, 0, 0, "");
  const std::optional<std::string> url = args.option("to");
  if (!url) throw UsageError("--to postgresql://... (the target database) is required", "migrate-to-postgres");
  if (url->rfind("postgresql://", 0) != 0 && url->rfind("postgres://", 0) != 0) {
    throw UsageError("--to must be a postgresql:// URL, not '" + *url + "'", "migrate-to-postgres");
  }
  const std::string source = db_path(args);
  std::cerr << "copying " << source << " into PostgreSQL\n";
  const pawnotes::CopyReport report = pawnotes::copy_sqlite_to_postgres(
      source, *url, [&](const std::string& table, std::int64_t done, std::int64_t total) {
        std::cerr << "  " << table << ": " << done << "/" << total << " rows\n";
      });
  if (!report.copied) std::cout << "the target already holds this database: nothing copied, verifying\n";

  // Every table: rows and highest id on both sides.
  std::vector<std::string> problems;
  std::cout << "table                   source   target\n";
  for (const pawnotes::TableCount& t : report.tables) {
    std::cout << "  " << t.table << std::string(t.table.size() < 20 ? 20 - t.table.size() : 1, ' ') << t.source
              << std::string(9 - std::min<std::size_t>(8, std::to_string(t.source).size()), ' ') << t.target
              << (t.same() ? "" : "   MISMATCH") << "\n";
    if (!t.same()) {
      problems.push_back(t.table + ": " + std::to_string(t.source) + " rows (highest id " +
                         std::to_string(t.source_max_id) + ") in SQLite, " + std::to_string(t.target) +
                         " rows (highest id " + std::to_string(t.target_max_id) + ") in PostgreSQL");
    }
  }
  // And through the engines: each organization's record counts as the core reports them.
  pawnotes::SqliteOptions read_only;
  read_only.migrate = false;
  read_only.read_only = true;
  Database from = Database::open(source, nullptr, read_only);
  pawnotes::DatabaseOptions target_options;
  target_options.postgres.migrate = false;
  Database to = Database::open_url(*url, nullptr, target_options);
  for (const pawnotes::Organization& org : from.organizations()) {
    const pawnotes::Stats a = from.stats(system_scope(org));
    const pawnotes::Stats b = to.stats(system_scope(org));
    const std::array<std::tuple<const char*, std::int64_t, std::int64_t>, 8> counts = {{
        {"owners", a.owners, b.owners},
        {"dogs", a.dogs, b.dogs},
        {"trainers", a.trainers, b.trainers},
        {"visits", a.visits, b.visits},
        {"notes", a.notes, b.notes},
        {"care flags", a.care_flags, b.care_flags},
        {"vaccinations", a.vaccinations, b.vaccinations},
        {"changes", a.changes, b.changes},
    }};
    for (const auto& [name, x, y] : counts) {
      if (x != y) {
        problems.push_back("organization " + std::to_string(org.id) + " " + name + ": " + std::to_string(x) +
                           " in SQLite, " + std::to_string(y) + " in PostgreSQL");
      }
    }
  }
  if (!problems.empty() || !report.verified()) {
    std::cerr << "pawnotes: the copy does not match the source:\n";
    for (const std::string& p : problems) std::cerr << "  " << p << "\n";
    return 1;
  }
  std::cout << (report.copied ? "copied and verified: " : "verified: ") << report.tables.size() << " tables and "
            << from.organizations().size() << " organizations match\n";
  return 0;
}

}  // namespace

std::string overview() {
  std::ostringstream out;
  out << "pawnotes " << pawnotes::version() << ": administer a pawnotes database\n\n"
      << "Usage: pawnotes COMMAND [options]   (pawnotes COMMAND --help for details)\n\nCommands:\n";
  for (const CommandInfo& c : kCommands) {
    const std::size_t length = std::char_traits<char>::length(c.name);
    out << "  " << c.name << std::string(length < 18 ? 18 - length : 2, ' ') << c.summary << "\n";
  }
  out << "\nCommon options:\n  --db PATH|URL     the database file (default " << kDefaultDb
      << "), or a postgresql://USER:PASSWORD@HOST:PORT/DBNAME URL\n"
      << "  --org ID          the organization to act on (default: the first one)\n";
  return out.str();
}

std::string command_help(const std::string& command) {
  for (const CommandInfo& c : kCommands) {
    if (command == c.name) return std::string("Usage: ") + c.usage + "\n\n" + c.summary + ".\n" + c.details;
  }
  return "";
}

int run_command(const Args& args) {
  static const std::map<std::string, int (*)(const Args&)> commands = {
      {"init", cmd_init},
      {"migrate", cmd_migrate},
      {"import-petclinic", cmd_import_petclinic},
      {"demo", cmd_demo},
      {"generate", cmd_generate},
      {"search", cmd_search},
      {"export", cmd_export},
      {"backup", cmd_backup},
      {"stats", cmd_stats},
      {"migrate-to-postgres", cmd_migrate_to_postgres}};
  return commands.at(args.command)(args);
}

}  // namespace pawnotes_cli

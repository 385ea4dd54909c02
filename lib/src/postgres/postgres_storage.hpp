// Private: the PostgreSQL engine (libpq, text protocol). Its member functions are defined across
//   postgres_storage.cpp  (connection, reconnect, error translation, migrations, transactions, admin),
//   postgres_records.cpp  (create / get / update / remove / list, client keys, change log),
//   postgres_accounts.cpp (organizations and users),
//   postgres_queries.cpp  (the read queries and note search).
// The SQL mirrors the SQLite engine's statement for statement (see lib/src/sqlite), with PostgreSQL's
// forms: $n parameters, RETURNING id, = ANY($n::bigint[]) for id lists, tsvector for full-text search,
// and SELECT ... FOR UPDATE where SQLite relied on its single writer.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pawnotes/errors.hpp"
#include "pawnotes/postgres.hpp"
#include "pawnotes/storage.hpp"

namespace pawnotes::postgres_detail {

/// A failed statement, before translation into a pawnotes error (translate_pg_errors).
struct PgFailure {
  std::string sqlstate;    // "23505", ... ; empty when the connection itself failed
  std::string constraint;  // the violated constraint's name, if any
  bool connection_lost = false;
};

/// Positional parameters in text format; add() returns the placeholder ("$3").
class Params {
 public:
  std::string add(std::int64_t value);
  std::string add(std::string value);
  std::string add(bool value);
  std::string add_null();
  std::string add(const std::optional<std::string>& value) { return value ? add(*value) : add_null(); }
  [[nodiscard]] int size() const noexcept { return static_cast<int>(values_.size()); }
  [[nodiscard]] std::vector<const char*> pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

/// A query's rows (text format). Owns the PGresult.
class Result {
 public:
  Result() = default;
  explicit Result(PGresult* result) : result_(result, &PQclear) {}
  [[nodiscard]] int rows() const noexcept { return result_ ? PQntuples(result_.get()) : 0; }
  [[nodiscard]] bool empty() const noexcept { return rows() == 0; }
  [[nodiscard]] bool is_null(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  [[nodiscard]] std::string_view view(int row, int col) const {
    return {PQgetvalue(result_.get(), row, col), static_cast<std::size_t>(PQgetlength(result_.get(), row, col))};
  }
  [[nodiscard]] std::string text(int row, int col) const { return std::string(view(row, col)); }
  [[nodiscard]] std::optional<std::string> optional_text(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return text(row, col);
  }
  [[nodiscard]] std::int64_t int64(int row, int col) const;
  [[nodiscard]] std::optional<std::int64_t> optional_int64(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return int64(row, col);
  }
  [[nodiscard]] double real(int row, int col) const;
  [[nodiscard]] bool boolean(int row, int col) const { return view(row, col) == "t"; }

 private:
  std::shared_ptr<PGresult> result_;
};

class PostgresStorage final : public Storage {
 public:
  PostgresStorage(std::string url, std::shared_ptr<const Clock> clock, const PostgresOptions& options);
  ~PostgresStorage() override;

  nlohmann::json create(const Scope& scope, Entity entity, const nlohmann::json& record,
                        const WriteOptions& options) override;
  std::vector<nlohmann::json> create_many(const Scope& scope, Entity entity,
                                          const std::vector<nlohmann::json>& records) override;
  nlohmann::json get(const Scope& scope, Entity entity, Id id) override;
  nlohmann::json update(const Scope& scope, Entity entity, Id id, const nlohmann::json& record,
                        std::optional<std::int64_t> expected_version) override;
  void remove(const Scope& scope, Entity entity, Id id, std::optional<std::int64_t> expected_version,
              bool cascade) override;
  Page<nlohmann::json> list(const Scope& scope, Entity entity, const ListRequest& request) override;

  Page<Owner> search_owners(const Scope& scope, const OwnerSearch& request) override;
  Page<Dog> list_dogs(const Scope& scope, const DogFilter& request) override;
  CursorPage<TimelineEntry> timeline(const Scope& scope, const TimelineRequest& request) override;
  Page<NoteHit> search_notes(const Scope& scope, const NoteSearch& request) override;
  Page<VaccinationDue> vaccinations_due(const Scope& scope, const VaccinationDueRequest& request) override;
  Page<Visit> trainer_visits(const Scope& scope, const TrainerVisitsRequest& request) override;
  std::vector<Visit> visits_of_dogs(const Scope& scope, const std::vector<Id>& dog_ids) override;
  std::vector<NoteRevision> note_revisions(const Scope& scope, Id note_id) override;
  std::vector<CareFlag> care_flags(const Scope& scope, Id dog_id, bool active_only) override;
  std::vector<Vaccination> vaccinations(const Scope& scope, Id dog_id) override;
  ProgressRows progress_rows(const Scope& scope, Id dog_id) override;
  Page<ChangeRecord> history(const Scope& scope, const HistoryRequest& request) override;
  std::vector<ChangeRecord> changes_since(const Scope& scope, std::int64_t after_seq, int limit) override;

  Organization create_organization(const std::string& name) override;
  std::vector<Organization> organizations() override;
  User create_user(Id organization_id, const User& user) override;
  User update_user(Id organization_id, const User& user) override;
  std::optional<std::pair<User, Id>> find_user_for_login(const std::string& username) override;
  std::vector<User> users(Id organization_id) override;

  void transaction(const std::function<void()>& work) override;
  int schema_version() override;
  Stats stats(const Scope& scope) override;
  void backup(const std::string& path) override;

  // --- shared by the .cpp files of this engine ---
  /// Runs `sql` (a prepared statement cached by its text) with `params`; throws PgFailure.
  Result exec(const std::string& sql, const Params& params = {});
  /// Runs a statement without parameters and without preparing it (transaction control, migrations).
  void exec_simple(const std::string& sql);
  /// Before every call: a connection lost while idle (the server restarted) is replaced by a new one;
  /// inside a transaction a lost connection is Unavailable.
  void ensure_connected();
  /// Marks the start of a public call (see translate_pg_errors).
  void begin_call() noexcept;
  /// Whether the call that just failed may run again: top level and only its first statement was sent.
  [[nodiscard]] bool may_retry_call() const noexcept { return call_at_top_level_ && call_statements_ <= 1; }
  [[nodiscard]] bool in_transaction() const;
  [[nodiscard]] const Clock& clock() const noexcept { return *clock_; }
  /// Statements sent to the server so far (tests check that queries do not grow with the page: no N+1).
  [[nodiscard]] std::int64_t statements_sent() const noexcept { return statements_sent_; }

 private:
  friend class WriteTransaction;
  void connect();
  void disconnect() noexcept;
  void initialize();
  int stored_schema_version();
  [[noreturn]] void fail(PGresult* result);

  std::string url_;
  std::shared_ptr<const Clock> clock_;
  PostgresOptions options_;
  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  int transaction_depth_ = 0;                              // Storage::transaction nesting
  std::int64_t statements_sent_ = 0;
  int call_statements_ = 0;  // statements of the current public call
  bool call_at_top_level_ = false;
};

/// Throws the pawnotes error for a failed statement: Unavailable when the server cannot be reached,
/// ValidationError for a unique constraint the checks before it knew (a concurrent insert won the race),
/// Conflict for other constraints, StorageError otherwise. Messages never hold SQL.
[[noreturn]] void throw_translated(const PgFailure& failure, const char* what);

/// Runs `fn` with a live connection and translates PostgreSQL failures into pawnotes errors, leaving
/// pawnotes errors (ValidationError, Conflict, ...) untouched.
/// A call whose connection broke on its first statement, outside any transaction, sent nothing that could
/// have changed data (writes start with BEGIN; reads change nothing), so it runs once more on a new
/// connection: the first call after a server restart usually succeeds instead of being Unavailable.
template <class Fn>
auto translate_pg_errors(PostgresStorage& storage, const char* what, Fn&& fn) -> decltype(fn()) {
  try {
    try {
      storage.ensure_connected();
      storage.begin_call();
      return fn();
    } catch (const PgFailure& failure) {
      if (!failure.connection_lost || !storage.may_retry_call()) throw;
      storage.ensure_connected();  // a new connection, or Unavailable
      storage.begin_call();
      return fn();
    }
  } catch (const Error&) {
    throw;
  } catch (const PgFailure& failure) {
    throw_translated(failure, what);
  } catch (const nlohmann::json::exception&) {
    throw StorageError(std::string(what) + ": a stored record could not be read");
  }
}

/// BEGIN ... COMMIT (a SAVEPOINT inside an open transaction); rolls back in the destructor unless
/// committed (never throws there).
class WriteTransaction {
 public:
  explicit WriteTransaction(PostgresStorage& storage);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  PostgresStorage& storage_;
  bool open_ = false;
  bool nested_ = false;
};

/// `{1,2,3}`: an id list as one bigint[] parameter (= ANY($n::bigint[])).
std::string id_array(const std::vector<Id>& ids);

/// Tokens as the full-text index sees them: runs of ASCII letters and digits and of non-ASCII letters;
/// everything else separates (like SQLite's unicode61 tokenizer). Byte ranges into `text`.
std::vector<std::pair<std::size_t, std::size_t>> search_tokens(std::string_view text);
/// `text` with every separator replaced by a space: what to_tsvector indexes (so PostgreSQL's parser,
/// which knows e-mail addresses, URLs and HTML tags, tokenizes exactly like the SQLite engine).
std::string search_text(std::string_view text);

}  // namespace pawnotes::postgres_detail

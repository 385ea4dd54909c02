// Crash safety: runs crash_writer (argv[1]) against one database file, lets it write for 1-2 s, kills it
// with SIGKILL, five rounds in a row. Then the database must pass integrity_check and hold every note
// whose id the writer printed (printed = acknowledged). Exit 0 on success, 1 with a message otherwise.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <random>
#include <set>
#include <string>

#include "pawnotes/pawnotes.hpp"

namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "crash test FAILED: %s\n", message.c_str());
  return 1;
}

// Parses complete lines of `buffer` into ids, keeping an unfinished last line in `buffer`.
void take_lines(std::string& buffer, std::set<long long>& ids) {
  std::size_t start = 0;
  for (std::size_t end = buffer.find('\n'); end != std::string::npos; end = buffer.find('\n', start)) {
    ids.insert(std::stoll(buffer.substr(start, end - start)));
    start = end + 1;
  }
  buffer.erase(0, start);
}

// One round: start the writer, read acknowledged ids for `run_for`, SIGKILL it, drain what it printed.
bool run_round(const std::string& writer, const std::string& path, std::chrono::milliseconds run_for,
               std::set<long long>& acknowledged, std::string& error) {
  int fds[2];
  if (::pipe(fds) != 0) {
    error = "pipe failed";
    return false;
  }
  const pid_t child = ::fork();
  if (child < 0) {
    error = "fork failed";
    return false;
  }
  if (child == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl(writer.c_str(), writer.c_str(), path.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string buffer;
  char chunk[4096];
  const auto deadline = std::chrono::steady_clock::now() + run_for;
  bool open = true;
  while (open && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, 20) > 0) {
      const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
      if (n <= 0) {
        open = false;
      } else {
        buffer.append(chunk, static_cast<std::size_t>(n));
        take_lines(buffer, acknowledged);
      }
    }
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  // Everything printed before the kill was acknowledged before it was printed.
  for (ssize_t n = ::read(fds[0], chunk, sizeof chunk); n > 0; n = ::read(fds[0], chunk, sizeof chunk)) {
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  take_lines(buffer, acknowledged);
  ::close(fds[0]);
  if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
    error = "the writer ended on its own before the kill (status " + std::to_string(status) + ")";
    return false;
  }
  return true;
}

std::string integrity(const std::string& path) {
  sqlite3* db = nullptr;
  std::string result = "could not open";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return fail("usage: crash_test <path of pawnotes_crash_writer>");
  const std::string writer = argv[1];
  const auto dir = std::filesystem::temp_directory_path() / ("pawnotes-crash-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "crash.db").string();
  std::mt19937 random(static_cast<unsigned>(::getpid()));
  std::set<long long> acknowledged;
  int status = 0;
  try {
    for (int round = 1; round <= 5 && status == 0; ++round) {
      const std::size_t before = acknowledged.size();
      const auto run_for = std::chrono::milliseconds(1000 + random() % 1000);
      std::string error;
      if (!run_round(writer, path, run_for, acknowledged, error)) {
        status = fail("round " + std::to_string(round) + ": " + error);
      } else if (acknowledged.size() == before) {
        status = fail("round " + std::to_string(round) + ": the writer acknowledged no write");
      } else {
        std::printf("round %d: %zu writes acknowledged before SIGKILL\n", round, acknowledged.size() - before);
      }
    }
    if (status == 0) {
      const std::string check = integrity(path);
      if (check != "ok") status = fail("integrity_check says: " + check);
    }
    if (status == 0) {
      pawnotes::Database db = pawnotes::Database::open(path);
      const auto organizations = db.organizations();
      if (organizations.size() != 1) {
        status = fail("expected one organization, found " + std::to_string(organizations.size()));
      } else {
        const pawnotes::Scope scope{organizations.front().id, 1, {pawnotes::Role::Viewer}};
        std::set<long long> stored;
        pawnotes::ListRequest request;
        request.page.size = 1000;
        for (;; ++request.page.page) {
          const auto page = db.list(scope, pawnotes::Entity::Note, request);
          for (const auto& note : page.items) stored.insert(note.at("id").get<long long>());
          if (static_cast<int>(page.items.size()) < request.page.size) break;
        }
        std::size_t lost = 0;
        for (long long id : acknowledged) {
          if (stored.count(id) == 0) ++lost;
        }
        if (lost > 0) {
          status = fail(std::to_string(lost) + " of " + std::to_string(acknowledged.size()) +
                        " acknowledged notes are missing");
        } else {
          std::printf("ok: %zu acknowledged notes all present (%zu stored), integrity_check ok\n", acknowledged.size(),
                      stored.size());
        }
      }
    }
  } catch (const std::exception& error) {
    status = fail(error.what());
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return status;
}

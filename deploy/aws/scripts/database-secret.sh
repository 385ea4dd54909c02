#!/usr/bin/env bash
# Creates or updates the Kubernetes Secret the chart reads (secrets.existingSecret, default `pawnotes`)
# from the RDS credentials in Secrets Manager, without printing them:
#   deploy/aws/scripts/database-secret.sh [NAMESPACE] [SECRET]
# Keys: database-url (postgresql://...), secret-key, admin-username, admin-password (the last three are kept
# when the Secret exists, else generated: the admin is created at the API's first start).
# In GitHub Actions every derived value is masked (::add-mask::) before anything else runs.
set -euo pipefail
ns=${1:-pawnotes}
name=${2:-pawnotes}
here=$(cd "$(dirname "$0")" && pwd)
secret_arn=$("$here/stack-output.sh" DatabaseSecretArn)
json=$(aws secretsmanager get-secret-value --secret-id "$secret_arn" --query SecretString --output text)
# Secret values go to python3 on stdin (never in argv, which the process list shows).
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1" <<<"$json"; }
user=$(field username)
password=$(field password)
host=$(field host)
port=$(field port)
dbname=$(field dbname)
urlpassword=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read()[:-1], safe=""))' <<<"$password")  # [:-1]: the here-string's newline
# No sslmode in the URL: libpq's default (prefer) uses TLS, and the parameter group forces it (rds.force_ssl).
url="postgresql://${user}:${urlpassword}@${host}:${port}/${dbname}"
if [ -n "${GITHUB_ACTIONS:-}" ]; then
  echo "::add-mask::$password"
  echo "::add-mask::$urlpassword"
  echo "::add-mask::$url"
fi
# Keep what the API already uses: the secret key (it keys the stored token hashes) and the bootstrap admin.
existing() { kubectl -n "$ns" get secret "$name" -o "jsonpath={.data.$1}" 2>/dev/null | base64 -d || true; }
random() { python3 -c 'import secrets; print(secrets.token_urlsafe(24))'; }
secret_key=$(existing secret-key)
admin_username=$(existing admin-username)
admin_password=$(existing admin-password)
[ -n "$secret_key" ] || secret_key=$(random)
[ -n "$admin_username" ] || admin_username='admin'
[ -n "$admin_password" ] || admin_password=$(random)
if [ -n "${GITHUB_ACTIONS:-}" ]; then
  echo "::add-mask::$secret_key"
  echo "::add-mask::$admin_password"
fi
# The values go through files only this user can read, never through the command line.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 700 "$tmp"
printf '%s' "$url" >"$tmp/database-url"
printf '%s' "$secret_key" >"$tmp/secret-key"
printf '%s' "$admin_username" >"$tmp/admin-username"
printf '%s' "$admin_password" >"$tmp/admin-password"
kubectl -n "$ns" create secret generic "$name" \
  --from-file=database-url="$tmp/database-url" --from-file=secret-key="$tmp/secret-key" \
  --from-file=admin-username="$tmp/admin-username" --from-file=admin-password="$tmp/admin-password" \
  --dry-run=client -o yaml | kubectl apply -f - >/dev/null
echo "database-secret: Secret $ns/$name is up to date (database-url, secret-key, admin-username, admin-password)"

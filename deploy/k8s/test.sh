#!/usr/bin/env bash
# The `k8s` suite: the pawnotes Helm chart installed into a REAL Kubernetes API server.
#
# Starts etcd (Debian etcd-server) and kube-apiserver (built from k8s.io/kubernetes by build_k8s.sh) on
# 127.0.0.1 with TLS, client-certificate authentication, RBAC and the default admission plugins (plus
# NodeRestriction), then for every values profile (sqlite, postgres, production):
#   - a server-side dry run of the rendered chart with strict field validation (unknown fields fail),
#   - `helm install --wait=false` (there is no kubelet/scheduler: pods do not run, but every object is
#     stored only after the API server's real validation, defaulting and admission),
#   - every object of the release read back from the server, exactly the kinds and counts each profile renders,
#   - `helm upgrade` (a new revision whose change is visible on the server), `helm rollback` to the first
#     revision (the change is gone again), `helm uninstall` (objects gone).
# Negative checks prove validation and admission are real: an invalid Deployment, an unknown field, a
# ServiceMonitor with a wrong type and a privileged Pod in a `restricted` namespace are all rejected.
#
# Run from the repository root: deploy/k8s/test.sh   (exits non-zero on failure; bounded in time)
# PAWNOTES_K8S_CHART overrides the chart directory (default deploy/helm/pawnotes).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
here=deploy/k8s
export DEBIAN_FRONTEND=noninteractive
suite_start=$SECONDS

log() { echo "k8s: $*" >&2; }
fail() {
  echo "k8s: FAIL: $*" >&2
  exit 1
}

# --- tools (installed when missing: CI starts from a fresh machine) ----------------------------------------
need_apt=()
command -v openssl >/dev/null || need_apt+=(openssl)
command -v curl >/dev/null || need_apt+=(curl)
[ -x /usr/bin/etcd ] || need_apt+=(etcd-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# Debian's etcd-server package starts a system etcd on 127.0.0.1:2379 when installed; this test never uses
# it (its own etcd gets a fresh data dir and free ports).
etcd_bin=/usr/bin/etcd
k8s_bin=$("$here/build_k8s.sh" kube-apiserver kubectl)
helm=$(scripts/go_tool.sh helm helm.sh/helm/v3/cmd/helm v3.21.4)
kubectl_bin=$k8s_bin/kubectl
log "tools ready after $((SECONDS - suite_start)) s: $("$k8s_bin/kube-apiserver" --version), helm $("$helm" version --short)"

chart=${PAWNOTES_K8S_CHART:-deploy/helm/pawnotes}
[ -f "$chart/Chart.yaml" ] || fail "no chart at $chart"
profiles=(sqlite postgres production)
for p in "${profiles[@]}"; do
  [ -f "$chart/profiles/$p.yaml" ] || fail "the chart has no profile $chart/profiles/$p.yaml"
done

# --- a throwaway cluster control plane on loopback --------------------------------------------------------
work=$(mktemp -d /tmp/pawnotes-k8s.XXXXXX)
pids=()
cleanup() {
  local rc=$? i
  if [ $rc -ne 0 ]; then # the logs as they were at the failure, before the shutdown noise
    for f in etcd apiserver; do
      [ -f "$work/$f.log" ] && { echo "--- last lines of $f.log" >&2; tail -n 25 "$work/$f.log" >&2; }
    done
  fi
  # Stop by PID, newest first (the API server before its etcd), then make sure each one is gone.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -9 "${pids[i]}" 2>/dev/null || true
  done
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# The whole suite is bounded: after the budget, the main shell is terminated and the trap stops everything.
budget=${PAWNOTES_K8S_BUDGET:-900}
# The sleep holds no output descriptor (a pipe reading this suite's output must not wait for it), and the
# watchdog kills it when it is stopped itself.
(
  sleep "$budget" </dev/null >/dev/null 2>&1 &
  sleeper=$!
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  wait "$sleeper" && echo "k8s: FAIL: over the ${budget} s budget" >&2 && kill -TERM $$
) </dev/null >/dev/null &
watchdog=$!
pids+=("$watchdog")

free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  fail "no free loopback port found"
}

# Certificates: a CA; the API server's serving cert for 127.0.0.1 (and the in-cluster names + first service
# IP, as kubeadm issues it); an admin client cert in group system:masters; the service-account signing key.
pki=$work/pki
mkdir -p "$pki"
(
  cd "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=pawnotes-test-ca" \
    -keyout ca.key -out ca.crt 2>/dev/null
  cat >server.ext <<'EOF'
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
EOF
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' >client.ext
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout apiserver.key -out apiserver.csr 2>/dev/null
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -extfile server.ext \
    -out apiserver.crt 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=pawnotes-test-admin" -keyout admin.key \
    -out admin.csr 2>/dev/null
  openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -extfile client.ext \
    -out admin.crt 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
)

etcd_client_port=$(free_port)
etcd_peer_port=$(free_port)
api_port=$(free_port)
# etcd speaks plain HTTP, but only on loopback and only to this API server.
"$etcd_bin" --name pawnotes-test --data-dir "$work/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_client_port" \
  --advertise-client-urls "http://127.0.0.1:$etcd_client_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster "pawnotes-test=http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster-state new >"$work/etcd.log" 2>&1 &
pids+=($!)
for i in $(seq 100); do
  curl -fsS "http://127.0.0.1:$etcd_client_port/health" 2>/dev/null | grep -q '"health":"true"' && break
  [ "$i" -lt 100 ] || fail "etcd did not become healthy"
  sleep 0.2
done
log "etcd $("$etcd_bin" --version | head -1 | awk '{print $3}') healthy on 127.0.0.1:$etcd_client_port"

# RBAC (not AlwaysAllow): the admin is a real system:masters user, and the chart's ServiceAccount gets only
# what the chart's own RBAC objects grant, which the test checks with `kubectl auth can-i`.
"$k8s_bin/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$etcd_client_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --api-audiences https://kubernetes.default.svc.cluster.local \
  --service-cluster-ip-range 10.96.0.0/16 \
  --authorization-mode Node,RBAC \
  --enable-admission-plugins NodeRestriction \
  --allow-privileged=false \
  --profiling=false \
  --endpoint-reconciler-type none \
  --v 1 >"$work/apiserver.log" 2>&1 &
pids+=($!)

kubeconfig=$work/kubeconfig
export KUBECONFIG=$kubeconfig
kc() { timeout 60 "$kubectl_bin" --request-timeout 30s "$@"; }
kc config set-cluster pawnotes-test --server "https://127.0.0.1:$api_port" \
  --certificate-authority "$pki/ca.crt" --embed-certs >/dev/null
kc config set-credentials admin --client-certificate "$pki/admin.crt" --client-key "$pki/admin.key" \
  --embed-certs >/dev/null
kc config set-context pawnotes-test --cluster pawnotes-test --user admin >/dev/null
kc config use-context pawnotes-test >/dev/null

for i in $(seq 240); do
  [ "$(curl -s --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" \
    "https://127.0.0.1:$api_port/readyz" 2>/dev/null)" = ok ] && break
  [ "$i" -lt 240 ] || fail "kube-apiserver did not become ready (/readyz)"
  kill -0 "${pids[-1]}" 2>/dev/null || fail "kube-apiserver exited"
  sleep 0.5
done
server_version=$(kc version -o json | sed -n 's/.*"gitVersion": "\([^"]*\)".*/\1/p' | tail -1)
log "kube-apiserver $server_version ready on https://127.0.0.1:$api_port after $((SECONDS - suite_start)) s"
[ "$server_version" = "${K8S_VERSION:-v1.33.13}" ] || fail "the server reports version '$server_version'"

# --- cluster set-up: namespaces, the ServiceMonitor CRD --------------------------------------------------
kc get namespace kube-system >/dev/null || fail "kube-system does not exist"
kc create namespace monitoring >/dev/null
kc apply --server-side -f "$here/testdata/servicemonitor-crd.yaml" >/dev/null
kc wait --for condition=Established --timeout 60s crd/servicemonitors.monitoring.coreos.com >/dev/null
# The API discovery has to list the new group before helm maps the kind.
for i in $(seq 60); do
  kc api-resources --api-group monitoring.coreos.com -o name 2>/dev/null | grep -qx servicemonitors.monitoring.coreos.com && break
  [ "$i" -lt 60 ] || fail "servicemonitors are not served"
  sleep 0.5
done

# Each release goes into its own namespace that enforces the `restricted` Pod Security Standard. Without
# controllers no Pod is created, so the admission plugin's answer for the pod templates is its warning,
# which helm prints; the test fails on any such warning (and a Pod is tried directly below).
new_namespace() {
  kc create namespace "$1" >/dev/null
  # The `default` ServiceAccount, which kube-controller-manager would create (it is not running here).
  kc -n "$1" create serviceaccount default >/dev/null
  kc label namespace "$1" pod-security.kubernetes.io/enforce=restricted \
    pod-security.kubernetes.io/warn=restricted pod-security.kubernetes.io/audit=restricted >/dev/null
}

# --- negative checks: validation and admission are real --------------------------------------------------
new_namespace negative
expect_rejected() { # expect_rejected "why" "expected message part" kubectl-args... (manifest on stdin)
  local why=$1 want=$2 out
  shift 2
  if out=$(kc "$@" -f - 2>&1); then
    fail "the API server accepted $why: $out"
  fi
  grep -q -- "$want" <<<"$out" || fail "$why was rejected, but not for the expected reason ($want): $out"
  log "rejected as expected: $why"
}
expect_rejected "a Deployment without a container image and a port above 65535" "spec.template.spec.containers\[0\].image: Required value" \
  create -n negative <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata: {name: invalid}
spec:
  selector: {matchLabels: {app: invalid}}
  template:
    metadata: {labels: {app: invalid}}
    spec:
      containers: [{name: c, ports: [{containerPort: 70000}]}]
EOF
expect_rejected "a Service with an unknown field (strict server-side field validation)" 'unknown field "spec.portz"' \
  create -n negative --validate=strict <<'EOF'
apiVersion: v1
kind: Service
metadata: {name: unknown-field}
spec:
  portz: [{port: 80}]
  ports: [{port: 80}]
EOF
expect_rejected "a ServiceMonitor whose endpoint scheme is not in the CRD's enum" "spec.endpoints\[0\].scheme: Unsupported value" \
  create -n monitoring <<'EOF'
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: invalid}
spec:
  selector: {matchLabels: {app: x}}
  endpoints: [{port: http, scheme: gopher}]
EOF
expect_rejected "a root Pod in a namespace that enforces the restricted Pod Security Standard" 'violates PodSecurity "restricted' \
  create -n negative <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: root}
spec:
  containers: [{name: c, image: localhost/pawnotes-api:test, securityContext: {runAsUser: 0}}]
EOF

# --- the chart, profile by profile -----------------------------------------------------------------------
# What each profile renders (kubectl's resource names, counted; sorted as `sort` sorts them).
declare -A expected_kinds=(
  [sqlite]="deployment.apps=1 ingress.networking.k8s.io=1 networkpolicy.networking.k8s.io=4 poddisruptionbudget.policy=2 service=3 serviceaccount=1 statefulset.apps=1"
  [postgres]="deployment.apps=2 horizontalpodautoscaler.autoscaling=1 ingress.networking.k8s.io=1 networkpolicy.networking.k8s.io=5 poddisruptionbudget.policy=2 service=3 serviceaccount=1 statefulset.apps=1"
  [production]="deployment.apps=3 horizontalpodautoscaler.autoscaling=1 ingress.networking.k8s.io=1 networkpolicy.networking.k8s.io=5 poddisruptionbudget.policy=2 service=3 serviceaccount=2 servicemonitor.monitoring.coreos.com=1"
)
declare -A expected_api_kind=([sqlite]=statefulset.apps [postgres]=deployment.apps [production]=deployment.apps)

for p in "${profiles[@]}"; do
  release=pn-$p
  ns=pawnotes-$p
  values=(-f "$chart/profiles/$p.yaml")
  new_namespace "$ns"
  # The namespace comes from the context, not -n: then a rendered object with its own namespace (the
  # ServiceMonitor in monitoring) keeps it, the way helm installs it.
  kc config set-context --current --namespace "$ns" >/dev/null
  # Secrets the chart references but does not create (`existingSecret`).
  kc -n "$ns" create secret generic pawnotes-db \
    --from-literal url="postgresql://pawnotes:secret@db.$ns.svc:5432/pawnotes" >/dev/null
  rendered=$work/$p.yaml
  "$helm" template "$release" "$chart" -n "$ns" "${values[@]}" --kube-version "$server_version" \
    --api-versions monitoring.coreos.com/v1 --api-versions monitoring.coreos.com/v1/ServiceMonitor >"$rendered"

  # 1. Dry run on the server: every object through validation and admission, unknown fields are errors.
  kc apply --server-side --dry-run=server --validate=strict -f "$rendered" >"$work/$p.dryrun" 2>&1 ||
    fail "$p: server-side dry run failed: $(cat "$work/$p.dryrun")"

  # 2. The real install.
  "$helm" install "$release" "$chart" -n "$ns" "${values[@]}" --wait=false --timeout 2m >"$work/$p.install" 2>&1 ||
    fail "$p: helm install failed: $(cat "$work/$p.install")"
  if grep -i "warning" "$work/$p.install"; then
    fail "$p: the API server warned during helm install (see above)"
  fi
  "$helm" get manifest "$release" -n "$ns" >"$work/$p.manifest"
  # Every object of the release, read back from the server (kubectl exits non-zero if one is missing).
  kc wait --for=create --timeout 60s -f "$work/$p.manifest" >/dev/null
  kc get -f "$work/$p.manifest" -o name >"$work/$p.objects"
  rendered_n=$(grep -c '^kind: ' "$work/$p.manifest")
  stored_n=$(wc -l <"$work/$p.objects")
  [ "$stored_n" -eq "$rendered_n" ] || fail "$p: $rendered_n objects rendered, $stored_n on the server"
  # The release's labels as stored, selected by the server.
  labelled=$(kc get deployments,statefulsets,services,networkpolicies,poddisruptionbudgets -n "$ns" \
    -l "app.kubernetes.io/name=pawnotes,app.kubernetes.io/instance=$release" -o name | wc -l)
  [ "$labelled" -ge 4 ] || fail "$p: only $labelled objects carry the contract labels"

  # Exactly the objects each profile must have on the server, kind by kind (the release is the only one in
  # its namespace; the ServiceMonitor is the one object in monitoring).
  objs=$work/$p.objects
  got_kinds=$(cut -d/ -f1 "$objs" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')
  [ "$got_kinds" = "${expected_kinds[$p]} " ] ||
    fail "$p: the server holds [$got_kinds], expected [${expected_kinds[$p]} ]"
  # The API runs as a single-replica StatefulSet with a volume on SQLite, as an autoscaled Deployment on
  # PostgreSQL (the postgres profile's StatefulSet is its in-cluster database).
  api_kind=$(kc get deployments,statefulsets -n "$ns" -l "app.kubernetes.io/instance=$release,app.kubernetes.io/component=api" -o name | cut -d/ -f1)
  [ "$api_kind" = "${expected_api_kind[$p]}" ] || fail "$p: the API workload is a '$api_kind', expected ${expected_api_kind[$p]}"
  if [ "$p" = sqlite ]; then
    [ "$(kc get statefulset -n "$ns" -l "app.kubernetes.io/instance=$release,app.kubernetes.io/component=api" \
      -o jsonpath='{.items[0].spec.replicas} {.items[0].spec.volumeClaimTemplates[0].spec.resources.requests.storage}')" = "1 2Gi" ] ||
      fail "$p: the API StatefulSet is not 1 replica with a 2Gi volume"
  fi
  if [ "${expected_api_kind[$p]}" = deployment.apps ]; then
    hpa_target=$(kc get hpa -n "$ns" -o jsonpath='{.items[0].spec.scaleTargetRef.kind}/{.items[0].spec.scaleTargetRef.name}')
    [ "$hpa_target" = "Deployment/$(kc get deployments -n "$ns" -l "app.kubernetes.io/instance=$release,app.kubernetes.io/component=api" -o jsonpath='{.items[0].metadata.name}')" ] ||
      fail "$p: the HPA scales '$hpa_target', not the API Deployment"
  fi
  [ "$(kc get ingress -n "$ns" -o jsonpath='{.items[0].spec.ingressClassName}')" = alb ] ||
    fail "$p: the Ingress is not of class alb"
  # Defaulting and allocation done by the server: the API Service got a cluster IP from the service range,
  # and its port named http maps 80 -> the pod's 8080.
  api_svc=$(kc get svc -n "$ns" -l "app.kubernetes.io/instance=$release,app.kubernetes.io/component=api" -o name | head -1)
  [ -n "$api_svc" ] || fail "$p: no Service with component=api"
  ip=$(kc get -n "$ns" "$api_svc" -o jsonpath='{.spec.clusterIP}')
  [[ $ip == 10.96.* ]] || fail "$p: the API Service has cluster IP '$ip', not one from 10.96.0.0/16"
  [ "$(kc get -n "$ns" "$api_svc" -o jsonpath='{.spec.ports[?(@.name=="http")].port}')" = 80 ] ||
    fail "$p: the API Service has no port http=80"
  # RBAC is enforced: the chart's ServiceAccounts may not read the namespace's Secrets.
  for sa in $(kc get serviceaccounts -n "$ns" -l "app.kubernetes.io/instance=$release" -o name); do
    [ "$(kc auth can-i list secrets -n "$ns" --as "system:serviceaccount:$ns:${sa#serviceaccount/}" || true)" = no ] ||
      fail "$p: ${sa#serviceaccount/} may list secrets"
  done
  log "$p: installed, $stored_n objects stored: $(cut -d/ -f1 "$objs" | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}')"

  # 3. Upgrade: a new revision, and the change is visible on the server (the API pod template's annotation).
  "$helm" upgrade "$release" "$chart" -n "$ns" "${values[@]}" --reuse-values \
    --set-string api.podAnnotations.pawnotes/upgrade-check=rev2 --wait=false --timeout 2m >"$work/$p.upgrade" 2>&1 ||
    fail "$p: helm upgrade failed: $(cat "$work/$p.upgrade")"
  status=$("$helm" status "$release" -n "$ns")
  grep -qx 'REVISION: 2' <<<"$status" ||
    fail "$p: helm status does not show revision 2"
  api_workload=$(grep -E '^(deployment|statefulset)\.apps/.*api' "$objs" | head -1)
  [ -n "$api_workload" ] || fail "$p: no API Deployment/StatefulSet found"
  got=$(kc get -n "$ns" "$api_workload" -o jsonpath='{.spec.template.metadata.annotations.pawnotes/upgrade-check}')
  [ "$got" = rev2 ] || fail "$p: after the upgrade $api_workload has annotation '$got', not rev2"
  [ "$(kc get -n "$ns" "$api_workload" -o jsonpath='{.metadata.generation}')" = 2 ] ||
    fail "$p: $api_workload generation did not move to 2"

  # 4. Rollback to revision 1: a third revision whose pod template is the first one again (the annotation
  #    is gone and the workload's generation moves on).
  "$helm" rollback "$release" 1 -n "$ns" --timeout 2m >"$work/$p.rollback" 2>&1 ||
    fail "$p: helm rollback failed: $(cat "$work/$p.rollback")"
  grep -qx 'REVISION: 3' <<<"$("$helm" status "$release" -n "$ns")" || fail "$p: helm status does not show revision 3"
  got=$(kc get -n "$ns" "$api_workload" -o jsonpath='{.spec.template.metadata.annotations.pawnotes/upgrade-check}')
  [ -z "$got" ] || fail "$p: after the rollback $api_workload still has the annotation '$got'"
  [ "$(kc get -n "$ns" "$api_workload" -o jsonpath='{.metadata.generation}')" = 3 ] ||
    fail "$p: $api_workload generation did not move to 3 after the rollback"

  # 5. Uninstall: every object of the release is gone from the server.
  "$helm" uninstall "$release" -n "$ns" --wait --timeout 2m >/dev/null
  left=$(kc get -f "$work/$p.manifest" -o name --ignore-not-found 2>&1 || true)
  [ -z "$left" ] || fail "$p: objects left after helm uninstall: $left"
  log "$p: upgraded to revision 2, rolled back (revision 3) and uninstalled cleanly"
done

log "PASS: ${#profiles[@]} profiles installed, upgraded, rolled back and uninstalled on a real API server in $((SECONDS - suite_start)) s"

#!/usr/bin/env bash
# Builds Kubernetes binaries (default: kube-apiserver and kubectl) from the k8s.io/kubernetes Go module at a
# pinned release, once, and prints the directory that holds them:
#   bin=$(deploy/k8s/build_k8s.sh)                      # kube-apiserver + kubectl
#   bin=$(deploy/k8s/build_k8s.sh kube-apiserver kubelet)
# Binaries are kept in /var/cache/pawnotes/kubernetes-<version>/bin (PAWNOTES_TOOL_CACHE overrides the root),
# so a machine that keeps its disk builds each version once; a fresh CI machine builds from the Go proxy.
#
# Why not scripts/go_tool.sh (`go install module@version`): k8s.io/kubernetes' go.mod replaces its staging
# modules (k8s.io/api, k8s.io/client-go, ...) with ./staging/src/... directories, and `go install pkg@version`
# refuses a module whose go.mod has replace directives. So we generate a scratch main module that requires
# k8s.io/kubernetes and pins every one of those staging modules to the published tag of the same release
# (v1.X.Y -> v0.X.Y), and build the commands from there. Progress goes to stderr, the path alone to stdout.
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-v1.33.13}
components=("$@")
[ ${#components[@]} -gt 0 ] || components=(kube-apiserver kubectl)

cache=${PAWNOTES_TOOL_CACHE:-/var/cache/pawnotes}/kubernetes-$K8S_VERSION
missing=()
for c in "${components[@]}"; do
  [ -x "$cache/bin/$c" ] || missing+=("$c")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "$cache/bin"
  exit 0
fi

go=$(command -v go || echo /usr/local/go/bin/go)
[ -x "$go" ] || { echo "build_k8s: Go is not installed (needed to build Kubernetes $K8S_VERSION)" >&2; exit 1; }

staging_version=v0.${K8S_VERSION#v1.} # v1.33.13 -> v0.33.13
scratch=$(mktemp -d /tmp/pawnotes-k8s-build.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
start=$SECONDS
echo "build_k8s: building ${missing[*]} from k8s.io/kubernetes@$K8S_VERSION into $cache ..." >&2

cd "$scratch"
# The release's own go.mod (from the module proxy) says which modules are staging ones and which go/godebug
# lines the release is built with; the scratch module copies those so the binaries behave as released.
kmod=$("$go" mod download -json "k8s.io/kubernetes@$K8S_VERSION" |
  sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
[ -f "$kmod" ] || { echo "build_k8s: could not download the go.mod of k8s.io/kubernetes@$K8S_VERSION" >&2; exit 1; }
goline=$(grep -m1 '^go ' "$kmod")
godebug=$(grep -m1 '^godebug ' "$kmod" || true)
mapfile -t staging < <(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/src/.*#\1#p' "$kmod")
[ ${#staging[@]} -gt 10 ] || { echo "build_k8s: found no staging replace lines in $kmod" >&2; exit 1; }

{
  echo "module pawnotes.local/k8s-build"
  echo
  echo "$goline"
  [ -z "$godebug" ] || echo "$godebug"
  echo
  echo "require k8s.io/kubernetes $K8S_VERSION"
  echo
  echo "replace ("
  for m in "${staging[@]}"; do echo "	$m => $m $staging_version"; done
  echo ")"
} >go.mod

# The version the binaries report (kubectl version, /version; helm checks a chart's kubeVersion against it),
# set the way the Kubernetes release build (hack/lib/version.sh) sets it.
minor=${K8S_VERSION#v1.}
minor=${minor%%.*}
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

pkgs=()
for c in "${missing[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
mkdir -p "$cache.tmp/bin"
CGO_ENABLED=0 GOFLAGS=-mod=mod "$go" build -p "${BUILD_JOBS:-2}" -trimpath -ldflags "$ldflags" \
  -o "$cache.tmp/bin/" "${pkgs[@]}" >&2
for c in "${missing[@]}"; do
  [ -x "$cache.tmp/bin/$c" ] || { echo "build_k8s: no $c binary was built" >&2; exit 1; }
done
mkdir -p "$cache/bin"
for c in "${missing[@]}"; do mv "$cache.tmp/bin/$c" "$cache/bin/$c"; done
rm -rf "$cache.tmp"
echo "build_k8s: built ${missing[*]} ($K8S_VERSION) in $((SECONDS - start)) s" >&2
echo "$cache/bin"

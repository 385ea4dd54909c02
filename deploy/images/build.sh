#!/usr/bin/env bash
# Builds the three pawnotes images with podman from the locally made Debian base (base.sh):
#   localhost/pawnotes-api:TAG             deploy/images/api.Containerfile   (context: the repository)
#   localhost/pawnotes-web:TAG             deploy/images/web.Containerfile   (context: the repository)
#   localhost/pawnotes-alert-analyzer:TAG  deploy/alert-analyzer/Containerfile (context: deploy/alert-analyzer)
# Usage: deploy/images/build.sh [api] [web] [alert-analyzer]   (default: all three)
# Env: TAG (default: appVersion of deploy/helm/pawnotes/Chart.yaml), JOBS (C++ build jobs, default 2), BASE_IMAGE (default localhost/debian:bookworm-local),
#      PODMAN_BUILD_ARGS (extra podman build flags, e.g. --no-cache),
#      IMAGE_CCACHE_DIR (host directory bind-mounted as the api and web builds' ccache; default $CCACHE_DIR, else
#      ~/.cache/ccache; empty: none, the build then uses a podman cache mount that `podman system reset` drops).
# podman runs with runc and fixed ulimits (crun fails on this cgroup setup; see shared/TOOLCHAIN.md).
# Prints each image's build time; layers are cached by podman, so a second build of unchanged sources is quick.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# The default tag is the chart's appVersion, so the chart's default values find locally built images.
tag=${TAG:-$(awk -F'"' '/^appVersion:/ {print $2}' "$root/deploy/helm/pawnotes/Chart.yaml")}
jobs=${JOBS:-2}
base=${BASE_IMAGE:-localhost/debian:bookworm-local}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(api web alert-analyzer)

BASE_IMAGE=$base bash "$here/base.sh"

# pip and npm inside the builds trust the host's CA bundle (a TLS-intercepting proxy's CA is in it, when
# there is one); it is mounted into the build steps only and never copied into an image.
ca_args=()
ca=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
if [ -f "$ca" ]; then
  ca_args=(-v "$ca:/run/host-ca.crt:ro" --build-arg PIP_CERT_FILE=/run/host-ca.crt
    --build-arg NODE_EXTRA_CA_CERTS=/run/host-ca.crt)
fi

# The api and web images compile the core (g++, em++): their build stages use the host's ccache directory
# (see api.Containerfile), which survives `podman system reset` and is what CI caches between runs.
ccache_args=()
ccache_dir=${IMAGE_CCACHE_DIR-${CCACHE_DIR:-$HOME/.cache/ccache}}
if [ -n "$ccache_dir" ]; then
  mkdir -p "$ccache_dir"
  ccache_args=(-v "$ccache_dir:/run/host-ccache:rw")
fi

podman_build() {
  # shellcheck disable=SC2086
  podman --runtime runc build --format docker --layers \
    --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
    --build-arg BASE_IMAGE="$base" --build-arg JOBS="$jobs" "${ca_args[@]}" \
    ${PODMAN_BUILD_ARGS:-} "$@"
}

for target in "${targets[@]}"; do
  start=$SECONDS
  image=localhost/pawnotes-$target:$tag
  echo "build.sh: building $image" >&2
  case $target in
    api) podman_build "${ccache_args[@]}" --ignorefile "$here/containerignore" -f "$here/api.Containerfile" -t "$image" "$root" ;;
    web) podman_build "${ccache_args[@]}" --ignorefile "$here/containerignore" -f "$here/web.Containerfile" -t "$image" "$root" ;;
    alert-analyzer)
      podman_build -f "$root/deploy/alert-analyzer/Containerfile" -t "$image" "$root/deploy/alert-analyzer" ;;
    *) echo "build.sh: unknown image $target (api, web, alert-analyzer)" >&2; exit 2 ;;
  esac
  echo "build.sh: built $image in $((SECONDS - start)) s ($(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.1f MB", $1 / 1e6}'))" >&2
done

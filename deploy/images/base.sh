#!/usr/bin/env bash
# Makes the base image every pawnotes Containerfile builds FROM, without any container registry:
# `debootstrap --variant=minbase bookworm` from the Debian mirror apt already uses, then `podman import` as
# localhost/debian:bookworm-local (BASE_IMAGE overrides the name). The rootfs tarball is cached in
# /var/cache/pawnotes/ (PAWNOTES_TOOL_CACHE overrides the root), so a machine that keeps its disk runs
# debootstrap once. Does nothing when the image already exists (FORCE=1 re-imports).
# Installs podman, runc and debootstrap (apt) when missing. Run as root.
set -euo pipefail
image=${BASE_IMAGE:-localhost/debian:bookworm-local}
cache_root=${PAWNOTES_TOOL_CACHE:-/var/cache/pawnotes}
tarball=$cache_root/debian-bookworm-minbase.tar

missing=()
for tool in podman runc debootstrap; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "base.sh: installing ${missing[*]} (apt)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${FORCE:-0}" != 1 ] && podman image exists "$image"; then
  echo "base.sh: $image exists" >&2
  exit 0
fi

# The mirror apt uses on this machine (deb822 sources first, then the one-line format).
mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
fi
if [ -z "$mirror" ]; then
  mirror=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}' \
    /etc/apt/sources.list 2>/dev/null || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-$(awk '/^URIs:/ && $2 ~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)}
security=${security:-http://deb.debian.org/debian-security}

if [ ! -s "$tarball" ]; then
  start=$SECONDS
  work=$(mktemp -d "${TMPDIR:-/tmp}/pawnotes-rootfs.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  echo "base.sh: debootstrap --variant=minbase bookworm from $mirror (about a minute)" >&2
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -30 "$work/debootstrap.log" >&2
    exit 1
  }
  # Point-release updates and security fixes in every image built on top (apt-get upgrade in the builds).
  cat >"$work/rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
SOURCES
  # Small images: no docs/man pages/locales from later apt-get installs, no apt cache left behind.
  cat >"$work/rootfs/etc/dpkg/dpkg.cfg.d/01-pawnotes-nodoc" <<'DPKG'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
DPKG
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
    >"$work/rootfs/etc/apt/apt.conf.d/01-pawnotes-norecommends"
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  mkdir -p "$cache_root"
  tar --numeric-owner -C "$work/rootfs" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  echo "base.sh: rootfs cached in $tarball ($((SECONDS - start)) s)" >&2
fi

podman import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' "$tarball" "$image" >/dev/null
echo "base.sh: imported $image ($(du -h "$tarball" | cut -f1) rootfs)" >&2

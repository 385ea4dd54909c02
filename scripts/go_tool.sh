#!/usr/bin/env bash
# Builds a Go tool at a pinned version once and prints the path of its binary:
#   scripts/go_tool.sh helm helm.sh/helm/v3/cmd/helm v3.21.4
# Binaries are kept in /var/cache/pawnotes/<name>-<version>/ (PAWNOTES_TOOL_CACHE overrides the root), so
# a machine that keeps its disk builds each version once; a fresh CI machine builds it from the Go module
# proxy. Progress goes to stderr, the path alone to stdout.
set -euo pipefail
name=$1 module=$2 version=$3
cache=${PAWNOTES_TOOL_CACHE:-/var/cache/pawnotes}/$name-$version
if [ ! -x "$cache/bin/$name" ]; then
  go=$(command -v go || echo /usr/local/go/bin/go)
  [ -x "$go" ] || { echo "go_tool: Go is not installed (needed to build $name $version)" >&2; exit 1; }
  echo "go_tool: building $name $version ($module) into $cache ..." >&2
  start=$SECONDS
  mkdir -p "$cache.tmp/bin"
  GOBIN="$cache.tmp/bin" GOFLAGS=-mod=mod CGO_ENABLED=0 "$go" install "$module@$version" >&2
  [ -x "$cache.tmp/bin/$name" ] || { echo "go_tool: $module@$version built no binary named $name" >&2; exit 1; }
  rm -rf "$cache" && mv "$cache.tmp" "$cache"
  echo "go_tool: built $name $version in $((SECONDS - start)) s" >&2
fi
echo "$cache/bin/$name"

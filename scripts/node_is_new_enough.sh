#!/usr/bin/env bash
# Exit 0 when the `node` on PATH can build the web app (Angular 21 needs node >= 20.19), else 1.
# One place for the version rule: scripts/setup.sh, examples/web/build.sh and scripts/test_web.sh use it.
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null

#!/usr/bin/env bash
# End-to-end tests of the web client: installs Chromium (Debian's) and the
# npm packages when missing, builds the coforum binary, runs the tests with
# node's built-in test runner. Exits non-zero when any test fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  echo "==> installing chromium"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

echo "==> npm ci"
(cd "$here" && npm ci --no-audit --no-fund)

echo "==> cargo build"
(cd "$repo" && cargo build)

echo "==> e2e tests"
export COFORUM_BIN="${COFORUM_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/coforum}"
cd "$here"
node --test --test-concurrency=1 tests/

#!/usr/bin/env bash
# Installs everything the test suites need on a fresh Debian machine (as root):
# Chromium for the browser tests, Jupyter for the notebook test, SimPy for
# the independent model of on_each_cpu (test/simpy.test.ts), the npm tree.
# Deno comes from npm (node_modules/.bin/deno); its Jupyter kernel is
# registered by the notebook test itself.
set -euo pipefail
cd "$(dirname "$0")/.."
# SETUP_DRY_RUN=1: print what would be done, change nothing (test/package.test.ts).
dry=${SETUP_DRY_RUN:-}
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v jupyter-nbconvert >/dev/null || need+=(jupyter-nbconvert)
python3 -c "import nbclient" 2>/dev/null || need+=(python3-nbclient)
python3 -c "import ipykernel" 2>/dev/null || need+=(python3-ipykernel)
/usr/bin/python3 -c "import simpy" 2>/dev/null || need+=(python3-simpy3)
if [ ${#need[@]} -gt 0 ] && [ -n "$dry" ]; then
  echo "would install: ${need[*]}"
elif [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
fi
# npm ci only when node_modules was not installed from this very lockfile.
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/.lock-sha256 ] && [ "$(cat node_modules/.lock-sha256)" = "$lock" ]; then
  echo "node_modules matches package-lock.json: npm ci skipped"
elif [ -n "$dry" ]; then
  echo "would run npm ci"
else
  npm ci --no-audit --no-fund
  echo "$lock" > node_modules/.lock-sha256
fi

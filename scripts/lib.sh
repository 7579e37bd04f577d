#!/usr/bin/env bash
# Shared helpers for the two README commands. Installs what is missing, never more.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/node_modules/.bin"

# The npm wrappers of forge/cast/anvil (node_modules/.bin) always exit 0, which would hide
# failing tests, so call the platform binaries they ship directly.
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) FOUNDRY_PLATFORM=linux-amd64 ;;
  Linux-aarch64) FOUNDRY_PLATFORM=linux-arm64 ;;
  Darwin-arm64) FOUNDRY_PLATFORM=darwin-arm64 ;;
  Darwin-x86_64) FOUNDRY_PLATFORM=darwin-amd64 ;;
  *) FOUNDRY_PLATFORM=unsupported ;;
esac
FORGE="$ROOT/node_modules/@foundry-rs/forge-$FOUNDRY_PLATFORM/bin/forge"
CAST="$ROOT/node_modules/@foundry-rs/cast-$FOUNDRY_PLATFORM/bin/cast"
ANVIL="$ROOT/node_modules/@foundry-rs/anvil-$FOUNDRY_PLATFORM/bin/anvil"

log() { printf '\033[1;34m[gridlight]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[gridlight] error:\033[0m %s\n' "$*" >&2; exit 1; }

ensure_node() {
  command -v node >/dev/null || die "Node.js 20+ is required (apt-get install -y nodejs npm)."
  local major; major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "Node.js $major found; Gridlight needs Node.js 20 or newer."
}

ensure_npm_deps() {
  if [ ! -x "$FORGE" ] || [ ! -x "$ANVIL" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    log "installing npm packages (npm ci)…"
    (cd "$ROOT" && npm ci --no-audit --no-fund) >&2
  fi
}

# Blender renders the frames. Installs Debian's package when running as root; otherwise
# says how to install it.
ensure_blender() {
  command -v blender >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Blender from Debian (apt-get install -y blender; a few minutes)…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq blender) >&2 \
      || die "installing Blender failed; install it yourself: apt-get install -y blender"
  else
    die "Blender is not installed. Install it with: sudo apt-get install -y blender"
  fi
}

# Compiles the contracts and regenerates the SDK's typed ABIs from the artifacts.
build_contracts_and_abis() {
  (cd "$ROOT/contracts" && "$FORGE" build -q) >&2 || die "forge build failed"
  (cd "$ROOT" && npm run --silent generate -w packages/sdk) >&2 || die "generating the SDK's ABIs failed"
}

# Starts anvil on $1 (port) in the background, writing its pid to $2; waits until it answers.
start_anvil() {
  local port="$1" pidfile="$2" logfile="${3:-/dev/null}"
  "$ANVIL" --port "$port" --silent --chain-id 31337 >"$logfile" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 100); do
    "$CAST" chain-id --rpc-url "http://127.0.0.1:$port" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "anvil did not start on port $port (is the port in use?)"
}

# anvil's first well-known development key (public knowledge; devnet only).
DEVNET_KEY=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80

# Deploys the protocol to $1 (rpc url), writing the deployment JSON to $2.
deploy() {
  local rpc="$1" out="$2" key="${3:-$DEVNET_KEY}"
  (cd "$ROOT/contracts" && PRIVATE_KEY="$key" DEPLOYMENT_FILE="$out" \
    "$FORGE" script script/Deploy.s.sol --rpc-url "$rpc" --broadcast --slow -q) >&2 \
    || die "deployment to $rpc failed (see forge output above)"
}

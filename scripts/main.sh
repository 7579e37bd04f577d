#!/usr/bin/env bash
# The main job: a local devnet (anvil) with the whole Gridlight protocol deployed and
# governed by its timelock. Prints the addresses and keeps the chain up until Ctrl-C.
# Options: --exit (stop after deploying), --port N (default 8545).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=8545
EXIT_AFTER=0
while [ $# -gt 0 ]; do
  case "$1" in
    --exit) EXIT_AFTER=1 ;;
    --port) PORT="${2:?--port needs a number}"; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (use --exit or --port N)" ;;
  esac
  shift
done

ensure_node
ensure_npm_deps
STATE="$ROOT/.devnet"; mkdir -p "$STATE"
RPC="http://127.0.0.1:$PORT"
if "$CAST" chain-id --rpc-url "$RPC" >/dev/null 2>&1; then
  die "something already answers on $RPC; stop it or pass --port N"
fi

log "starting anvil on $RPC…"
start_anvil "$PORT" "$STATE/anvil.pid" "$STATE/anvil.log"
trap 'kill "$(cat "$STATE/anvil.pid")" 2>/dev/null || true' EXIT INT TERM

log "building and deploying contracts…"
(cd "$ROOT/contracts" && "$FORGE" build -q) >&2
deploy "$RPC" "$STATE/deployment.json"
CAST="$CAST" node "$ROOT/scripts/check-deployment.mjs" "$RPC" "$STATE/deployment.json"

if [ "$EXIT_AFTER" = 1 ]; then exit 0; fi
log "devnet running at $RPC (chain id 31337); deployment in .devnet/deployment.json. Ctrl-C stops it."
wait "$(cat "$STATE/anvil.pid")"

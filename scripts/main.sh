#!/usr/bin/env bash
# The main job: a local Gridlight network — anvil with every contract deployed and governed
# by the timelock, a storage gateway, node daemons with staked accounts — then a demo job:
# the generated sample scene rendered by the nodes with Blender, verified, paid, certified
# and proven frame by frame. The network keeps running until Ctrl-C unless --exit is given.
# Other options are passed to `gridlight devnet` (e.g. --nodes 4 --frames 1-24 --port 8545).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in -h|--help) sed -n '2,6p' "$0"; exit 0 ;; esac
ensure_node
ensure_npm_deps
ensure_blender
log "building contracts and SDK bindings…"
build_contracts_and_abis
exec node "$ROOT/packages/cli/bin/gridlight.mjs" devnet --demo "$@"

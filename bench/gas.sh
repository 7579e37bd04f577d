#!/usr/bin/env bash
# Gas of the full lifecycle of a 100-frame, 4-node, spot-checked job, and the marginal gas
# of one more frame. Each call runs as its own transaction (forge --isolate), so storage is
# cold as on chain and every figure includes the 21,000 intrinsic gas of its transaction.
# Figures are also written to contracts/snapshots/LifecycleGasTest.json (committed).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
ensure_node
ensure_npm_deps
cd "$ROOT/contracts"
rm -f snapshots/LifecycleGasTest.json
"$FORGE" test --isolate --match-path 'test/gas/*' -q >/dev/null || die "gas benchmark failed"
node -e '
const s = require("./snapshots/LifecycleGasTest.json");
const rows = Object.entries(s).filter(([k]) => k.startsWith("100 frames: "));
console.log("Per transaction, 100 frames, 4 nodes, spot-check (gas incl. 21k intrinsic):");
for (const [k, v] of rows) console.log("  " + k.slice(12).padEnd(14) + String(v).padStart(10));
for (const [k, v] of Object.entries(s)) if (!k.includes(": ")) console.log(k.padEnd(66) + String(v).padStart(10));
'

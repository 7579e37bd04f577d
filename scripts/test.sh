#!/usr/bin/env bash
# The whole test suite: formatting and lint, every forge test (unit, fuzz, invariant,
# attack, lifecycle, gas), a deployment to a real anvil, and every package's tests.
# FOUNDRY_PROFILE=ci (set automatically when CI=true) runs more fuzz and invariant cases.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_node
ensure_npm_deps
ensure_blender
if [ "${CI:-}" = "true" ] && [ -z "${FOUNDRY_PROFILE:-}" ]; then export FOUNDRY_PROFILE=ci; fi
LOGS="$(mktemp -d)"
PASSED=0
FAILED=0
STEPS_FAILED=()

count_forge() { # adds "X tests passed, Y failed" from forge's summary line
  local line; line="$(grep -E '^Ran [0-9]+ test suites' "$1" | tail -1 || true)"
  local p f
  [ -n "$line" ] || { FAILED=$((FAILED + 1)); return 0; } # no summary: forge did not run
  p="$(sed -E 's/.*: ([0-9]+) tests passed.*/\1/' <<<"$line")"
  f="$(sed -E 's/.*passed, ([0-9]+) failed.*/\1/' <<<"$line")"
  PASSED=$((PASSED + ${p:-0})); FAILED=$((FAILED + ${f:-0}))
}
count_node() { # adds node:test's "# pass N" / "# fail N" (also "ℹ pass N")
  local p f
  p="$(grep -E '^(# |ℹ )pass [0-9]+' "$1" | awk '{s+=$3} END {print s+0}' || true)"
  f="$(grep -E '^(# |ℹ )fail [0-9]+' "$1" | awk '{s+=$3} END {print s+0}' || true)"
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
}
step() { # step NAME COMMAND… ; runs, tees output, remembers failures
  local name="$1"; shift
  log "── $name"
  if "$@" 2>&1 | tee "$LOGS/$name.log"; then :; else STEPS_FAILED+=("$name"); fi
}

step format-solidity bash -c "cd '$ROOT/contracts' && '$FORGE' fmt --check"
step lint-typescript bash -c "cd '$ROOT' && '$BIN/biome' check ."
step forge bash -c "cd '$ROOT/contracts' && '$FORGE' test"
count_forge "$LOGS/forge.log"
step sdk-abis bash -c "cd '$ROOT' && npm run --silent generate -w packages/sdk"
step gas bash -c "cd '$ROOT/contracts' && '$FORGE' test --isolate --match-path 'test/gas/*' -q"

deploy_smoke() {
  local port=18545 dir; dir="$(mktemp -d)"
  start_anvil "$port" "$dir/anvil.pid" "$dir/anvil.log"
  trap 'kill "$(cat "'"$dir"'/anvil.pid")" 2>/dev/null || true' RETURN
  deploy "http://127.0.0.1:$port" "$ROOT/.devnet/test-deployment.json"
  CAST="$CAST" node "$ROOT/scripts/check-deployment.mjs" "http://127.0.0.1:$port" "$ROOT/.devnet/test-deployment.json"
}
mkdir -p "$ROOT/.devnet"
if step deploy-anvil deploy_smoke && ! grep -q "deployment check failed" "$LOGS/deploy-anvil.log"; then
  PASSED=$((PASSED + 1))
else
  FAILED=$((FAILED + 1))
fi

for pkg in "$ROOT"/packages/* "$ROOT"/apps/*; do
  [ -f "$pkg/package.json" ] || continue
  if node -e "process.exit(require('$pkg/package.json').scripts?.test ? 0 : 1)"; then
    name="pkg-$(basename "$pkg")"
    step "$name" npm test --silent --prefix "$pkg"
    count_node "$LOGS/$name.log"
  fi
done

if [ "${#STEPS_FAILED[@]}" -gt 0 ]; then
  log "failed steps: ${STEPS_FAILED[*]}"
  [ "$FAILED" -gt 0 ] || FAILED=1
fi
echo
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

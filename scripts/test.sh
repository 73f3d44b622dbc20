#!/usr/bin/env bash
# `make test`: every test tier, in order, each reported as passed or failed; a tier that cannot
# run (missing tool, missing test file, failed build) fails, never skips. Ends with the closing
# line `N passed, N failed` over the tiers and exits non-zero if any tier failed.
#
#   native  cargo fmt --check; the core builds without the web feature; cargo test; every lesson
#           proved by `stslab check-lesson`; clippy on all native targets and on the web
#           feature for wasm32, warnings denied; then the short fuzz run (scripts/fuzz.sh
#           short: each cargo-fuzz target ~30 s, seeded), which reports its targets as
#           `fuzz: N passed, N failed` and fails the tier on any crash; then the simulator's
#           growth-ratio budget (scripts/bench-budget.sh, instruction counts under valgrind)
#   wasm    tests/web.rs under wasm-bindgen-test in headless Chromium
#   e2e     make dist, then tests/e2e drives dist/ under a sub-path in headless Chromium
#
# Run one tier with `scripts/test.sh native` (or wasm, e2e).
set -uo pipefail
cd "$(dirname "$0")/.."

run() { printf '+ %s\n' "$*"; "$@"; }

# The core's dependency graph (no features) must not contain any browser crate.
core_has_no_web_dependency() {
  local web
  web=$(cargo tree --no-default-features -e normal --prefix none --format '{p}' |
    grep -E '^(yew|web-sys|js-sys|wasm-bindgen|gloo)[- ]' | sort -u || true)
  if [ -n "$web" ]; then
    printf 'the core depends on browser crates without the web feature:\n%s\n' "$web" >&2
    return 1
  fi
  echo "core dependency graph has no browser crate"
}

# Every built-in lesson is proved on the lab (start state does not meet the goals, the
# solution and every listed alternative do), in every language.
prove_lessons() {
  run cargo run --quiet --bin stslab -- check-lesson lessons/*.yaml
}

tier_native() {
  run cargo fmt --all -- --check &&
    run cargo build --lib --no-default-features &&
    core_has_no_web_dependency &&
    run cargo test &&
    prove_lessons &&
    run cargo clippy --all-targets --features e2e -- -D warnings &&
    run cargo clippy --target wasm32-unknown-unknown --features web --lib --bins -- -D warnings &&
    run scripts/fuzz.sh short &&
    run scripts/bench-budget.sh
}

tier_wasm() {
  [ -f tests/web.rs ] || { echo "wasm tier cannot run: tests/web.rs does not exist" >&2; return 1; }
  # wasm-bindgen-test-runner adds --headless/--no-sandbox itself and reads the rest of the
  # Chromium flags from webdriver.json in the crate root.
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver} \
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/webdriver.json" \
    WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180} \
    run cargo test --target wasm32-unknown-unknown --features web --test web
}

tier_e2e() {
  run scripts/dist.sh &&
    run cargo test --features e2e --test e2e -- --nocapture
}

tiers=("$@")
[ ${#tiers[@]} -gt 0 ] || tiers=(native wasm e2e)
passed=0; failed=0; failed_names=()
for t in "${tiers[@]}"; do
  printf '\n=== tier %s\n' "$t"
  start=$SECONDS
  if "tier_$t"; then
    passed=$((passed + 1)); printf '=== tier %s: PASSED (%ds)\n' "$t" $((SECONDS - start))
  else
    failed=$((failed + 1)); failed_names+=("$t")
    printf '=== tier %s: FAILED (%ds)\n' "$t" $((SECONDS - start))
  fi
done
printf '\n'
[ $failed -eq 0 ] || printf 'failed tiers: %s\n' "${failed_names[*]}"
printf '%d passed, %d failed\n' "$passed" "$failed"
[ $failed -eq 0 ]

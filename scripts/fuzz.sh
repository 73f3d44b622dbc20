#!/usr/bin/env bash
# Coverage-guided fuzzing of the core with cargo-fuzz (libFuzzer), one run per target in
# fuzz/fuzz_targets/:
#   shell_line      terminal lines through Lab::dispatch(Command)
#   manifest_apply  editor text through SetEditor + ApplyEditor
#   lesson_load     lesson packs through Pack::load / Lesson::load and the Markdown renderer
#   share_restore   stored and shared sessions through Lab::from_share
#
# Usage: scripts/fuzz.sh short [TARGET...]   each target ~30 s (part of `make test`, native tier)
#        scripts/fuzz.sh long  [TARGET...]   each target $FUZZ_SECONDS (default 600 s; `make fuzz`)
#
# Runs are seeded (-seed=1) and start from the committed seeds in fuzz/corpus/<target>/; new
# inputs go to $STSLAB_HOME/fuzz/corpus/<target> and crash inputs to
# $STSLAB_HOME/fuzz/artifacts/<target>, never into the repository. Any crash, panic, timeout
# (a hang of more than $FUZZ_TIMEOUT s on one input) or out-of-memory fails the run, naming the
# target. Ends with `fuzz: N passed, N failed` and the executions each target ran.
#
# cargo-fuzz (pinned, $CARGO_FUZZ_VERSION) is installed under $STSLAB_HOME/tools when missing,
# the same way scripts/tools.sh installs the build tools; it needs the nightly toolchain.
set -uo pipefail
cd "$(dirname "$0")/.."

mode=${1:-short}
shift || true
: "${STSLAB_HOME:=$HOME/.cache/stslab}"
: "${CARGO_FUZZ_VERSION:=0.13.2}"  # the Makefile's pin; repeated so the script runs on its own
: "${FUZZ_TIMEOUT:=30}"
case "$mode" in
  short) seconds=${FUZZ_SECONDS:-30} ;;
  long) seconds=${FUZZ_SECONDS:-600} ;;
  *) echo "usage: scripts/fuzz.sh short|long [TARGET...]" >&2; exit 2 ;;
esac

tools_root="$STSLAB_HOME/tools"
logs="$STSLAB_HOME/logs"
work="$STSLAB_HOME/fuzz"
mkdir -p "$tools_root/bin" "$logs" "$work"
export PATH="$tools_root/bin:$HOME/.cargo/bin:$PATH"
# Its own target directory: the fuzz build (nightly, sanitizer flags) shares nothing with the
# normal one, and keeping it apart keeps both warm.
export CARGO_TARGET_DIR="$STSLAB_HOME/target-fuzz"

say() { printf 'fuzz: %s\n' "$*" >&2; }
die() { printf 'fuzz: ERROR: %s\n' "$*" >&2; exit 1; }

ensure_cargo_fuzz() {
  if ! rustup toolchain list | grep -q '^nightly'; then
    say "installing the nightly toolchain (cargo-fuzz needs it)"
    rustup toolchain install nightly --profile minimal >"$logs/nightly.log" 2>&1 \
      || die "rustup toolchain install nightly failed (see $logs/nightly.log)"
  fi
  if [ "$(cargo-fuzz --version 2>/dev/null)" = "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    return
  fi
  # Same lock as scripts/tools.sh: never two cargo installs at once.
  exec 9>"$STSLAB_HOME/install.lock"
  flock 9
  if [ "$(cargo-fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    local log="$logs/cargo-fuzz.log"
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION into $tools_root (log: $log)"
    if ! cargo +nightly install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION" \
      --root "$tools_root" >"$log" 2>&1; then
      say "cargo-fuzz: --locked install failed, retrying without --locked"
      cargo +nightly install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --root "$tools_root" \
        >>"$log" 2>&1 || die "cargo install cargo-fuzz $CARGO_FUZZ_VERSION failed (see $log)"
    fi
  fi
  flock -u 9
  [ "$(cargo-fuzz --version 2>/dev/null)" = "cargo-fuzz $CARGO_FUZZ_VERSION" ] \
    || die "cargo-fuzz $CARGO_FUZZ_VERSION is not runnable after install"
}

ensure_cargo_fuzz

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi

# -a: debug assertions on, so integer overflow is a crash (as in `cargo test`), not a wrap.
printf '+ cargo +nightly fuzz build -a\n'
cargo +nightly fuzz build -a >"$logs/fuzz-build.log" 2>&1 \
  || { tail -n 30 "$logs/fuzz-build.log" >&2; die "cargo fuzz build failed (see $logs/fuzz-build.log)"; }

passed=0; failed=0; failed_names=(); summary=()
for t in "${targets[@]}"; do
  [ -f "fuzz/fuzz_targets/$t.rs" ] || die "no fuzz target $t"
  corpus="$work/corpus/$t"; artifacts="$work/artifacts/$t"; log="$logs/fuzz-$t.log"
  mkdir -p "$corpus" "$artifacts"
  dict=(); [ -f "fuzz/dict/$t.dict" ] && dict=("-dict=fuzz/dict/$t.dict")
  printf '\n=== fuzz %s (%ss, log: %s)\n' "$t" "$seconds" "$log"
  start=$SECONDS
  # The first corpus directory receives new inputs; the committed seeds are read only.
  cargo +nightly fuzz run -a "$t" "$corpus" "fuzz/corpus/$t" -- \
    -seed=1 -max_total_time="$seconds" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "${dict[@]}" >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n1)
  [ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -n1 | tr -d '#')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1 | grep -o '[0-9]*')
  if [ $rc -eq 0 ] && grep -q 'Done [0-9]* runs\|DONE' "$log"; then
    passed=$((passed + 1))
    printf '=== fuzz %s: PASSED (%ds, %s executions, coverage %s)\n' "$t" $((SECONDS - start)) "${execs:-?}" "${cov:-?}"
  else
    failed=$((failed + 1)); failed_names+=("$t")
    grep -E 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written|deadly signal|timeout' "$log" | head -n 12 >&2
    printf '=== fuzz %s: FAILED (%ds, %s executions; reproduce: cargo +nightly fuzz run -a %s <artifact>)\n' \
      "$t" $((SECONDS - start)) "${execs:-?}" "$t"
  fi
  summary+=("$t ${execs:-?}")
done
printf '\nexecutions per target:\n'; printf '  %s\n' "${summary[@]}"
[ $failed -eq 0 ] || printf 'fuzz: failed targets: %s\n' "${failed_names[*]}"
printf 'fuzz: %d passed, %d failed\n' "$passed" "$failed"
[ $failed -eq 0 ]

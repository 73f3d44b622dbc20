#!/usr/bin/env bash
# Budget (enforced by `make test`): the simulator grows close to linearly. The growth ratio of
# each scaling scenario of benches/scale.rs, cost(1000 pods) / cost(100 pods), must be at most
# 15 (10 is linear). Cost is counted in instructions by valgrind's cachegrind, not in seconds:
# on the shared 2-core machine wall time swings by 20-40 % with other work, and a 100-pod run
# lasting 60 ms makes a wall-time ratio noise, while an instruction count repeats.
#
#   creation  Parallel 0→N until every pod is Ready                 N = 100, 1000
#   rollout   RollingUpdate of N pods to a new image until all Ready, minus building the set
#
# Exits non-zero naming the budget it broke. `make bench` reports wall times.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_RATIO=${MAX_RATIO:-15}
command -v valgrind >/dev/null || { echo "bench budget: valgrind is not installed (make tools-test installs it)" >&2; exit 1; }

# (Not `tee /dev/stderr`: when stderr is a log file, reopening it would truncate that log.)
build=$(cargo bench --bench scale --no-run 2>&1) || { printf '%s\n' "$build" >&2; exit 1; }
printf '%s\n' "$build" >&2
bin=$(printf '%s\n' "$build" | sed -n 's/^ *Executable .*(\(.*\))$/\1/p' | tail -n1)
[ -x "$bin" ] || { echo "bench budget: could not find the bench binary" >&2; exit 1; }

# Instructions one scenario executes (the whole process: start-up and cluster bootstrap are
# the same in every scenario, and a rollout's count is taken minus its set's creation).
instructions() {
  local out n
  out=$(STSLAB_BENCH_ONLY=$1 valgrind --tool=cachegrind --cache-sim=no \
    --cachegrind-out-file=/dev/null "$bin" 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
  n=$(printf '%s\n' "$out" | awk '/I +refs:/ { gsub(",", "", $NF); print $NF }')
  [ -n "$n" ] || { printf 'bench budget: no instruction count for %s\n%s\n' "$1" "$out" >&2; return 1; }
  printf '%s: %s instructions\n' "$1" "$n" >&2
  echo "$n"
}

p100=$(instructions parallel100)
p1000=$(instructions parallel1000)
r100=$(instructions rolling100)
r1000=$(instructions rolling1000)

failed=0
check() { # name numerator denominator
  local ratio
  ratio=$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", a / b }')
  if awk -v r="$ratio" -v m="$MAX_RATIO" 'BEGIN { exit !(r <= m) }'; then
    echo "bench budget: $1 growth ratio cost(1000)/cost(100) = $ratio (budget $MAX_RATIO): ok"
  else
    echo "bench budget BROKEN: $1 growth ratio cost(1000)/cost(100) = $ratio > $MAX_RATIO (instructions; see README.md, Simulator speed)" >&2
    failed=1
  fi
}
check creation "$p1000" "$p100"
check rollout "$((r1000 - p1000))" "$((r100 - p100))"
exit $failed

#!/usr/bin/env bash
# Sizes of what a visitor downloads: every file in dist/ and the total, raw and gzip -9.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.html ] || { echo "size: dist/ is empty: run make dist" >&2; exit 1; }
printf '%-48s %10s %10s\n' file raw gzip-9
total=0; gtotal=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + raw)); gtotal=$((gtotal + gz))
  printf '%-48s %10d %10d\n' "${f#dist/}" "$raw" "$gz"
done < <(find dist -type f | LC_ALL=C sort)
printf '%-48s %10d %10d\n' TOTAL "$total" "$gtotal"

#!/usr/bin/env bash
# Release build of the page into dist/: `trunk build --release --offline --public-url ./`, then
# make sure the wasm is optimised for size (wasm-opt -Oz). Trunk runs wasm-opt itself when
# index.html asks for it (data-wasm-opt="z"); otherwise Trunk uses plain -O, and this script runs
# -Oz on the result and rewrites the Subresource Integrity hash Trunk put in index.html for it.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f index.html ] || { echo "dist: index.html is missing (the web front end is not on this branch yet)" >&2; exit 1; }
trunk build --release --offline --public-url ./

sri() { printf 'sha384-%s' "$(openssl dgst -sha384 -binary "$1" | openssl base64 -A)"; }

if grep -Eq 'data-wasm-opt="[zZ]"' index.html; then
  echo "dist: Trunk ran wasm-opt -Oz (index.html data-wasm-opt=\"z\")"
else
  shopt -s nullglob
  for wasm in dist/*.wasm; do
    before=$(stat -c %s "$wasm")
    old=$(sri "$wasm")
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      -o "$wasm.opt" "$wasm"
    mv "$wasm.opt" "$wasm"
    new=$(sri "$wasm")
    sed -i "s|$old|$new|g" dist/index.html
    echo "dist: wasm-opt -Oz $wasm: $before -> $(stat -c %s "$wasm") bytes (SRI hash updated)"
  done
fi

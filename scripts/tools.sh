#!/usr/bin/env bash
# Installs the tools StatefulSet Lab builds and tests with, all under $STSLAB_HOME
# (default ~/.cache/stslab), so nothing outside the user's cache and the distro packages changes.
#
# Usage: scripts/tools.sh build   rustup target, trunk, wasm-bindgen-cli, binaryen (wasm-opt)
#        scripts/tools.sh test    the above + rustfmt, clippy, chromium and chromedriver
#
# Every step first checks what is installed and does nothing when the right version is there, so
# `make serve` / `make test` stay fast once the cache is warm. The versions come from the Makefile
# (which reads wasm-bindgen's from Cargo.lock): this script has no version numbers of its own.
set -euo pipefail

mode=${1:-build}
: "${STSLAB_HOME:=$HOME/.cache/stslab}"
: "${TRUNK_VERSION:?set by the Makefile}"
: "${WASM_BINDGEN_VERSION:?set by the Makefile (read from Cargo.lock)}"
: "${BINARYEN_VERSION:?set by the Makefile}"

tools_root="$STSLAB_HOME/tools"
npm_root="$STSLAB_HOME/npm"
logs="$STSLAB_HOME/logs"
mkdir -p "$tools_root/bin" "$npm_root" "$logs"
export PATH="$tools_root/bin:$npm_root/node_modules/.bin:$PATH"

say() { printf 'tools: %s\n' "$*" >&2; }
die() { printf 'tools: ERROR: %s\n' "$*" >&2; exit 1; }

# Two `make` runs at once (or a second terminal) must not start two cargo installs of the same
# tool: serialise the whole script on one lock file.
exec 9>"$STSLAB_HOME/install.lock"
flock 9

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $*"; fi
}

# apt-get update only when an install fails for want of fresh package lists.
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get install -y --no-install-recommends "$@" >>"$logs/apt.log" 2>&1; then
    say "apt-get install $* failed; running apt-get update and retrying"
    as_root apt-get update >>"$logs/apt.log" 2>&1
    as_root apt-get install -y --no-install-recommends "$@" >>"$logs/apt.log" 2>&1 \
      || die "apt-get install $* failed (see $logs/apt.log)"
  fi
}

# cargo install at an exact version; --locked first (reproducible), and without it when a locked
# dependency was yanked from crates.io (this happened to wasm-bindgen-cli 0.2.130's webpki-roots).
cargo_install() {
  local crate=$1 version=$2 log="$logs/$1.log"
  say "installing $crate $version into $tools_root (log: $log; takes minutes the first time)"
  if ! cargo install --locked "$crate" --version "$version" --root "$tools_root" >"$log" 2>&1; then
    say "$crate: --locked install failed, retrying without --locked"
    cargo install "$crate" --version "$version" --root "$tools_root" >>"$log" 2>&1 \
      || die "cargo install $crate $version failed (see $log)"
  fi
}

version_of() { "$@" 2>/dev/null | head -n1 || true; }

ensure_rust() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  case "$(version_of "$tools_root/bin/trunk" --version)" in
    "trunk $TRUNK_VERSION") ;;
    *) cargo_install trunk "$TRUNK_VERSION" ;;
  esac
}

ensure_wasm_bindgen() {
  local have runner
  have=$(version_of "$tools_root/bin/wasm-bindgen" --version)
  runner=$(version_of "$tools_root/bin/wasm-bindgen-test-runner" --version)
  if [ "$have" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
    || [ "$runner" != "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION" ]; then
    cargo_install wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
  fi
}

ensure_binaryen() {
  if [ "$(version_of "$npm_root/node_modules/.bin/wasm-opt" --version)" \
    != "wasm-opt version $BINARYEN_VERSION (version_$BINARYEN_VERSION)" ]; then
    command -v npm >/dev/null || apt_install nodejs npm
    say "installing binaryen@$BINARYEN_VERSION (wasm-opt) with npm into $npm_root"
    npm install --prefix "$npm_root" --no-audit --no-fund "binaryen@$BINARYEN_VERSION" \
      >"$logs/npm.log" 2>&1 || die "npm install binaryen@$BINARYEN_VERSION failed (see $logs/npm.log)"
  fi
}

ensure_lint() {
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing chromium and chromium-driver with apt"
    apt_install chromium chromium-driver
  fi
  # A CJK font, as on a learner's computer: without one the e2e tier's screenshot of the
  # Chinese interface shows empty boxes, and Chromium's search for a fallback font is slower.
  if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    say "installing a CJK font (fonts-noto-cjk) with apt"
    apt_install fonts-noto-cjk
  fi
  local b d
  b=$(chromium --version 2>/dev/null | grep -o '[0-9]*\.' | head -n1)
  d=$(chromedriver --version 2>/dev/null | grep -o '[0-9]*\.' | head -n1)
  [ "$b" = "$d" ] || die "chromium ($b) and chromedriver ($d) major versions differ"
}

# The native tier's simulator budget counts instructions with valgrind (scripts/bench-budget.sh).
ensure_valgrind() {
  command -v valgrind >/dev/null || { say "installing valgrind with apt"; apt_install valgrind; }
}

ensure_rust
ensure_trunk
ensure_wasm_bindgen
ensure_binaryen
case "$mode" in
  build) ;;
  test) ensure_lint; ensure_chromium; ensure_valgrind ;;
  *) die "unknown mode $mode (build|test)" ;;
esac

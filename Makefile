# StatefulSet Lab build entry points. Two commands matter:
#   make serve   install what is missing, build, serve the page at http://127.0.0.1:8080
#   make test    install what is missing, run every test tier (native, wasm, e2e)
# Also: make dist (release build in dist/), make size, make bench, make tools, make fuzz.
#
# Everything the build installs lives under $(STSLAB_HOME) (~/.cache/stslab): tools, npm packages,
# logs, and the one cargo target directory. Re-running any target is safe and quick.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

STSLAB_HOME ?= $(HOME)/.cache/stslab
export STSLAB_HOME
export CARGO_TARGET_DIR := $(STSLAB_HOME)/target

# Tool versions: the one place they are written down. wasm-bindgen-cli must match the
# wasm-bindgen crate exactly, so it is read from Cargo.lock rather than repeated here.
export TRUNK_VERSION := 0.21.14
export BINARYEN_VERSION := 132
export CARGO_FUZZ_VERSION := 0.13.2
export WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3; exit }' Cargo.lock)
ifeq ($(WASM_BINDGEN_VERSION),)
$(error cannot read the wasm-bindgen version from Cargo.lock)
endif

# Trunk looks tools up on PATH and, being offline, fails (instead of downloading) on a mismatch.
export PATH := $(STSLAB_HOME)/tools/bin:$(STSLAB_HOME)/npm/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_TOOLS_WASM_BINDGEN := $(WASM_BINDGEN_VERSION)
export TRUNK_TOOLS_WASM_OPT := version_$(BINARYEN_VERSION)

HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: help tools tools-test serve dist size test test-native test-wasm test-e2e bench fuzz

help:
	@echo "make serve   build and serve StatefulSet Lab at http://$(HOST):$(PORT)/"
	@echo "make test    run every test tier (native, wasm in headless Chromium, end-to-end)"
	@echo "make dist    release build into dist/ (relative URLs: works under any sub-path)"
	@echo "make size    size of each file in dist/ and the total, raw and gzip -9"
	@echo "make bench   simulator scale benchmarks"
	@echo "make fuzz    long fuzzing run of every cargo-fuzz target + a long property-test run"
	@echo "make tools   install the build tools only (under $(STSLAB_HOME))"

tools:
	@scripts/tools.sh build

tools-test:
	@scripts/tools.sh test

serve: tools
	@echo "StatefulSet Lab: serving at http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	trunk serve --offline --address $(HOST) --port $(PORT) --public-url /

dist: tools
	scripts/dist.sh

size: dist
	@scripts/size.sh

test: tools-test
	scripts/test.sh

test-native: tools-test
	scripts/test.sh native

test-wasm: tools-test
	scripts/test.sh wasm

test-e2e: tools-test
	scripts/test.sh e2e

bench:
	@test -f benches/scale.rs || { echo "bench: benches/scale.rs is not wired yet" >&2; exit 1; }
	cargo bench --bench scale

# Hardening: a long run of every cargo-fuzz target (scripts/fuzz.sh; FUZZ_SECONDS per target,
# default 600) after a long run of the random-play property test. `make test` runs the short
# fuzz (30 s per target) as a step of the native tier.
FUZZ_PROPTEST_CASES ?= 20000
fuzz:
	PROPTEST_CASES=$(FUZZ_PROPTEST_CASES) cargo test --test prop_lab
	scripts/fuzz.sh long

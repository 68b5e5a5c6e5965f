# ModuLab: two commands do all the set-up.
#   make serve   install what is missing, build the page, serve it on localhost
#   make test    install what is missing, run every test (native, wasm, page)
# Also: make dist (the static site for any host), make npm (the
# <modulab-figure> package), make bench (figures into docs/figures.md),
# make wasm, make lint, make clean, make fuzz (FUZZ_TIME seconds per fuzz
# target; not part of make test).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8000
CARGO ?= cargo
WASM_TARGET := wasm32-unknown-unknown
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WB_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
SRC := $(shell find src -name "*.rs") Cargo.toml Cargo.lock .cargo/config.toml
PKG := www/pkg/modulab_bg.wasm
# wasm-opt from the npm registry's binaryen (Debian's 108 mangles the
# externref table wasm-bindgen emits). Both it and terser are installed
# before the wasm is built, so `make serve`, `make dist` and `make test`
# all serve the one optimised build.
WASM_OPT := node_modules/.bin/wasm-opt
# terser (npm) minifies wasm-bindgen's generated glue, and every script of dist/.
TERSER := node_modules/.bin/terser
VERSION := $(shell awk -F'"' '/^version = / {print $$2; exit}' Cargo.toml)
# The static site (make dist) and the npm package of <modulab-figure> (make npm).
DIST := dist
NPM_TGZ := dist-npm/modulab-$(VERSION).tgz
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
DIGESTS := $(TARGET_DIR)/native-digests.json
NODE_MODULES := node_modules/.package-lock.json

.PHONY: help serve dist npm offline links test bench wasm lint test-native test-wasm test-page tools browser clean verify soak fuzz

help:
	@echo "make serve   build the page and serve it on http://127.0.0.1:$(PORT)/"
	@echo "make test    run every test: native, wasm in headless Chromium, the page"
	@echo "make dist    the static site in dist/, for GitHub Pages or any static host (any sub-path)"
	@echo "make npm     the npm package of <modulab-figure>: $(NPM_TGZ)"
	@echo "make bench   speed and size figures, written to docs/figures.md"
	@echo "make verify  the spiking network's full-length criteria (IZ-2, IZ-4, IZ-5; many minutes)"
	@echo "make soak    the page for SOAK_MINUTES (default 30): memory and speed over time"
	@echo "make fuzz    fuzz scenario parsing and runs, and the link decoder (FUZZ_TIME=600 s each)"

## Tools ---------------------------------------------------------------------

# The wasm32 target and wasm-bindgen-cli at the Cargo.lock version, only if missing.
tools:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WB_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WB_VERSION) (a few minutes, once)"; \
	  $(CARGO) install wasm-bindgen-cli --version $(WB_VERSION); \
	fi

# Debian's Chromium and ChromeDriver, only if missing.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

# playwright-core (drives the system Chromium) and binaryen (wasm-opt).
$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

## Build ---------------------------------------------------------------------

wasm: $(PKG)

# The Makefile is a prerequisite: a change of this recipe rebuilds the wasm.
$(PKG): $(SRC) Makefile $(NODE_MODULES) | tools
	$(CARGO) build --release --target $(WASM_TARGET) --lib
	wasm-bindgen --target web --out-dir www/pkg \
	  $(TARGET_DIR)/$(WASM_TARGET)/release/modulab.wasm
	$(WASM_OPT) -O3 $@ -o $@.opt && mv $@.opt $@
	$(TERSER) www/pkg/modulab.js --module --compress --mangle -o www/pkg/modulab.js.min
	mv www/pkg/modulab.js.min www/pkg/modulab.js
	@touch $@

# The service worker's list of files and cache version (cheap; rewritten
# only when a file changed).
offline: $(PKG)
	@node tools/offline-manifest.mjs www

# Re-stamps the page links written into the exercises and the article with
# this engine's version and fingerprint (after a NUMERICS bump).
links: $(PKG)
	node tools/state-links.mjs

serve: $(PKG) offline
	node tools/serve.mjs www --port $(PORT)

# The static site: www/ with the same wasm (no second build), every script
# minified, no TypeScript declarations; all its URLs are relative, so it
# works under any sub-path (https://USER.github.io/modulab/).
dist: $(PKG) offline
	rm -rf $(DIST).tmp && cp -r www $(DIST).tmp && rm -f $(DIST).tmp/pkg/*.d.ts
	@find $(DIST).tmp -name '*.js' -not -path '$(DIST).tmp/pkg/*' | while read -r f; do \
	  if grep -q importScripts "$$f"; then m=; else m=--module; fi; \
	  $(TERSER) "$$f" $$m --compress --mangle -o "$$f.min" && mv "$$f.min" "$$f" || exit 1; \
	done
	node tools/offline-manifest.mjs $(DIST).tmp
	rm -rf $(DIST) && mv $(DIST).tmp $(DIST)
	@echo "dist/: $$(find $(DIST) -type f | wc -l) files; publish it as it is (README: Publish)"

# The npm package of <modulab-figure>: the element, the modules it loads,
# the wasm and its glue, TypeScript declarations; version from Cargo.toml.
npm: $(NPM_TGZ)

$(NPM_TGZ): $(PKG) $(wildcard npm/*) $(wildcard www/*.js) Cargo.toml
	node tools/npm-package.mjs dist-npm

## Tests ---------------------------------------------------------------------

test: tools browser $(NODE_MODULES) lint test-native test-wasm test-page
	@echo "make test: every suite passed"

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --target $(WASM_TARGET) -- -D warnings

test-native:
	$(CARGO) test --profile test-release

# Native digests of every preset, which the wasm test recomputes in Chromium.
$(DIGESTS): $(SRC) $(wildcard www/scenarios/*.json)
	$(CARGO) run --quiet --profile test-release -- digest www/scenarios/*.json > $@.tmp
	mv $@.tmp $@

# wasm-bindgen-test-runner gives the whole suite 20 s by default; the
# presets' bit-for-bit check alone takes about that in Chromium now.
test-wasm: $(DIGESTS) | tools browser
	WASM_BINDGEN_TEST_TIMEOUT=600 \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=$$(command -v chromedriver) \
	MODULAB_NATIVE_DIGESTS=$(abspath $(DIGESTS)) \
	  $(CARGO) test --profile test-release --target $(WASM_TARGET) --test wasm_api

test-page: $(PKG) $(NODE_MODULES) offline dist $(NPM_TGZ) | browser
	node --test tests/page/

## Figures -------------------------------------------------------------------

# Every bench prints `figure: KEY = VALUE UNIT | what | budget` lines among
# its output; tools/figures.mjs writes them to docs/figures.md, the one
# source of figures that README and docs/page.md point to.
BENCH_LOG := $(TARGET_DIR)/bench.log

# The spiking bench times Brian2 and NumPy peers beside the engine when the
# shared peer benchmarks are there (PEERS, default ../shared/bench); their
# Python venv (Brian2 and NumPy from PyPI) is set up once if it is missing.
PEERS ?= ../shared/bench
PEER_WORK ?= $(HOME)/.cache/modulab-peers

bench: $(NODE_MODULES) $(PKG) offline dist | browser
	@rm -f $(BENCH_LOG)
	@if [ -x "$(PEERS)/peers.sh" ] && [ ! -x "$(PEER_WORK)/venv/bin/python" ]; then \
	  echo "setting up the spiking peers (Brian2, NumPy) in $(PEER_WORK)"; \
	  PEER_WORK="$(PEER_WORK)" "$(PEERS)/peers.sh" setup; \
	fi
	$(CARGO) bench --bench engine --bench sweep | tee -a $(BENCH_LOG)
	node benches/wasm_bench.mjs | tee -a $(BENCH_LOG)
	$(CARGO) bench --bench spiking | tee -a $(BENCH_LOG)
	node benches/page_bench.mjs | tee -a $(BENCH_LOG)
	node tools/figures.mjs $(BENCH_LOG) > docs/figures.md.tmp
	mv docs/figures.md.tmp docs/figures.md
	@echo "figures written to docs/figures.md"

# Full-length science criteria of the spiking network (docs/spiking.md).
verify:
	$(CARGO) run --release --example verify

# The page over a long session: memory after 10^6 trials, then SOAK_MINUTES
# (default 30) of batches with memory and batch time once a minute.
soak: $(NODE_MODULES) $(PKG) | browser
	node benches/page_soak.mjs | tee $(TARGET_DIR)/soak.log
	node tools/figures.mjs $(TARGET_DIR)/soak.log > docs/figures.md.tmp
	mv docs/figures.md.tmp docs/figures.md

## Fuzzing -------------------------------------------------------------------

# Runs each fuzz target of fuzz/ (cargo-fuzz, nightly toolchain; installed
# if missing) for FUZZ_TIME seconds, one after the other: `scenario` (bytes
# -> parse, validate, a capped run whose every value must be finite) and
# `state` (bytes -> the link decoder). Not part of `make test`. Corpora are
# seeded from the presets into fuzz/corpus/ (not committed), with a
# dictionary of the scenario's names; a crash is written to
# fuzz/artifacts/<target>/ and belongs, once fixed, in tests/robustness.rs.
FUZZ_TIME ?= 600
FUZZ_TARGETS := scenario state
FUZZ_DICT := fuzz/corpus/json.dict

fuzz:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz
	@mkdir -p fuzz/corpus/scenario fuzz/corpus/state
	cp www/scenarios/*.json fuzz/corpus/scenario/
	@for f in www/scenarios/*.json; do \
	  n=$$(basename $$f); \
	  printf '{"scenario": %s, "view": {"charts": ["reward", "dopamine"], "window": 10, "band": "ci95", "speed": "fast", "preset": "%s"}}' \
	    "$$(cat $$f)" "$$n" > fuzz/corpus/state/$$n; \
	done
	@grep -rohE '"[a-z][a-z0-9_]*"' src tests www/scenarios \
	  | sort -u | sed 's/"/\\"/g; s/.*/"&"/' > $(FUZZ_DICT)
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzzing $$t for $(FUZZ_TIME) s"; \
	  $(CARGO) +nightly fuzz run $$t -- -max_total_time=$(FUZZ_TIME) -timeout=30 \
	    -dict=$(FUZZ_DICT) -print_final_stats=1 || exit 1; \
	done

clean:
	$(CARGO) clean
	rm -rf www/pkg node_modules $(DIST) dist-npm

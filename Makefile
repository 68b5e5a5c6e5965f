# ModuLab: two commands do all the set-up.
#   make serve   install what is missing, build the page, serve it on localhost
#   make test    install what is missing, run every test (native, wasm, page)
# Also: make bench (speed and size figures), make wasm, make lint, make clean,
# make fuzz (FUZZ_TIME seconds per fuzz target; not part of make test).

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
# externref table wasm-bindgen emits); used when `npm ci` has installed it.
WASM_OPT := node_modules/.bin/wasm-opt
# terser (npm) minifies wasm-bindgen's generated glue, when installed.
TERSER := node_modules/.bin/terser
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
DIGESTS := $(TARGET_DIR)/native-digests.json
NODE_MODULES := node_modules/.package-lock.json

.PHONY: help serve test bench wasm lint test-native test-wasm test-page tools browser clean verify soak fuzz

help:
	@echo "make serve   build the page and serve it on http://127.0.0.1:$(PORT)/"
	@echo "make test    run every test: native, wasm in headless Chromium, the page"
	@echo "make bench   print speed and size figures"
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

$(PKG): $(SRC) | tools
	$(CARGO) build --release --target $(WASM_TARGET) --lib
	wasm-bindgen --target web --no-typescript --out-dir www/pkg \
	  $(TARGET_DIR)/$(WASM_TARGET)/release/modulab.wasm
	@if [ -x $(WASM_OPT) ]; then \
	  $(WASM_OPT) -O3 $@ -o $@.opt && mv $@.opt $@; \
	else echo "(wasm-opt not installed: the wasm is not size-optimised; make test installs it)"; fi
	@if [ -x $(TERSER) ]; then \
	  $(TERSER) www/pkg/modulab.js --module --compress --mangle -o www/pkg/modulab.js.min && \
	  mv www/pkg/modulab.js.min www/pkg/modulab.js; fi
	@touch $@

serve: $(PKG)
	@echo "ModuLab is served at http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory www

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

test-wasm: $(DIGESTS) | tools browser
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=$$(command -v chromedriver) \
	MODULAB_NATIVE_DIGESTS=$(abspath $(DIGESTS)) \
	  $(CARGO) test --profile test-release --target $(WASM_TARGET) --test wasm_api

test-page: $(PKG) $(NODE_MODULES) | browser
	node --test tests/page/

## Figures -------------------------------------------------------------------

bench: $(NODE_MODULES) $(PKG) | browser
	$(CARGO) bench --bench engine --bench sweep
	node benches/wasm_bench.mjs
	$(CARGO) bench --bench spiking
	node benches/page_bench.mjs
	@raw=$$(stat -c %s $(PKG)); gz=$$(gzip -9c $(PKG) | wc -c); \
	  js=$$(stat -c %s www/pkg/modulab.js); \
	  echo "wasm size: $$raw bytes raw, $$gz bytes gzipped (glue JS $$js bytes)"

# Full-length science criteria of the spiking network (docs/spiking.md).
verify:
	$(CARGO) run --release --example verify

# The page over a long session: memory after 10^6 trials, then SOAK_MINUTES
# (default 30) of batches with memory and batch time once a minute.
soak: $(NODE_MODULES) $(PKG) | browser
	node benches/page_soak.mjs

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
	rm -rf www/pkg node_modules

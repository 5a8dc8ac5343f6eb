# Vigie — two commands: `make run` and `make test`. Both install whatever is missing, and a second
# run installs nothing.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
TRUNK_VERSION := 0.21.14
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock)
PORT ?= 8080
WASM := wasm32-unknown-unknown
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: run build test setup setup-test fmt clippy test-native test-wasm test-e2e model clean

## run: build the app and serve it on http://127.0.0.1:$(PORT)/
run: build
	node scripts/serve.mjs dist $(PORT)

## build: the static site in dist/
build: setup
	trunk build --release --offline

## test: formatting, lints (native and wasm32), engine and CLI tests, wasm tests in headless
## Chromium, end-to-end tests.
## A clean run gains nothing from incremental compilation, which doubles the debug target's size.
test: export CARGO_INCREMENTAL := 0
test: setup-test fmt clippy test-native test-wasm test-e2e

fmt:
	cargo fmt --all --check

clippy:
	cargo clippy -p engine -p vigie-cli --all-targets -- -D warnings
	cargo clippy --target $(WASM) -p engine --lib -- -D warnings
	cargo clippy --target $(WASM) -p vigie-app --all-targets -- -D warnings

test-native:
	cargo test -p engine -p vigie-cli

# wasm-bindgen-test-runner drives headless Chromium through chromedriver (webdriver.json adds the
# flags this sandbox needs). Its timeout covers the whole suite (20 s by default): the suite takes
# about 15 s on this machine, so a cold browser could miss it.
test-wasm:
	WASM_BINDGEN_TEST_TIMEOUT=180 CHROMEDRIVER=$(CHROMEDRIVER) CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
		cargo test --target $(WASM) -p vigie-app

test-e2e: build
	cargo build -p vigie-cli
	node --test tests/e2e/

## model: rebuild the embedded default model from the synthetic demo (then bless the fixture of
## its scores: VIGIE_BLESS=1 cargo test -p engine --lib embedded_scores).
MODEL_DEMO := target/demo-30000-2017
model:
	cargo build --release -p vigie-cli
	target/release/vigie demo --firms 30000 --seed 2017 --out $(MODEL_DEMO)
	target/release/vigie train $(MODEL_DEMO) -o crates/engine/models/default.json --backtests --synthetic \
		--data-label "données de démonstration synthétiques (vigie demo --firms 30000 --seed 2017)"

setup:
	@rustup target list --installed | grep -qx $(WASM) || rustup target add $(WASM)
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@trunk --version 2>/dev/null | grep -qF "$(TRUNK_VERSION)" || cargo install trunk --version $(TRUNK_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -qF "$(WASM_BINDGEN_VERSION)" || \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@$(MAKE) --no-print-directory node_modules/.installed

setup-test: setup
	@command -v chromium >/dev/null && [ -x $(CHROMEDRIVER) ] && command -v pdftotext >/dev/null || \
		{ $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver poppler-utils; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	cargo clean
	rm -rf dist node_modules test-output

# The two commands of a fresh machine: `make demo` and `make test` (see README.md).
# Cargo fetches every Rust dependency itself; the Node target needs Node 20 + npm (it runs `npm ci`).

CARGO ?= cargo
NPM ?= npm

.PHONY: demo test test-rust test-node build fuzz

## Runs a full checkout against the in-process sandbox emulator.
demo:
	$(CARGO) run --locked -q -p forumpay-cli -- demo

## Runs every test of every language present. Each language has its own target; `test` runs them all.
test: test-rust test-node

## The Rust crates (core, sandbox, cli; conformance suite included). Binding crates are workspace
## members but not default members: their own targets build them with the right tool.
## --show-output lets the conformance runner's scenario count reach the log.
test-rust:
	$(CARGO) test --locked -- --show-output

## The Node binding: npm packages from the committed lock file, the addon (debug build, Cargo.lock
## respected), then `node --test` (conformance count, concurrency, exit, types of the README).
test-node:
	cd bindings-node && $(NPM) ci --no-audit --no-fund
	cd bindings-node && $(NPM) run build
	cd bindings-node && node --test __test__/

build:
	$(CARGO) build --locked

## A longer fuzz run of every decoder and the webhook parser (FUZZ_ITERATIONS per target).
FUZZ_ITERATIONS ?= 200000
fuzz:
	FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) $(CARGO) test --locked -p forumpay --test fuzz -- --nocapture

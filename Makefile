# The two commands of a fresh machine: `make demo` and `make test` (see README.md).
# Cargo fetches every Rust dependency itself; nothing else needs installing yet.

CARGO ?= cargo

.PHONY: demo test build

## Runs a full checkout against the in-process sandbox emulator.
demo:
	$(CARGO) run --locked -q -p forumpay-cli -- demo

## Runs every test of every language present (today: the Rust workspace, conformance suite included).
## --show-output lets the conformance runner's scenario count reach the log.
test:
	$(CARGO) test --locked --workspace -- --show-output

build:
	$(CARGO) build --locked --workspace

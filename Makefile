# The two commands of a fresh machine: `make demo` and `make test` (see README.md).
# Cargo fetches every Rust dependency itself; nothing else needs installing yet.

CARGO ?= cargo

.PHONY: demo test test-rust test-kotlin build

## Runs a full checkout against the in-process sandbox emulator.
demo:
	$(CARGO) run --locked -q -p forumpay-cli -- demo

## Runs every test of every language present. Each language has its own target; `test` runs them all.
test: test-rust test-kotlin

## The Rust crates (core, sandbox, cli; conformance suite included). Binding crates are workspace
## members but not default members: their own targets build them with the right tool.
## --show-output lets the conformance runner's scenario count reach the log.
test-rust:
	$(CARGO) test --locked -- --show-output

## Kotlin/JVM (uniffi): builds the native library and uniffi-bindgen, generates Kotlin and Swift
## into bindings-kotlin/build/, then Maven (which fetches Kotlin, coroutines, JNA and JUnit itself)
## compiles and runs the JUnit suite, conformance included. Needs JDK 17 and Maven.
test-kotlin:
	$(CARGO) test --locked -q -p forumpay-uniffi
	CARGO="$(CARGO)" bindings-kotlin/scripts/build-jvm.sh
	bindings-kotlin/scripts/test-jvm.sh

build:
	$(CARGO) build --locked

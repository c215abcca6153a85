# The two commands of a fresh machine: `make demo` and `make test` (see README.md).
# Cargo fetches every Rust dependency itself; the Python target needs Python 3 + pip (it makes a venv),
# the Node target Node 20 + npm (it runs `npm ci`).

CARGO ?= cargo
NPM ?= npm

.PHONY: demo generate check-generated test test-rust redis-server test-python test-node test-kotlin test-browser build fuzz fuzz-tools fuzz-seeds bench bench-venv bench-bindings bench-smoke \
	test-release dist dist-check check-android

## Runs a full checkout against the in-process sandbox emulator.
demo:
	$(CARGO) run --locked -q -p forumpay-cli -- demo

## Runs every test of every language present. Each language has its own target; `test` runs them all.
test: check-generated test-rust test-python test-node test-kotlin bench-smoke test-browser test-release

## Writes every file generated from core's surface (type stubs, declarations, records, reference
## docs: decision 0018). Run it after changing a public type of core, and commit the result.
generate:
	$(CARGO) run --locked -q -p forumpay-surface -- generate

## Fails when a committed generated file differs from what `make generate` would write.
check-generated:
	$(CARGO) run --locked -q -p forumpay-surface -- check

## The Rust crates (core, sandbox, cli; conformance suite included). Binding crates are workspace
## members but not default members: their own targets build them with the right tool.
## --show-output lets the conformance runner's scenario count reach the log. The CLI's wire test
## drives `forumpay sandbox` with the curl command line (as the provider's PHP client does through
## libcurl): curl is installed when missing. The surface generator (tools/surface) has its own tests;
## the fuzz workspace's lock file must follow core's dependencies (`make fuzz` builds with --locked).
test-rust: redis-server
	command -v curl >/dev/null || { apt-get update && apt-get install -y curl; }
	$(CARGO) test --locked -- --show-output
	$(CARGO) test --locked -q -p forumpay-surface
	$(CARGO) metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null

## Debian's redis-server, installed when missing: the shared-store tests (issue 15, decision 0027)
## start their own on a free loopback port and stop it (nothing runs as a service).
redis-server:
	command -v redis-server >/dev/null || { apt-get $(APT_WAIT) update && DEBIAN_FRONTEND=noninteractive apt-get $(APT_WAIT) install -y redis-server; }

## The Python binding: a project-local venv with pinned tools, the wheel built by maturin and
## installed into it, then pytest (conformance suite, threads, fork, money, stubs, README, the
## Django webhook view: Django is the optional extra `forumpay[django]`).
PYTHON ?= python3
PY_DIR := bindings-python
PY_VENV := $(PY_DIR)/.venv
## The wheel is linked by zig for manylinux2014 (glibc 2.17), as `make dist` builds it, so that
## test-release can check its tag and glibc floor.
PY_TOOLS := maturin==1.16.0 pytest==9.2.0 mypy==2.4.1 django==5.2.19 ziglang==0.17.1 auditwheel==6.8.2 \
	opentelemetry-api==1.45.2 opentelemetry-sdk==1.45.2 \
	"tomli==2.2.1; python_version < '3.11'"

test-python: redis-server
	test -x $(PY_VENV)/bin/python || $(PYTHON) -m venv $(PY_VENV)
	$(PY_VENV)/bin/python -m pip install -q --disable-pip-version-check $(PY_TOOLS)
	rm -rf $(PY_DIR)/.wheels
	PATH=$(abspath $(PY_VENV))/bin:$$PATH VIRTUAL_ENV=$(abspath $(PY_VENV)) $(PY_VENV)/bin/maturin build --locked \
		--zig --compatibility manylinux2014 -m $(PY_DIR)/Cargo.toml -i $(PY_VENV)/bin/python -o $(PY_DIR)/.wheels
	$(PY_VENV)/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps $(PY_DIR)/.wheels/forumpay-*.whl
	cd $(PY_DIR) && .venv/bin/python -m pytest -q

## The Node binding: npm packages from the committed lock file, the addon (debug build, Cargo.lock
## respected), then `node --test` (conformance count, concurrency, exit, types of the README, four
## worker processes sharing a Redis server the tests start and stop).
test-node: redis-server
	cd bindings-node && $(NPM) ci --no-audit --no-fund
	cd bindings-node && $(NPM) run build
	cd bindings-node && node --test __test__/

## The emulator in a browser (issue 18): its payment page and dashboard in Debian's Chromium,
## headless, driven by playwright-core (tests/browser, from its lock file), with the Python wheel
## and Node addon that test-python and test-node built (they run first; nothing is built twice)
## and the `forumpay` CLI as the Rust client. Installs Chromium when it is missing; screenshots
## go to tests/browser/screenshots/ (ignored by git). Once the wheel and the addon are built,
## `make -o test-python -o test-node test-browser` runs the browser part alone (~20-50 s).
CHROMIUM ?= /usr/bin/chromium
# Wait for a package manager that is busy elsewhere instead of failing at once.
APT_WAIT := -o DPkg::Lock::Timeout=600
test-browser: test-python test-node
	test -x $(CHROMIUM) || { apt-get $(APT_WAIT) update && DEBIAN_FRONTEND=noninteractive apt-get $(APT_WAIT) install -y chromium; }
	$(CARGO) build --locked -q -p forumpay-cli
	cd tests/browser && $(NPM) ci --no-audit --no-fund
	cd tests/browser && FORUMPAY_CHROMIUM=$(CHROMIUM) node --test --test-concurrency=1

## Kotlin/JVM (uniffi): builds the native library and uniffi-bindgen, generates Kotlin and Swift
## into bindings-kotlin/build/, then Maven (which fetches Kotlin, coroutines, JNA and JUnit itself)
## compiles and runs the JUnit suite, conformance included. Needs JDK 17 and Maven.
test-kotlin: redis-server
	$(CARGO) test --locked -q -p forumpay-uniffi
	CARGO="$(CARGO)" bindings-kotlin/scripts/build-jvm.sh
	bindings-kotlin/scripts/test-jvm.sh

build:
	$(CARGO) build --locked

## Coverage-guided fuzzing (cargo-fuzz + libFuzzer on nightly Rust; fuzz/README.md): every response
## decoder, parse_amount, the webhook parser, the request and Config builders. Runs the targets one
## after another, FUZZ_RUNS executions each (or FUZZ_SECONDS seconds each when not 0), seeded from the
## repository's fixtures; prints executions, exec/s, cov/ft and crashes per target; fails on a crash.
## FUZZ_TARGETS="decode_rate parse_amount" runs only those. The fast mutation test (core/tests/fuzz.rs)
## stays in `make test`.
FUZZ_RUNS ?= 10000000
FUZZ_SECONDS ?= 0
FUZZ_TARGETS ?=
fuzz: fuzz-tools fuzz-seeds
	FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" fuzz/run.sh

## The nightly toolchain and cargo-fuzz, installed when missing.
fuzz-tools:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked

## The starting corpus of each target, from core/tests/fixtures and tests/conformance (not committed).
fuzz-seeds:
	$(PYTHON) fuzz/seeds.py

## The benchmark of issue 7: builds it and both bindings in release, makes bench/.venv with the
## Python baselines (skipped cleanly if pip cannot reach PyPI), writes tests/bench/results.md.
## BENCH_ARGS passes flags, e.g. `make bench BENCH_ARGS=--quick`.
BENCH_VENV := bench/.venv
BENCH_ARGS ?=
bench: bench-venv bench-bindings
	$(CARGO) build --locked --release -p forumpay-bench
	$(CARGO) run --locked --release -q -p forumpay-bench -- $(BENCH_ARGS)

bench-venv:
	@test -x $(BENCH_VENV)/bin/python || python3 -m venv $(BENCH_VENV) || echo "bench: no Python venv; Python rows will say why"
	@$(BENCH_VENV)/bin/python -c "import requests, httpx" 2>/dev/null \
		|| $(BENCH_VENV)/bin/pip install -q -r bench/python/requirements.txt \
		|| echo "bench: could not install the Python baselines; their rows will say why"

## Release builds of both bindings for the benchmark: the Python wheel into bench/.venv, the Node
## addon (`npm run build:release`: napi writes the .node and its generated loader) staged with its
## JS facade in bench/node/.binding. One that does not build gets a "not measured" row instead.
## BENCH_PYTHON_BINDING=0 leaves the Python binding out (its rows say so; the Python baselines
## still run), e.g. to save the release build of the wheel.
BENCH_PYTHON_BINDING ?= 1
bench-bindings: bench-venv
	@rm -rf bench/.wheels
	@test "$(BENCH_PYTHON_BINDING)" != 0 || { $(BENCH_VENV)/bin/python -m pip uninstall -q -y forumpay 2>/dev/null; \
		echo "bench: the Python binding is left out (BENCH_PYTHON_BINDING=0)"; }
	@test "$(BENCH_PYTHON_BINDING)" = 0 || { $(BENCH_VENV)/bin/python -m pip install -q --disable-pip-version-check maturin==1.16.0 \
		&& VIRTUAL_ENV=$(abspath $(BENCH_VENV)) $(BENCH_VENV)/bin/maturin build --locked --release \
			-m bindings-python/Cargo.toml -i $(BENCH_VENV)/bin/python -o bench/.wheels \
		&& $(BENCH_VENV)/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps bench/.wheels/forumpay-*.whl \
		|| { $(BENCH_VENV)/bin/python -m pip uninstall -q -y forumpay 2>/dev/null; \
			echo "bench: the Python binding did not build; its rows will say why"; }; }
	@(cd bindings-node && $(NPM) ci --no-audit --no-fund --silent && $(NPM) run --silent build:release) \
		&& rm -rf bench/node/.binding && mkdir -p bench/node/.binding \
		&& cp -r bindings-node/package.json bindings-node/*.js bindings-node/*.mjs bindings-node/generated bindings-node/forumpay.*.node \
			bench/node/.binding/ \
		|| { rm -rf bench/node/.binding; echo "bench: the Node binding did not build; its row will say why"; }

## Checks that the benchmark runs at a tiny size (seconds): for `make test`.
bench-smoke:
	$(CARGO) test --locked -p forumpay-bench

## The fast checks of the release packaging (seconds, after test-python and test-node): the test
## wheel's platform tag and glibc floor, the npm packages staged from the debug addon exactly as
## `make dist` stages them (contents, loader, optionalDependencies), the lock file's integrity
## hashes, the LICENSE copies, the manifests' metadata, the README quickstarts dist-check runs.
test-release: test-python test-node
	$(PY_VENV)/bin/python -m pytest -q -p no:cacheprovider release/tests
	node --test release/tests/

## Release artifacts into dist/ (release/dist.sh; sizes, tags and times in dist/REPORT.md):
## sdist and abi3 wheels (manylinux2014 x86_64 and aarch64, musllinux_1_2 x86_64), the npm main
## and platform packages, the jar with linux-x86-64 and linux-aarch64 natives + POM, sources and
## javadoc jars. Minutes: every library is built with fat LTO.
dist:
	sh release/dist.sh

## Installs the artifacts of `make dist` as users would and runs each README quickstart: Debian 11
## x86_64 and Debian 12 arm64 (qemu) roots without CA certificates, npm tarballs in an empty
## folder, the sdist, a new Maven project (release/check.sh; result in dist/CHECK.md). Needs root.
dist-check:
	sh release/check.sh

## `cargo check` of the uniffi crate for the three Android targets (zig as the C compiler when
## no ANDROID_NDK_HOME). Not part of `test`: ~3-5 min cold (see bindings-kotlin/README.md).
check-android:
	sh release/check-android.sh

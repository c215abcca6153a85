# Shared by the release scripts (sourced, not run): where things are, the pinned release tools,
# and a timer. Everything downloaded goes to release/.venv (git-ignored); artifacts to dist/.

set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dist="$root/dist"
target_dir=${CARGO_TARGET_DIR:-$root/target}
venv="$root/release/.venv"
cargo=${CARGO:-cargo}

# The release tool chain, pinned: maturin builds the wheels, zig (the `ziglang` PyPI package) is
# the C compiler and linker that targets glibc 2.17 and musl from this machine, cargo-zigbuild
# lets the napi CLI and cargo use it, auditwheel reports each wheel's platform tag.
RELEASE_TOOLS="maturin==1.16.0 ziglang==0.17.1 cargo-zigbuild==0.24.1 auditwheel==6.8.2"

# The Rust targets every release builds here (the Android ones are in check-android.sh).
RUST_TARGETS="x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl"

# Makes release/.venv with the tools (once), puts it first on PATH, adds the Rust targets.
release_tools() {
    if ! "$venv/bin/python" -c 'import ziglang' 2>/dev/null; then
        python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install -q --disable-pip-version-check $RELEASE_TOOLS
    PATH="$venv/bin:$PATH"
    export PATH
    # maturin and cargo-zigbuild look for `zig` on PATH, else `python3 -m ziglang`.
    if [ ! -x "$venv/bin/zig" ]; then
        printf '#!/bin/sh\nexec "%s" -m ziglang "$@"\n' "$venv/bin/python" > "$venv/bin/zig"
        chmod +x "$venv/bin/zig"
    fi
    rustup target add $RUST_TARGETS >/dev/null 2>&1 || rustup target add $RUST_TARGETS
}

# host_install FILE PACKAGE...: installs Debian packages on this machine when FILE (a command
# on PATH, or a path) is missing; `apt-get update` once.
apt_updated=false
host_install() {
    command -v "$1" >/dev/null 2>&1 || [ -e "$1" ] && return 0
    shift
    $apt_updated || { apt-get update -qq; apt_updated=true; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Runs a command and appends "<label> <seconds>" to dist/build-times.txt.
timed() {
    label=$1; shift
    start=$(date +%s)
    "$@"
    echo "$label $(( $(date +%s) - start ))" >> "$dist/build-times.txt"
}

# Size of a file in bytes.
size_of() { stat -c %s "$1"; }

#!/bin/sh
# `make dist-check`: installs the artifacts of `make dist` as users would and runs each README
# quickstart (offline, against the in-process Sandbox):
#   1. the x86_64 manylinux2014 wheel in a Debian 11 root (glibc 2.31, its own Python 3.9);
#   2. the aarch64 wheel and the linux-arm64-gnu npm package in a Debian 12 arm64 root run by
#      qemu-user-static (its own python3, nodejs and npm);
#      both roots without ca-certificates (removed if a package pulled it in);
#   3. the npm tarballs in an empty folder on this machine, the loader resolving the platform
#      package;
#   4. the sdist built by pip in a fresh venv on this machine (Rust compiles it);
#   5. the jar as the only dependency of a new, empty Maven project.
# Writes dist/CHECK.md (what ran, versions, pass/fail). Needs root; roots live in .scratch/roots.
# Usage: release/check.sh [step ...]   (steps: debian11 debian12-arm64 node-host sdist maven)
. "$(dirname "$0")/lib.sh"
. "$root/release/roots.sh"

steps=${*:-debian11 debian12-arm64 node-host sdist maven}
work="$root/.scratch/dist-check"
report="$dist/CHECK.md"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)
rm -rf "$work" && mkdir -p "$work"

# The quickstart blocks of each README, as files.
python3 "$root/release/quickstarts.py" "$root/bindings-python/README.md" python "$work/python" py >/dev/null
python3 "$root/release/quickstarts.py" "$root/bindings-node/README.md" js "$work/node" mjs >/dev/null
python3 "$root/release/quickstarts.py" "$root/bindings-kotlin/README.md" kotlin "$work/kotlin" kt >/dev/null

one() { ls $1 2>/dev/null | head -1; }
# need FILE...: each artifact a step installs exists (else: make dist has not made it).
need() { for f in "$@"; do [ -f "$f" ] || { echo "dist-check: no ${f:-artifact}: run make dist first"; return 1; }; done; }
WHEEL_X86=$(one "$dist/python/forumpay-*manylinux*x86_64.whl")
WHEEL_ARM=$(one "$dist/python/forumpay-*manylinux*aarch64.whl")
SDIST=$(one "$dist/python/forumpay-*.tar.gz")
NODE_MAIN="$dist/node/forumpay-$version.tgz"

# copy_into ROOT FILE...: puts files into /opt/check inside a root.
copy_into() {
    name=$1; shift
    rm -rf "$roots/$name/opt/check" && mkdir -p "$roots/$name/opt/check"
    cp -r "$@" "$roots/$name/opt/check/"
}

# Python in a root: a venv of the root's own python3, pip installs the wheel with no index,
# then each quickstart runs.
PY_IN_ROOT='python3 --version && ldd --version | head -1 && cd /opt/check && python3 -m venv venv &&
    venv/bin/pip install -q --no-index --disable-pip-version-check ./*.whl &&
    venv/bin/pip list --disable-pip-version-check 2>/dev/null | grep forumpay &&
    for q in python/quickstart*.py; do echo "== $q"; venv/bin/python "$q" || exit 1; done'

# Node in a root or a folder: npm installs the main and platform tarballs into an empty project
# (--offline: the other platforms'"'"' packages are not published; a user'"'"'s install fetches
# only the one that matches), then each quickstart runs and the loader is shown to have taken
# the binary from the platform package.
NODE_INSTALL='node --version && npm --version && mkdir app && cd app && npm init -y >/dev/null &&
    npm install --offline --no-audit --no-fund ../forumpay-*.tgz &&
    for q in ../node/quickstart*.mjs; do cp "$q" .; echo "== $q"; node "$(basename "$q")" || exit 1; done &&
    node -e "const p = require.resolve(\"forumpay/package.json\"); console.log(\"forumpay from\", p);
      const platform = Object.keys(require(\"forumpay/package.json\").optionalDependencies)
        .find((n) => { try { require.resolve(n); return true } catch { return false } });
      if (!platform) throw new Error(\"no platform package resolved\");
      console.log(\"platform package:\", platform, require.resolve(platform))"'

check_debian11() {
    need "$WHEEL_X86"
    make_root debian11-amd64 bullseye amd64
    root_packages debian11-amd64 python3 python3-venv
    no_ca_bundle debian11-amd64
    copy_into debian11-amd64 "$WHEEL_X86" "$work/python"
    in_root debian11-amd64 "$PY_IN_ROOT"
}

check_debian12_arm64() {
    need "$WHEEL_ARM" "$NODE_MAIN" "$dist/node/forumpay-linux-arm64-gnu-$version.tgz"
    binfmt_aarch64
    make_root debian12-arm64 bookworm arm64
    root_packages debian12-arm64 python3 python3-venv nodejs npm
    no_ca_bundle debian12-arm64
    copy_into debian12-arm64 "$WHEEL_ARM" "$work/python" "$work/node" "$NODE_MAIN" \
        "$dist/node/forumpay-linux-arm64-gnu-$version.tgz"
    in_root debian12-arm64 "uname -m && $PY_IN_ROOT" && in_root debian12-arm64 "cd /opt/check && $NODE_INSTALL"
}

check_node_host() {
    need "$NODE_MAIN" "$dist/node/forumpay-linux-x64-gnu-$version.tgz"
    dir="$work/node-host"
    mkdir -p "$dir" && cp "$NODE_MAIN" "$dist/node/forumpay-linux-x64-gnu-$version.tgz" "$dir/"
    cp -r "$work/node" "$dir/node"
    (cd "$dir" && sh -c "$NODE_INSTALL")
}

check_sdist() {
    need "$SDIST"
    python3 -m venv "$work/sdist-venv"
    # pip builds the sdist with maturin (release profile) in an isolated build environment.
    "$work/sdist-venv/bin/pip" install -q --disable-pip-version-check "$SDIST"
    for q in "$work"/python/quickstart*.py; do echo "== $q"; "$work/sdist-venv/bin/python" "$q"; done
}

check_maven() {
    need "$dist/maven/com/forumpay/forumpay/$version/forumpay-$version.jar"
    sh "$root/release/check-maven.sh" "$dist/maven" "$work/kotlin/quickstart1.kt" "$work/maven-project" "$version"
}

status=0
{
    echo "# make dist-check ($(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$root" rev-parse --short HEAD))"
    echo
} > "$report"
for step in $steps; do
    log="$work/$step.log"
    start=$(date +%s)
    # A subshell of its own with -e (which an `if` condition would switch off): a step stops
    # at its first failing command.
    set +e
    ( set -e; "check_$(echo "$step" | tr '-' '_')" ) > "$log" 2>&1
    rc=$?
    set -e
    if [ $rc -eq 0 ]; then result=passed; else result=FAILED; status=1; fi
    line="- $step: $result in $(( $(date +%s) - start )) s (log: .scratch/dist-check/$step.log)"
    echo "$line" | tee -a "$report"
    [ $result = passed ] || tail -30 "$log"
done
{
    echo
    echo "## Logs"
    for step in $steps; do
        echo
        echo "### $step"
        echo
        echo '```'
        grep -v '^\s*$' "$work/$step.log" | tail -40
        echo '```'
    done
} >> "$report"
exit $status

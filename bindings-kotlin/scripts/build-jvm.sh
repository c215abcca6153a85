#!/bin/sh
# Builds what the Maven project compiles and packs (all under bindings-kotlin/build/, never
# committed): the native library for linux-x86-64, the Kotlin generated from it, and the Swift
# generated from it (checked by the tests; this machine has no Swift compiler).
# Usage: bindings-kotlin/scripts/build-jvm.sh   (from anywhere; CARGO and CARGO_TARGET_DIR honoured)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
cargo=${CARGO:-cargo}
target=${CARGO_TARGET_DIR:-$root/target}
build="$here/build"

cd "$root"
# Two separate invocations on purpose: built together, Cargo would unify uniffi's features and
# give the library the bindgen's `cli` feature (and rebuild both each time).
"$cargo" build --locked -q -p forumpay-uniffi
"$cargo" build --locked -q -p uniffi-bindgen
lib="$target/debug/libforumpay_uniffi.so"
bindgen="$target/debug/uniffi-bindgen"

rm -rf "$build/kotlin" "$build/swift" "$build/native"
mkdir -p "$build/native/linux-x86-64"
cp "$lib" "$build/native/linux-x86-64/"
"$bindgen" generate "$lib" --language kotlin --no-format --out-dir "$build/kotlin" >/dev/null
"$bindgen" generate "$lib" --language swift --no-format --out-dir "$build/swift" >/dev/null
echo "kotlin: generated $(find "$build/kotlin" -name '*.kt' | wc -l) file(s); swift: $(ls "$build/swift" | tr '\n' ' ')"

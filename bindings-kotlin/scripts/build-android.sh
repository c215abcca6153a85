#!/bin/sh
# Builds libforumpay_uniffi.so for Android (arm64-v8a, armeabi-v7a, x86_64) into
# bindings-kotlin/android/jniLibs/<abi>/ and the Kotlin sources an app module compiles
# (generated + hand-written) into bindings-kotlin/android/kotlin/. Both are never committed.
#
# Needs an Android NDK (r26 or later): set ANDROID_NDK_HOME. Uses cargo-ndk when installed
# (`cargo install cargo-ndk`), else the NDK's clang directly. ANDROID_API (default 24) is the
# minimum API level. Nothing is downloaded but the Rust standard libraries of the three targets.
# Usage: bindings-kotlin/scripts/build-android.sh [--kotlin-only]
#   --kotlin-only: only the Kotlin sources (needs no NDK).
set -eu
kotlin_only=false; [ "${1:-}" = --kotlin-only ] && kotlin_only=true
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
api=${ANDROID_API:-24}
out="$here/android/jniLibs"
cd "$root"

native() {
    : "${ANDROID_NDK_HOME:?set ANDROID_NDK_HOME to an Android NDK (r26+), or pass --kotlin-only}"
    [ -d "$ANDROID_NDK_HOME" ] || { echo "ANDROID_NDK_HOME=$ANDROID_NDK_HOME is not a directory" >&2; exit 1; }

    abis="arm64-v8a:aarch64-linux-android armeabi-v7a:armv7-linux-androideabi x86_64:x86_64-linux-android"
    rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android

    if command -v cargo-ndk >/dev/null 2>&1; then
        cargo ndk --platform "$api" -t arm64-v8a -t armeabi-v7a -t x86_64 -o "$out" build --locked --release -p forumpay-uniffi
    else
        host=$(uname -s | tr '[:upper:]' '[:lower:]')-x86_64
        bin="$ANDROID_NDK_HOME/toolchains/llvm/prebuilt/$host/bin"
        [ -d "$bin" ] || { echo "no NDK toolchain at $bin" >&2; exit 1; }
        for pair in $abis; do
            abi=${pair%%:*}; triple=${pair#*:}
            clang_triple=$triple; [ "$triple" = armv7-linux-androideabi ] && clang_triple=armv7a-linux-androideabi
            cc="$bin/$clang_triple$api-clang"
            env_triple=$(echo "$triple" | tr '[:lower:]-' '[:upper:]_')
            # The linker for rustc, and the C compiler for build scripts (ring compiles C).
            env "CARGO_TARGET_${env_triple}_LINKER=$cc" "CC_$(echo "$triple" | tr '-' '_')=$cc" \
                "AR_$(echo "$triple" | tr '-' '_')=$bin/llvm-ar" \
                cargo build --locked --release -p forumpay-uniffi --target "$triple"
            mkdir -p "$out/$abi"
            cp "$target/$triple/release/libforumpay_uniffi.so" "$out/$abi/"
        done
    fi
    echo "jniLibs: $(cd "$out" && ls -d */ | tr '\n' ' ')"
}
$kotlin_only || native

# The Kotlin an Android module compiles: generated from a host build, plus the hand-written layer.
cargo build --locked -q -p forumpay-uniffi
cargo build --locked -q -p uniffi-bindgen
rm -rf "$here/android/kotlin" && mkdir -p "$here/android/kotlin"
"$target/debug/uniffi-bindgen" generate "$target/debug/libforumpay_uniffi.so" --language kotlin --no-format --out-dir "$here/android/kotlin"
cp -r "$here/jvm/src/main/kotlin/." "$here/android/kotlin/"
echo "Kotlin sources: $here/android/kotlin"

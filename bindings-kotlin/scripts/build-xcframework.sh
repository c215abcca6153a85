#!/bin/sh
# Builds swift/ForumPayFFI.xcframework (static libraries for iOS devices, the iOS simulator and
# macOS) and copies the generated Swift into swift/Sources/ForumPay, so that swift/Package.swift
# builds. Needs macOS with Xcode and rustup. NOT run on the Linux build machine (no Xcode, no
# Swift compiler there); `make test-kotlin` only checks that Swift generation succeeds.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
out="$here/swift"
cd "$root"

[ "$(uname)" = Darwin ] || { echo "build-xcframework.sh needs macOS with Xcode" >&2; exit 1; }
triples="aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin"
rustup target add $triples
for t in $triples; do
    # A static library for Apple platforms without adding `staticlib` to every build.
    cargo rustc --locked --release -p forumpay-uniffi --lib --crate-type staticlib --target "$t"
done
lib() { echo "$target/$1/release/libforumpay_uniffi.a"; }

work="$here/build/apple"
rm -rf "$work" && mkdir -p "$work/sim" "$work/macos" "$work/headers"
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$work/sim/libforumpay_uniffi.a"
lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$work/macos/libforumpay_uniffi.a"

# Generate from a host build of the library (library mode reads the exported metadata).
cargo build --locked -q -p forumpay-uniffi
cargo build --locked -q -p uniffi-bindgen
"$target/debug/uniffi-bindgen" generate "$target/debug/libforumpay_uniffi.dylib" --language swift --out-dir "$work/swift"
cp "$work/swift/ForumPayFFI.h" "$work/headers/"
cp "$work/swift/ForumPayFFI.modulemap" "$work/headers/module.modulemap"
cp "$work/swift/ForumPay.swift" "$out/Sources/ForumPay/ForumPay.swift"

rm -rf "$out/ForumPayFFI.xcframework"
xcodebuild -create-xcframework \
    -library "$(lib aarch64-apple-ios)" -headers "$work/headers" \
    -library "$work/sim/libforumpay_uniffi.a" -headers "$work/headers" \
    -library "$work/macos/libforumpay_uniffi.a" -headers "$work/headers" \
    -output "$out/ForumPayFFI.xcframework"
echo "built $out/ForumPayFFI.xcframework; now: cd $out && swift build"

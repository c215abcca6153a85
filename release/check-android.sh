#!/bin/sh
# `make check-android`: `cargo check` of the uniffi crate (the library an Android app loads) for
# aarch64-linux-android, armv7-linux-androideabi and x86_64-linux-android.
#
# No Android NDK is needed for a check: nothing is linked. The one C dependency, ring, still
# compiles its C and assembly in its build script, so a C compiler for each target is needed:
# with ANDROID_NDK_HOME set, the NDK's clang; otherwise zig (the `ziglang` PyPI package, in
# release/.venv), which knows the Android targets and supplies the compiler's own freestanding
# headers but no Android libc (bionic) headers: ring is then built with RING_CORE_NOSTDLIBINC,
# its own switch for building without a target sysroot (it uses compiler builtins instead of
# <assert.h> and <string.h>). The objects zig makes are never linked: a real Android build
# uses the NDK (bindings-kotlin/scripts/build-android.sh).
. "$(dirname "$0")/lib.sh"
release_tools

ANDROID_TARGETS="aarch64-linux-android armv7-linux-androideabi x86_64-linux-android"
API=${ANDROID_API:-24}
rustup target add $ANDROID_TARGETS >/dev/null 2>&1 || rustup target add $ANDROID_TARGETS
wrappers="$target_dir/android-cc"
mkdir -p "$wrappers"
cd "$root"

for t in $ANDROID_TARGETS; do
    clang_triple=$t
    [ "$t" = armv7-linux-androideabi ] && clang_triple=armv7a-linux-androideabi
    cflags=
    if [ -n "${ANDROID_NDK_HOME:-}" ]; then
        bin="$ANDROID_NDK_HOME/toolchains/llvm/prebuilt/$(uname -s | tr '[:upper:]' '[:lower:]')-x86_64/bin"
        cc="$bin/$clang_triple$API-clang"
        ar="$bin/llvm-ar"
    else
        case $t in
            armv7-linux-androideabi) zig_triple=arm-linux-androideabi ;;
            # ring's x86_64 code includes <immintrin.h>, whose mm_malloc.h needs <stdlib.h>:
            # zig has it only for its own libcs, so these objects are compiled for musl (same
            # instruction set and calling convention; never linked).
            x86_64-linux-android) zig_triple=x86_64-linux-musl ;;
            *) zig_triple=$t ;;
        esac
        cc="$wrappers/$t-cc"
        ar="$wrappers/$t-ar"
        printf '#!/bin/sh\nexec "%s" -m ziglang cc -target %s "$@"\n' "$venv/bin/python" "$zig_triple" > "$cc"
        printf '#!/bin/sh\nexec "%s" -m ziglang ar "$@"\n' "$venv/bin/python" > "$ar"
        chmod +x "$cc" "$ar"
        cflags="-DRING_CORE_NOSTDLIBINC=1"
    fi
    var=$(echo "$t" | tr '-' '_')
    echo "== cargo check --target $t (C compiler: $cc)"
    env "CC_$var=$cc" "AR_$var=$ar" "CFLAGS_$var=$cflags" "$cargo" check --locked -q -p forumpay-uniffi --target "$t"
done
echo "check-android: forumpay-uniffi checks cleanly for $ANDROID_TARGETS"

#!/bin/sh
# The Python artifacts in dist/python/: the sdist and three abi3 wheels (CPython 3.9+) built with
# the `dist` profile by maturin, zig being the C compiler and linker: manylinux2014 (glibc 2.17)
# x86_64 and aarch64, musllinux_1_2 x86_64. Then `auditwheel show` of each, into
# dist/python/auditwheel.txt.
. "$(dirname "$0")/lib.sh"
release_tools

out="$dist/python"
rm -rf "$out"
mkdir -p "$out"
manifest="$root/bindings-python/Cargo.toml"

timed "python sdist" maturin sdist -m "$manifest" -o "$out"
for spec in x86_64-unknown-linux-gnu:manylinux2014 aarch64-unknown-linux-gnu:manylinux2014 \
            x86_64-unknown-linux-musl:musllinux_1_2; do
    t=${spec%%:*}; compat=${spec#*:}
    # VIRTUAL_ENV unset: maturin would otherwise pick that environment's interpreter. abi3 wheels
    # need no interpreter of the target.
    timed "python $t" env -u VIRTUAL_ENV maturin build --locked --profile dist --zig \
        --compatibility "$compat" --target "$t" -m "$manifest" -o "$out"
done

# auditwheel resolves a musllinux wheel's libc among musl's libraries (Debian's `musl` package
# has them); without them it finds glibc's linker script named libc.so and fails.
host_install /usr/lib/x86_64-linux-musl/libc.so musl
for whl in "$out"/*.whl; do
    echo "== $(basename "$whl") ($(size_of "$whl") bytes)"
    case $whl in
        *musllinux*) auditwheel show --ldpaths /usr/lib/x86_64-linux-musl "$whl" ;;
        *) auditwheel show "$whl" ;;
    esac || echo "(auditwheel show failed)"
done > "$out/auditwheel.txt" 2>&1
cat "$out/auditwheel.txt"

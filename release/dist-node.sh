#!/bin/sh
# The npm packages: the addon for linux-x64-gnu and linux-arm64-gnu (glibc 2.17) and
# linux-x64-musl, built with the `dist` profile by the napi CLI through cargo-zigbuild; the
# loader napi generates; the staged packages (release/stage-node.js) packed into dist/node/.
# darwin and win32 are declared in package.json `napi.targets` and built by the release workflow.
. "$(dirname "$0")/lib.sh"
release_tools

NODE_TARGETS="x86_64-unknown-linux-gnu.2.17 aarch64-unknown-linux-gnu.2.17 x86_64-unknown-linux-musl"
work="$target_dir/dist-node"
out="$dist/node"
rm -rf "$work" "$out"
mkdir -p "$work/artifacts" "$out"

cd "$root/bindings-node"
npm ci --no-audit --no-fund
for t in $NODE_TARGETS; do
    # -x: cargo-zigbuild, with zig as C compiler and linker (`.2.17`: the glibc symbols to link).
    timed "node $t" npx napi build --platform --profile dist -x --target "$t" \
        --js native.js --dts native.d.ts -o "$work/artifacts" -- --locked
done

node "$root/release/stage-node.js" "$work/artifacts" "$work/stage" > "$work/packages.txt"
while read -r dir; do
    (cd "$dir" && npm pack --silent --pack-destination "$out" >/dev/null)
done < "$work/packages.txt"
ls -l "$out"

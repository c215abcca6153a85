#!/bin/sh
# The Maven artifacts in dist/jvm/: one jar holding libforumpay_uniffi.so for linux-x86-64 and
# linux-aarch64 (glibc 2.17, `dist` profile, cargo-zigbuild) where JNA looks for them, its POM,
# the sources jar and the javadoc jar; and the same laid out as a Maven repository in
# dist/maven/ (what `make dist-check` resolves from, and what a Central bundle holds, unsigned).
. "$(dirname "$0")/lib.sh"
release_tools

work="$target_dir/dist-jvm"
out="$dist/jvm"
rm -rf "$work" "$out" "$dist/maven"
mkdir -p "$work/native" "$out"
cd "$root"

# JNA's resource prefix for each Rust target.
for spec in x86_64-unknown-linux-gnu:linux-x86-64 aarch64-unknown-linux-gnu:linux-aarch64; do
    t=${spec%%:*}; prefix=${spec#*:}
    timed "jvm $t" "$cargo" zigbuild --locked --profile dist -p forumpay-uniffi --target "$t.2.17"
    mkdir -p "$work/native/$prefix"
    cp "$target_dir/$t/dist/libforumpay_uniffi.so" "$work/native/$prefix/"
done

# The Kotlin sources, generated from a host build (the API does not depend on the target).
CARGO="$cargo" bindings-kotlin/scripts/build-jvm.sh

cd bindings-kotlin/jvm
timed "jvm maven" mvn -q -B -Dstyle.color=never -Pdist -DskipTests "-Dnative.dir=$work/native" package
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
for suffix in .jar -sources.jar -javadoc.jar; do
    cp "target/forumpay-$version$suffix" "$out/"
done
cp pom.xml "$out/forumpay-$version.pom"
mvn -q -B -Dstyle.color=never deploy:deploy-file -Dfile="$out/forumpay-$version.jar" \
    -DpomFile="$out/forumpay-$version.pom" -Dsources="$out/forumpay-$version-sources.jar" \
    -Djavadoc="$out/forumpay-$version-javadoc.jar" -Durl="file://$dist/maven" -DrepositoryId=dist
ls -l "$out"

#!/bin/sh
# `make dist`: every release artifact into dist/ (python/, node/, jvm/, maven/), then
# dist/REPORT.md: each artifact's size, the native libraries inside with their machine, glibc
# floor and debug info, `auditwheel show` of each wheel, and the build times. Fails when a
# library carries debug info, the x86_64 wheel exceeds 3 MB or a Node platform package 4 MB.
# Usage: release/dist.sh [python] [node] [jvm]   (default: all three)
. "$(dirname "$0")/lib.sh"

parts=${*:-python node jvm}
mkdir -p "$dist"
# A partial run (e.g. `release/dist.sh node`) keeps the times of the other parts.
[ $# -gt 0 ] || rm -f "$dist/build-times.txt"
for part in $parts; do
    sh "$root/release/dist-$part.sh"
done

release_tools
report="$dist/REPORT.md"
status=0
{
    echo "# Release artifacts ($(date -u +%Y-%m-%d), $(git -C "$root" rev-parse --short HEAD))"
    echo
    echo "## Sizes and native libraries"
    echo
    python3 "$root/release/inspect_artifacts.py" --forbid-debug-info \
        --max-bytes '*manylinux*x86_64.whl=3000000' --max-bytes 'forumpay-linux-*.tgz=4000000' \
        --max-bytes 'forumpay-darwin-*.tgz=4000000' --max-bytes 'forumpay-win32-*.tgz=4000000' \
        $(ls "$dist"/python/*.whl "$dist"/python/*.tar.gz "$dist"/node/*.tgz "$dist"/jvm/*.jar 2>/dev/null) \
        || status=$?
    echo
    if [ -f "$dist/python/auditwheel.txt" ]; then
        echo "## auditwheel show"
        echo
        echo '```'
        cat "$dist/python/auditwheel.txt"
        echo '```'
        echo
    fi
    echo "## Build times (seconds, wall clock, on this machine at the time)"
    echo
    echo '```'
    cat "$dist/build-times.txt"
    echo '```'
} > "$report"
cat "$report"
exit $status

#!/bin/sh
# Runs the Maven build and JUnit suite of bindings-kotlin/jvm (after scripts/build-jvm.sh), then
# prints how many tests ran. Maven fetches Kotlin, coroutines, JNA and JUnit itself.
set -eu
cd "$(dirname "$0")/../jvm"
rm -rf target/surefire-reports
mkdir -p target
status=0
mvn -q -B -Dstyle.color=never test > target/mvn.log 2>&1 || status=$?
# Maven 3.8's console library prints bare colour resets even in batch mode: strip them.
sed 's/\x1b\[[0-9;]*m//g' target/mvn.log
[ "$status" -eq 0 ] || exit "$status"
cat target/surefire-reports/TEST-*.xml | grep -o '<testsuite [^>]*' \
  | sed -E 's/.* tests="([0-9]+)".* failures="([0-9]+)".*/\1 \2/' \
  | awk '{t += $1; f += $2} END {printf "kotlin: %d JUnit tests run, %d failed\n", t, f}'

#!/usr/bin/env bash
# Runs the JSR-107 TCK 1.1.1 against this provider outside Maven's test run: JUnit 4's JUnitCore over
# every concrete test class of the TCK's tests jar, with the system properties of tck.properties and
# the TCK's standard ExcludeList (only org.jsr107.tck.CachingTest#dummyTest). The annotation tests
# need a DI integration (optional in JSR-107); pass --with-annotations to run them too.
# Usage (from the repository root, after ./mvnw -pl smartcache-jcache -am package -DskipTests):
#   smartcache-jcache/run-tck.sh [--with-annotations]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$here/target/tck-junitcore"
mkdir -p "$work"
(cd "$root" && ./mvnw -q -o -pl smartcache-jcache -am dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt" >/dev/null)
tests_jar="$(tr ':' '\n' < "$work/classpath.txt" | grep 'cache-tests-.*-tests\.jar$')"
smartcache_classes="$root/smartcache/target/classes"
# This checkout's SmartCache classes, not whatever snapshot a local repository may hold.
deps="$(tr ':' '\n' < "$work/classpath.txt" | grep -v '/com/mallquest/' | paste -sd: -)"
cp="$here/target/classes:$smartcache_classes:$work:$deps"
echo "org.jsr107.tck.CachingTest#dummyTest" > "$work/ExcludeList"
classes=$(unzip -Z1 "$tests_jar" | grep -E 'Test\.class$' | grep -v '\$' | grep -v '/Abstract' \
  | sed -e 's/\.class$//' -e 's#/#.#g')
if [[ "${1:-}" != "--with-annotations" ]]; then
  classes=$(echo "$classes" | grep -v '^org\.jsr107\.tck\.annotation\.')
fi
props=()
while IFS='=' read -r key value; do
  [[ -z "$key" || "$key" == \#* ]] && continue
  props+=("-D$key=$value")
done < "$here/tck.properties"
exec java "${props[@]}" -cp "$cp" org.junit.runner.JUnitCore $classes

#!/usr/bin/env bash
# What a CLI run pays before its code is compiled: first backups of one tree, one after another in one JVM
# (WarmBackups.java, each into a new repository), against the same backup through `java -jar` before them.
#   bash command-side/engine/bench/warm.sh [TREE] [RUNS]   # defaults: the Linux 6.1 tree, 4 backups
# The JVM gets the options the CLI gives its child JVM (ChildJvm.command: heap, young generation, inlining, early
# AES-GCM), not the ahead-of-time cache, which is bound to the CLI's own class path. Inputs are pre-read
# (warm page cache), as bench.sh's CACHE=warm does.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
JAR="${JAR:-$ROOT/command-side/engine/target/strata-engine.jar}"
TREE="${1:-/var/tmp/strata-bench/linux-source-6.1}"
RUNS="${2:-4}"
export STRATA_PASSWORD=bench-password
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -pl command-side/engine -am package -DskipTests)
WORK=$(mktemp -d /var/tmp/strata-warm.XXXX)
trap 'rm -rf "$WORK"' EXIT
find "$TREE" -type f -print0 | xargs -0 -r cat > /dev/null

"$JAVA" -jar "$JAR" init --repo "$WORK/cli" > /dev/null
start=$EPOCHREALTIME
"$JAVA" -jar "$JAR" backup --repo "$WORK/cli" "$TREE" > /dev/null
echo "java -jar (the CLI as users run it): $(echo "$EPOCHREALTIME - $start" | bc) s"
sync

child_options=$("$JAVA" -cp "$JAR" "$HERE/WarmBackups.java" --child-jvm-options)
mapfile -t options <<< "$child_options"
echo "one JVM, $RUNS backups:"
"$JAVA" "${options[@]}" -cp "$JAR" "$HERE/WarmBackups.java" "$WORK/warm" "$TREE" "$RUNS"

#!/usr/bin/env bash
# Builds the engine with its JMH benchmarks (Maven profile jmh) and runs them.
#   bash command-side/engine/bench/jmh.sh            # all benchmarks
#   bash command-side/engine/bench/jmh.sh Chunker    # a regex of benchmark names
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"
./mvnw -B -q -Pjmh -pl command-side/engine -am install -DskipTests
./mvnw -B -q -Pjmh -pl command-side/engine dependency:build-classpath -Dmdep.outputFile=target/jmh.classpath
CP="command-side/engine/target/classes:$(cat command-side/engine/target/jmh.classpath)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" org.openjdk.jmh.Main "${1:-io.strata.engine.bench}" -rf text -rff command-side/engine/target/jmh-result.txt

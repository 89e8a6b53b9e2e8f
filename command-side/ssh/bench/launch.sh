#!/bin/sh
# Builds the SSH module's test classpath and runs one bench source file on it: the shared part of
# run.sh and backup.sh. Usage: command-side/ssh/bench/launch.sh BENCH.java [ARGS...]
set -eu
cd "$(dirname "$0")/../../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q -pl command-side/ssh -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
M=command-side/ssh
CP="$M/target/classes:$M/target/test-classes:$(cat $M/target/test.classpath)"
BENCH="$1"
shift
exec "$JAVA_HOME/bin/java" -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$CP" "$M/bench/$BENCH" "$@"

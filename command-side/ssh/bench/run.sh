#!/bin/sh
# Walk-and-read benchmark of SftpSource against LocalSource: see README.md.
# Usage: command-side/ssh/bench/run.sh [TREE] [WORKERS]
set -eu
cd "$(dirname "$0")/../../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q -pl command-side/ssh -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
M=command-side/ssh
CP="$M/target/classes:$M/target/test-classes:$(cat $M/target/test.classpath)"
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$CP" "$M/bench/SftpReadBench.java" "$@"

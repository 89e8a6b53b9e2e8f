#!/bin/sh
# Full engine backups from SftpSource (tar streams) and LocalSource: see README.md.
# Usage: command-side/ssh/bench/backup.sh [TREE] [per-file]
set -eu
cd "$(dirname "$0")/../../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q -pl command-side/ssh -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
M=command-side/ssh
CP="$M/target/classes:$M/target/test-classes:$(cat $M/target/test.classpath)"
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$CP" "$M/bench/SftpBackupBench.java" "$@"

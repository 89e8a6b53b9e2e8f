#!/bin/sh
# Full backup of a tree by the engine to local disk vs to S3Proxy on loopback: see README.md.
# Usage: command-side/storage-s3/bench/run.sh [TREE] [ROUNDS]
set -eu
cd "$(dirname "$0")/../../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
TREE="${1:-/var/tmp/strata-bench/linux-source-6.1}"
ROUNDS="${2:-2}"
[ -d "$TREE" ] || { echo "no tree at $TREE: tar -xf /usr/src/linux-source-6.1.tar.xz -C /var/tmp/strata-bench" >&2; exit 2; }
./mvnw -B -q -pl command-side/storage-s3 -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
M=command-side/storage-s3
WORK=$(mktemp -d /var/tmp/strata-s3-bench.XXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/blobs"
cat > "$WORK/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret-0123456789
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/blobs
CONF
# S3Proxy's logback logs every request at DEBUG without a configuration of its own
printf '<configuration><appender name="o" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%%msg%%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="o"/></root></configuration>\n' > "$WORK/logback.xml"
"$JAVA_HOME/bin/java" -Xmx512m -Dlogback.configurationFile="$WORK/logback.xml" -cp "$(cat $M/target/s3proxy.classpath)" org.gaul.s3proxy.Main \
    --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
S3PROXY=$!
trap 'kill $S3PROXY 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 300 ] || { cat "$WORK/s3proxy.log" >&2; exit 1; }; sleep 0.2
done
find "$TREE" -type f -print0 | xargs -0 cat > /dev/null   # both runs read from the page cache
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
CP="$M/target/classes:$M/target/test-classes:$(cat $M/target/test.classpath)"
"$JAVA_HOME/bin/java" -Xmx2g -cp "$CP" "$M/bench/S3BackupBench.java" "$TREE" "$WORK" "http://127.0.0.1:$PORT" \
    bench bench-secret-0123456789 "$ROUNDS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

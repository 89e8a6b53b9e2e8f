#!/usr/bin/env bash
# Trains the CLI's ahead-of-time cache (see ChildJvm): one backup of a generated tree through the jar with
# STRATA_AOT_CACHE=train writes strata-engine-<Java runtime version>.aot beside the jar, and a start with
# STRATA_AOT_CACHE=require then checks that the JVM takes it. The build runs it once the jar is made:
#   bash command-side/engine/aot/train.sh JAVA JAR
# A runtime older than 25 cannot write a cache from a run: the build then goes on without one.
set -euo pipefail
java="$1"
jar="$2"
here="$(cd "$(dirname "$0")" && pwd)"

feature=$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/^ *java.specification.version/ {print $2}')
if [ "${feature:-0}" -lt 25 ]; then
  echo "AOT cache: not trained (Java ${feature:-unknown}; 25 or later writes one from a run): the CLI starts without it"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# caches of earlier builds of the jar no longer match it
rm -f "$(dirname "$jar")"/strata-engine-*.aot
"$java" "$here/TrainingTree.java" "$work/tree" > /dev/null
export STRATA_PASSWORD=training-only
# -Xmx2g: the CLI starts its child JVM (where the cache applies) only when its own heap may exceed 1 GiB
"$java" -Xmx2g -jar "$jar" init --repo "$work/repo" > /dev/null
STRATA_AOT_CACHE=train "$java" -Xmx2g -jar "$jar" backup --repo "$work/repo" "$work/tree" > /dev/null
cache=$(ls "$(dirname "$jar")"/strata-engine-*.aot 2>/dev/null || true)
if [ -z "$cache" ]; then
  echo "AOT cache: the training run wrote none beside $jar (did the CLI start its child JVM?)" >&2
  exit 1
fi
version=$(STRATA_AOT_CACHE=require "$java" -Xmx2g -jar "$jar" --version)
case "$version" in
  strata-engine\ *) echo "AOT cache: $cache ($(du -h "$cache" | cut -f1)), taken by a start that requires it" ;;
  *) echo "AOT cache: a start that requires $cache printed: $version" >&2; exit 1 ;;
esac

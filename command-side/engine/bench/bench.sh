#!/usr/bin/env bash
# Strata engine vs restic on the same machine, same data, same run.
#
#   bash command-side/engine/bench/bench.sh            # 2 rounds, page cache dropped before every phase
#   CACHE=warm ROUNDS=2 bash command-side/engine/bench/bench.sh   # inputs pre-read instead (the issue's reference setting)
#
# Installs what it needs from Debian (restic, linux-source-6.1, linux-source-6.12, time), extracts the
# kernel trees under $WORK (default /var/tmp/strata-bench, outside the repository), builds the CLI jar
# if missing, then for each round and each tool (order alternating between rounds): first backup of
# 6.1, unchanged rescan of 6.1, backup of 6.12 after 6.1, restore of 6.12, check --read-data, repository
# size. Wall time, CPU time (user + system, children included) and peak RSS come from /usr/bin/time -v.
# Prints the best round per phase and tool, with that round's CPU time.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
WORK="${WORK:-/var/tmp/strata-bench}"
ROUNDS="${ROUNDS:-2}"
CACHE="${CACHE:-cold}"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAR="${JAR:-$ROOT/command-side/engine/target/strata-engine.jar}"
export RESTIC_PASSWORD="bench-password" STRATA_PASSWORD="bench-password"
export RESTIC_CACHE_DIR="$WORK/restic-cache"

need_pkgs=()
command -v restic >/dev/null || need_pkgs+=(restic)
[ -x /usr/bin/time ] || need_pkgs+=(time)
ls /usr/src/linux-source-6.1.tar.* >/dev/null 2>&1 || need_pkgs+=(linux-source-6.1)
ls /usr/src/linux-source-6.12.tar.* >/dev/null 2>&1 || need_pkgs+=(linux-source-6.12)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi
mkdir -p "$WORK"
for v in 6.1 6.12; do
  if [ ! -d "$WORK/linux-source-$v" ]; then
    tar -C "$WORK" -xf /usr/src/linux-source-$v.tar.*
  fi
done
SRC61="$WORK/linux-source-6.1"
SRC612="$WORK/linux-source-6.12"
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && JAVA_HOME="$JAVA_HOME" ./mvnw -B -q -pl command-side/engine -am package -DskipTests)
fi
STRATA=("$JAVA_HOME/bin/java" -jar "$JAR")

can_drop=1
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || can_drop=0
prepare() { # $1: paths to warm when CACHE=warm
  sync
  if [ "$CACHE" = cold ]; then
    [ $can_drop = 1 ] && echo 3 > /proc/sys/vm/drop_caches
  else
    for p in "$@"; do find "$p" -type f -print0 | xargs -0 -r cat > /dev/null; done
  fi
}

RESULTS="$WORK/results-$(date +%Y%m%d-%H%M%S).csv"
echo "round,tool,phase,seconds,max_rss_kb,exit,cpu_seconds" > "$RESULTS"
measure() { # round tool phase cmd...
  local round=$1 tool=$2 phase=$3; shift 3
  local log="$WORK/last-$tool-$phase.log"
  set +e
  /usr/bin/time -v "$@" > "$log" 2>&1
  local rc=$?
  set -e
  local secs rss cpu
  secs=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  # user + system time of the command, all its threads and its children (the CLI's child JVM)
  cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s += $2} END {print s}' "$log")
  echo "$round,$tool,$phase,$secs,$rss,$rc,$cpu" >> "$RESULTS"
  printf '  %-7s %-16s %8.2f s  %8d KB  %7.2f CPU-s  exit %d\n' "$tool" "$phase" "$secs" "$rss" "$cpu" "$rc"
}

run_tool() { # round tool
  local round=$1 tool=$2 repo="$WORK/repo-$2" target="$WORK/restore-$2-$1"
  rm -rf "$repo" "$RESTIC_CACHE_DIR"
  if [ "$tool" = restic ]; then
    restic init --repository-version 2 -r "$repo" -q
    prepare "$SRC61";  measure "$round" restic backup-6.1  restic -r "$repo" --compression auto backup -q "$SRC61"
    prepare "$SRC61";  measure "$round" restic rescan-6.1  restic -r "$repo" --compression auto backup -q "$SRC61"
    prepare "$SRC612"; measure "$round" restic backup-6.12 restic -r "$repo" --compression auto backup -q "$SRC612"
    prepare "$repo";   measure "$round" restic restore-6.12 restic -r "$repo" restore latest --target "$target"
    prepare "$repo";   measure "$round" restic check-read-data restic -r "$repo" check --read-data
  else
    "${STRATA[@]}" init --repo "$repo" > /dev/null
    prepare "$SRC61";  measure "$round" strata backup-6.1  "${STRATA[@]}" backup --repo "$repo" "$SRC61"
    prepare "$SRC61";  measure "$round" strata rescan-6.1  "${STRATA[@]}" backup --repo "$repo" "$SRC61"
    prepare "$SRC612"; measure "$round" strata backup-6.12 "${STRATA[@]}" backup --repo "$repo" "$SRC612"
    prepare "$repo";   measure "$round" strata restore-6.12 "${STRATA[@]}" restore latest --repo "$repo" --target "$target"
    prepare "$repo";   measure "$round" strata check-read-data "${STRATA[@]}" check --read-data --repo "$repo"
  fi
  local size
  size=$(du -sb "$repo" | awk '{print $1}')
  echo "$round,$tool,repo-bytes,$size,0,0,0" >> "$RESULTS"
  printf '  %-7s %-16s %d bytes\n' "$tool" "repo-size" "$size"
  if [ "$tool" = strata ]; then
    # the restore must be bit-exact: compare with the source tree
    if diff -r --no-dereference "$SRC612" "$target$SRC612" > "$WORK/last-diff.log" 2>&1; then
      echo "  strata  restore verified identical to the source (diff -r)"
    else
      echo "  strata  RESTORE DIFFERS from the source: see $WORK/last-diff.log"
    fi
  fi
}

# Restore targets are kept until the end: ext4 without a journal skips inodes deleted in the last
# 60 s (360 s while their inode table block is dirty) when it allocates new ones, so a restore
# started soon after deleting a tree of 86k files spends most of its time in the kernel scanning
# for a free inode. Deleting one tool's tree just before the other tool restores would measure that.
if compgen -G "$WORK/restore-*" > /dev/null; then
  rm -rf "$WORK"/restore-*
  sync
  echo "waiting 61 s after deleting earlier restore targets (see above)"
  sleep 61
fi
trap 'rm -rf "$WORK"/restore-*' EXIT

echo "restic: $(restic version | head -1)"
echo "strata: $("${STRATA[@]}" --version)"
echo "java:   $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
# the CLI's start-up cache goes beside the jar (copy both with cp -p); without it the CLI starts as before
aot=$(STRATA_AOT_CACHE=require "${STRATA[@]}" --version > /dev/null 2>&1 && echo "used" || echo "none usable beside the jar")
echo "aot:    $aot"
echo "cpu:    $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "cache:  $CACHE (drop_caches permitted: $can_drop)"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round"
  if [ $((round % 2)) = 1 ]; then order="restic strata"; else order="strata restic"; fi
  for tool in $order; do run_tool "$round" "$tool"; done
done

echo
echo "Best of $ROUNDS rounds ($CACHE cache); ratio = strata / restic; results: $RESULTS"
python3 - "$RESULTS" <<'PY'
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1])))
best = collections.defaultdict(lambda: float('inf'))
cpu = {}  # CPU-seconds of the round whose time is kept
rss = collections.defaultdict(int)
for r in rows:
    k = (r['tool'], r['phase'])
    v = float(r['seconds'])
    if v < best[k]:
        best[k] = v
        cpu[k] = float(r['cpu_seconds'])
    rss[k] = max(rss[k], int(r['max_rss_kb']))
targets = {'backup-6.1': 0.5, 'rescan-6.1': 0.5, 'backup-6.12': 0.5, 'restore-6.12': 0.5, 'check-read-data': 0.7}
print('| phase | restic s | strata s | ratio | target | restic CPU-s | strata CPU-s | CPU ratio | restic peak RSS | strata peak RSS |')
print('|---|---|---|---|---|---|---|---|---|---|')
for ph, t in targets.items():
    a, b = best[('restic', ph)], best[('strata', ph)]
    ca, cb = cpu[('restic', ph)], cpu[('strata', ph)]
    print(f'| {ph} | {a:.2f} | {b:.2f} | {b/a:.2f} | <= {t} | {ca:.1f} | {cb:.1f} | {cb/ca:.2f} '
          f'| {rss[("restic", ph)]/1024:.0f} MiB | {rss[("strata", ph)]/1024:.0f} MiB |')
a, b = best[('restic', 'repo-bytes')], best[('strata', 'repo-bytes')]
print(f'| repository size after both trees | {a/1e6:.1f} MB | {b/1e6:.1f} MB | {b/a:.3f} | <= 1.05 | | | | | |')
PY

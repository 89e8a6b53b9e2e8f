#!/usr/bin/env bash
# Measures a platform backup against the engine CLI on the same tree (default: the Linux 6.1 source tree):
#   - the engine CLI's local backup (the reference), twice;
#   - a FULL backup through the platform's API of the tree read over SFTP from a loopback OpenSSH server;
#   - the same through a LOCAL server (no SSH), to separate transfer from platform cost;
#   - the SFTP job once more, after the node has run full-size jobs, then an INCREMENTAL of the unchanged
#     tree (against the CLI's rescan of it);
#   - a restore of that backup through the API into a new directory of the SSH server (over SFTP), against
#     the CLI's local restore of the tree into a new directory, and a download of it as a tar stream;
# (each job into a repository of its own, on a node that has run one small backup of each kind first)
# and prints the job times, the engine's own time inside each job, and the ratios the issue names:
# SFTP job / CLI local (target <= 1.5) and platform overhead = (job - engine) / engine (target < 5%).
# Usage: [SSH_USER=NAME] deploy/standalone/bench/platform-backup.sh [TREE]
# SSH_USER: the account the platform logs in as (default root). Any other name is created if missing
# (useradd -m, so its start-up files are /etc/skel's), to measure logins whose shell start-up files do
# nothing for a command: every exec channel (tar and find loops) starts the account's login shell, and
# a start-up file that runs a tool such as `pyenv init` costs each of them a second of CPU or more.
set -euo pipefail
[ -n "${BENCH_TRACE:-}" ] && set -x
cd "$(dirname "$0")/../../.."
ROOT=$PWD
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
BENCH=/var/tmp/strata-bench
TREE="${1:-$BENCH/linux-source-6.1}"
if [ ! -d "$TREE" ]; then
  [ -f /usr/src/linux-source-6.1.tar.xz ] || { apt-get update -q && apt-get install -y -q linux-source-6.1; }
  mkdir -p "$BENCH" && tar -xf /usr/src/linux-source-6.1.tar.xz -C "$BENCH"
fi
[ -x /usr/sbin/sshd ] || { apt-get update -q && apt-get install -y -q openssh-server; }

./mvnw -B -q -DskipTests package
WORK=$(mktemp -d /var/tmp/strata-platform-bench.XXXX)
DB=strata_bench_$(date +%s)
PORT=18080
SSH_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  [ -n "${NODE:-}" ] && kill "$NODE" 2>/dev/null || true
  [ -f "$WORK/sshd.pid" ] && kill "$(cat "$WORK/sshd.pid")" 2>/dev/null || true
  sleep 2
  psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || echo "(page cache not dropped: not permitted)" >&2; }
now() { echo "$EPOCHREALTIME"; }

# 1. The engine CLI, locally: the reference, twice (each into a new repository), as the SFTP job runs
#    twice below: a single run of either moves by 10-15% on this machine kind.
export STRATA_PASSWORD=bench-password
cli_backup() { # repository: prints the seconds of a first backup of the tree into it
  "$JAVA" -jar command-side/engine/target/strata-engine.jar init --repo "$1" >/dev/null
  drop_caches
  local t0; t0=$(now)
  "$JAVA" -jar command-side/engine/target/strata-engine.jar backup --repo "$1" "$TREE" >/dev/null
  echo "$(now) - $t0" | bc
}
CLI=$(cli_backup "$WORK/cli-repo")
CLI_2=$(cli_backup "$WORK/cli-repo-2")
rm -rf "$WORK/cli-repo-2"
drop_caches
t0=$(now)
"$JAVA" -jar command-side/engine/target/strata-engine.jar backup --repo "$WORK/cli-repo" "$TREE" >/dev/null
CLI_RESCAN=$(echo "$(now) - $t0" | bc)

# 2. A loopback OpenSSH server with its own host key, config and port.
ssh-keygen -q -t ed25519 -N '' -f "$WORK/host_key"
SSH_USER="${SSH_USER:-root}"
touch "$WORK/authorized_keys"; chmod 600 "$WORK/authorized_keys"
if [ "$SSH_USER" != root ]; then
  id "$SSH_USER" >/dev/null 2>&1 || useradd -m -s /bin/bash -p "*" "$SSH_USER"  # "*": no password, yet not locked (sshd refuses locked accounts)
  chmod 711 "$WORK"; chmod 644 "$WORK/authorized_keys"  # sshd reads the keys file as the account
fi
cat > "$WORK/sshd_config" <<CONF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $WORK/host_key
PidFile $WORK/sshd.pid
AuthorizedKeysFile $WORK/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
CONF
mkdir -p /run/sshd  # sshd's privilege separation directory; a fresh machine may not have it
/usr/sbin/sshd -f "$WORK/sshd_config" -E "$WORK/sshd.log" || { cat "$WORK/sshd.log" >&2; exit 1; }

# 3. The platform on its own database.
STRATA_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" STRATA_DATA_DIR="$WORK/data" STRATA_PORT=$PORT \
  STRATA_SERVERS_LOCAL_ROOTS="$(dirname "$TREE")" STRATA_LOG_FORMAT=plain \
  "$JAVA" -Xmx2g -jar deploy/standalone/target/strata.jar > "$WORK/node.log" 2>&1 &
NODE=$!
for _ in $(seq 1 120); do curl -sf localhost:$PORT/actuator/health >/dev/null && break; sleep 1; done
API=localhost:$PORT/api/v1
post() { curl -sf -X POST "$API$1" ${TOKEN:+-H "Authorization: Bearer $TOKEN"} -H 'Content-Type: application/json' -d "$2"; }
SIGNUP=$(post /auth/signup '{"email":"bench@example.org","password":"Measured-Run-2026-xq!","organization":"Performance Lab"}')
TOKEN=$(echo "$SIGNUP" | jq -r .accessToken)
login() { TOKEN=$(TOKEN= post /auth/login '{"email":"bench@example.org","password":"Measured-Run-2026-xq!"}' | jq -r .accessToken); }
SSH_SERVER=$(post /servers "{\"name\":\"loopback\",\"host\":\"127.0.0.1\",\"port\":$SSH_PORT,\"username\":\"$SSH_USER\"}")
echo "$SSH_SERVER" | jq -r .publicKey >> "$WORK/authorized_keys"
SSH_ID=$(echo "$SSH_SERVER" | jq -r .serverId)
post "/servers/$SSH_ID/connection-test" '{}' | jq -e .ok >/dev/null
LOCAL_ID=$(post /servers "{\"name\":\"local\",\"localPath\":\"$(dirname "$TREE")\"}" | jq -r .serverId)
LOCATION=$(post /storage-locations '{"name":"disk","type":"LOCAL"}' | jq -r .storageLocationId)

make_plan() { # server id, label[, tree[, storage location]]: prints the plan's id
  local tree="${3:-$TREE}" location="${4:-$LOCATION}"
  post /plans "{\"name\":\"$2\",\"serverId\":\"$1\",\"sources\":[{\"type\":\"PATHS\",\"paths\":[\"$tree\"]}],\"storageLocationId\":\"$location\"}" | jq -r .planId
}
run_backup() { # server id, label[, tree[, storage location]]: a FULL backup of a new plan, see run_job
  local plan; plan=$(make_plan "$@")
  run_job "$plan" FULL "$2"
}
await_success() { # API path of a backup or restore: prints its view once SUCCEEDED, fails if it fails
  # one client polls every 0.25 s over one kept-alive connection: on 2 cores, forking a curl per poll (and
  # before that date, bc and jq) took several percent of the CPU away from the job it measured
  python3 - "$PORT" "$1" "$TOKEN" <<'POLL'
import http.client, json, sys, time
port, path, token = sys.argv[1:4]
connection = http.client.HTTPConnection("localhost", int(port), timeout=30)
for _ in range(2400):
    time.sleep(0.25)
    connection.request("GET", path, headers={"Authorization": "Bearer " + token})
    response = connection.getresponse()
    body = response.read().decode()
    if response.status != 200:
        continue  # the projection may not show a new job yet
    status = json.loads(body).get("status")
    if status == "SUCCEEDED":
        print(body)
        sys.exit(0)
    if status in ("FAILED", "CANCELLED"):
        sys.exit(path + " " + status + ": " + body)
sys.exit("timed out")
POLL
}
run_job() { # plan id, level, label: prints "job engine files bytes queued setup shown"
  local plan=$1 backup view
  drop_caches
  local start; start=$(now)
  backup=$(post "/plans/$plan/backups" "{\"level\":\"$2\"}" | jq -r .backupId)
  view=$(await_success "/api/v1/backups/$backup") || { echo "$3 backup did not succeed" >&2; exit 1; }
  # job: from the request to the API answering SUCCEEDED (events, saga, claim, projections included)
  local seen; seen=$(now)
  local started finished
  started=$(date -d "$(echo "$view" | jq -r .startedAt)" +%s.%N)
  finished=$(date -d "$(echo "$view" | jq -r .finishedAt)" +%s.%N)
  # where the job's time beyond the engine goes: request to run start (command, event, saga, claim),
  # run start to finish beyond the engine (opening the repository, its index, the snapshot, the
  # events of the run), finish to the API showing it (projection, and up to one 0.25 s poll)
  printf '%s %s %s %s %s %s\n' "$(echo "$seen - $start" | bc)" \
    "$(echo "$view" | jq -r '[(.stats.durationMs/1000), .stats.filesRead, .stats.bytesRead] | @tsv')" \
    "$(echo "$started - $start" | bc)" "$(echo "$view" | jq -r "($finished - $started) - .stats.durationMs/1000")" \
    "$(echo "$seen - $finished" | bc)"
}
# A platform node is a long-running service: one small backup through each server first, so the
# measured jobs do not pay the JVM's compilation of the whole backup path (the CLI, started per
# backup, always pays its own; that is what its users see).
WARMUP="$TREE/Documentation"
login; run_backup "$SSH_ID" warmup-sftp "$WARMUP" > /dev/null
login; run_backup "$LOCAL_ID" warmup-local "$WARMUP" > /dev/null
# each run gets a fresh access token (runs stay well within its 15 minutes), and every measured job
# writes into a repository of its own, so none is spared storing what another stored
SFTP_LOCATION=$(post /storage-locations '{"name":"disk-sftp","type":"LOCAL"}' | jq -r .storageLocationId)
login; read -r SFTP_JOB SFTP_ENGINE SFTP_FILES SFTP_BYTES SFTP_QUEUED SFTP_SETUP SFTP_SHOWN < <(run_backup "$SSH_ID" sftp "$TREE" "$SFTP_LOCATION")
LOCAL_LOCATION=$(post /storage-locations '{"name":"disk-local","type":"LOCAL"}' | jq -r .storageLocationId)
login; read -r LOCAL_JOB LOCAL_ENGINE LOCAL_FILES LOCAL_BYTES LOCAL_QUEUED LOCAL_SETUP LOCAL_SHOWN < <(run_backup "$LOCAL_ID" local "$TREE" "$LOCAL_LOCATION")
# the same SFTP job once more: the node has now run full-size jobs, as a node in service has
AGAIN_LOCATION=$(post /storage-locations '{"name":"disk-2","type":"LOCAL"}' | jq -r .storageLocationId)
AGAIN_PLAN=$(make_plan "$SSH_ID" sftp-again "$TREE" "$AGAIN_LOCATION")
login; read -r AGAIN_JOB AGAIN_ENGINE _ < <(run_job "$AGAIN_PLAN" FULL sftp-again)
# and an incremental after it, of the unchanged tree: the daily case, all listing and no reading
login; read -r INCR_JOB INCR_ENGINE INCR_FILES _ < <(run_job "$AGAIN_PLAN" INCREMENTAL sftp-incremental)

# 4. Restores: the CLI's of its first repository, locally, and the platform's of the second SFTP backup into a
#    new directory of the SSH server (read back over SFTP, every file's SHA-256 checked as it is written).
drop_caches
t0=$(now)
"$JAVA" -jar command-side/engine/target/strata-engine.jar restore --repo "$WORK/cli-repo" latest --target "$WORK/cli-restore" >/dev/null
CLI_RESTORE=$(echo "$(now) - $t0" | bc)
AGAIN_BACKUP=$(curl -sf "$API/backups?planId=$AGAIN_PLAN&level=FULL" -H "Authorization: Bearer $TOKEN" | jq -r 'if type == "array" then .[0].backupId else .items[0].backupId end')
mkdir -p "$WORK/sftp-restore"; [ "$SSH_USER" = root ] || chown "$SSH_USER" "$WORK/sftp-restore"
login; drop_caches
t0=$(now)
RESTORE_ID=$(post "/backups/$AGAIN_BACKUP/restores" "{\"targetServerId\":\"$SSH_ID\",\"targetPath\":\"$WORK/sftp-restore\"}" | jq -r .restoreId)
RESTORE_VIEW=$(await_success "/api/v1/restores/$RESTORE_ID") || { echo "SFTP restore did not succeed" >&2; exit 1; }
SFTP_RESTORE=$(echo "$(now) - $t0" | bc)
RESTORE_FILES=$(echo "$RESTORE_VIEW" | jq -r .stats.filesVerified)
# and the same backup downloaded as a tar stream (GET …/download), counted, not stored
drop_caches
t0=$(now)
DOWNLOAD_BYTES=$(curl -sf "$API/backups/$AGAIN_BACKUP/download?path=/" -H "Authorization: Bearer $TOKEN" | wc -c)
DOWNLOAD=$(echo "$(now) - $t0" | bc)

printf '\n%-44s %10s\n' "measure (SSH login: $SSH_USER)" "seconds"
printf '%-44s %10.1f\n' "engine CLI, local backup (reference)" "$CLI"
printf '%-44s %10.1f\n' "engine CLI, local backup, second run" "$CLI_2"
printf '%-44s %10.1f   (engine %.1f; %s files, %s bytes)\n' "platform job, SSH/SFTP server" "$SFTP_JOB" "$SFTP_ENGINE" "$SFTP_FILES" "$SFTP_BYTES"
printf '%-44s %10.1f   (engine %.1f)\n' "platform job, LOCAL server" "$LOCAL_JOB" "$LOCAL_ENGINE"
printf '%-44s %10.1f   (engine %.1f)\n' "platform job, SSH/SFTP server, again" "$AGAIN_JOB" "$AGAIN_ENGINE"
printf '%-44s %10.1f\n' "engine CLI, local rescan of the unchanged tree" "$CLI_RESCAN"
printf '%-44s %10.1f   (engine %.1f; %s files read)\n' "platform job, SFTP incremental, unchanged" "$INCR_JOB" "$INCR_ENGINE" "$INCR_FILES"
printf '%-44s %10.1f\n' "engine CLI, local restore" "$CLI_RESTORE"
printf '%-44s %10.1f   (%s files verified)\n' "platform restore onto the SSH/SFTP server" "$SFTP_RESTORE" "$RESTORE_FILES"
printf '%-44s %10.1f   (%s bytes of tar)\n' "platform download of the backup as tar" "$DOWNLOAD" "$DOWNLOAD_BYTES"
printf '\nSFTP job / CLI local            = %.2f   (target <= 1.5)\n' "$(echo "$SFTP_JOB / $CLI" | bc -l)"
printf 'SFTP job again / CLI local      = %.2f\n' "$(echo "$AGAIN_JOB / $CLI" | bc -l)"
min() { echo "if ($1 < $2) $1 else $2" | bc -l; }
printf 'better of two, SFTP / CLI       = %.2f   (the engine bench'"'"'s rule: the better of two runs of each)\n' \
  "$(echo "$(min "$SFTP_JOB" "$AGAIN_JOB") / $(min "$CLI" "$CLI_2")" | bc -l)"
printf 'platform overhead, SFTP job     = %.1f%%  ((job - engine) / engine, target < 5%%)\n' "$(echo "($SFTP_JOB - $SFTP_ENGINE) * 100 / $SFTP_ENGINE" | bc -l)"
printf 'platform overhead, LOCAL job    = %.1f%%\n' "$(echo "($LOCAL_JOB - $LOCAL_ENGINE) * 100 / $LOCAL_ENGINE" | bc -l)"
printf '\noverhead parts (s)     request->start  run-engine  finish->shown\n'
printf 'SFTP job               %14.2f %11.2f %14.2f\n' "$SFTP_QUEUED" "$SFTP_SETUP" "$SFTP_SHOWN"
printf 'LOCAL job              %14.2f %11.2f %14.2f\n' "$LOCAL_QUEUED" "$LOCAL_SETUP" "$LOCAL_SHOWN"

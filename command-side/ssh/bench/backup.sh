#!/bin/sh
# Full engine backups from SftpSource (tar streams) and LocalSource: see README.md.
# Usage: command-side/ssh/bench/backup.sh [TREE] [per-file|listing|compressed|ahead]
exec "$(dirname "$0")/launch.sh" SftpBackupBench.java "$@"

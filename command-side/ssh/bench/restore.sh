#!/bin/sh
# Restores of a tree through LocalOutput and through SftpOutput (loopback OpenSSH) with several worker counts: see README.md.
# Usage: command-side/ssh/bench/restore.sh [TREE] [WORKERS,...]   (restore targets in $TARGETS, default /dev/shm)
exec "$(dirname "$0")/launch.sh" SftpRestoreBench.java "$@"

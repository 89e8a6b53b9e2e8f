#!/bin/sh
# Walk-and-read benchmark of SftpSource against LocalSource: see README.md.
# Usage: command-side/ssh/bench/run.sh [TREE] [WORKERS]
exec "$(dirname "$0")/launch.sh" SftpReadBench.java "$@"

#!/usr/bin/env bash
# The connector latency benchmark: a pair on loopback (ACTIVE + PASSIVE, booted from the
# distribution with their connectors listening), a remote application on dualsip-client connected to
# both nodes that answers every call at once, and SIPp placing calls at a fixed rate with its message
# trace on. Prints and writes (default bench/target/bench-connector.txt), p50/p99/max:
#   INVITE sent by SIPp -> offered event in the application
#   answer given by the application -> 200 OK read by SIPp
#
#   bench/run-connector-bench.sh                       200 calls/s, 3000 calls held 1 s (about 2 minutes)
#   bench/run-connector-bench.sh --rate 400 --calls 6000
#   bench/run-connector-bench.sh --help
#
# Needs: the bench jar (mvn -B install -pl bench), the distribution (karaf-assembly/target/assembly, or
# DUALSIP_DISTRIBUTION=<folder>) and SIPp (Debian package sip-tester).
# Loopback only: service address 127.0.0.72:46062, connectors 127.0.0.1:46110/46111, Karaf SSH
# 8603/8604, RMI 1603-1604/44903-44904, sync 127.0.0.1:48020/48030 (and +1, +2), SIPp 127.0.0.73:46065.
# Overlaps run-bench.sh --pair (8603, 127.0.0.7x): do not run the two at once.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$bench_dir")"

jar="$(ls "$bench_dir"/target/dualsip-bench-*-all.jar 2>/dev/null | head -1 || true)"
if [ -z "$jar" ]; then
    echo "run-connector-bench.sh: no bench jar; build it first: (cd $root_dir && mvn -B install -pl bench)" >&2
    exit 2
fi
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
    sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
    java -cp "$jar" org.dualsip.bench.connector.ConnectorBench --help
    exit 0
fi
if ! command -v sipp >/dev/null 2>&1; then
    echo "run-connector-bench.sh: SIPp not found on the PATH; install it (Debian: apt-get install sip-tester)" >&2
    exit 2
fi
distribution="${DUALSIP_DISTRIBUTION:-$root_dir/karaf-assembly/target/assembly}"
cd "$root_dir"
exec java -Ddualsip.distribution="$distribution" -cp "$jar" org.dualsip.bench.connector.ConnectorBench "$@"

#!/usr/bin/env bash
# The dualsip benchmark: the highest call rate (SIPp built-in uac scenario over UDP) sustained with
# < 0.1 % failed calls, for a bare JAIN-SIP auto-answering agent and for a dualsip node booted from
# the distribution with the demo application (answer at once, no 180, never hang up); prints both,
# the ratio dualsip/bare and each one's CPU time per call, and writes them to a results file
# (default bench/target/bench-results.txt). SIPp and the target share this machine's cores.
#
#   bench/run-bench.sh            full run (bounded: about 4-5 minutes, at most ~8)
#   bench/run-bench.sh --smoke    one low rate, few calls, both targets (under a minute)
#   bench/run-bench.sh --pair     the pair: rate with a passive attached vs standalone, takeover and
#                                 switchover gaps, sampled replication lag, heap per mirrored call on
#                                 the passive (bounded: under 12 minutes); results in target/bench-pair.txt
#   bench/run-bench.sh --help     every option (ports, rates, step length, budgets)
#
# Needs: the bench jar (mvn -B install -pl bench), the distribution (karaf-assembly/target/assembly,
# or DUALSIP_DISTRIBUTION=<folder>) and SIPp (Debian package sip-tester).
# Everything listens on loopback only: node 127.0.0.33:35064, bare agent 127.0.0.34:35066,
# SIPp 127.0.0.35:35068, Karaf SSH 8302, RMI 1302/44602. --pair: SIP 127.0.0.70-79:46060, Karaf SSH
# 8601-8603, RMI 1601-1603/44901-44903, sync 127.0.0.1:48000-48012.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$bench_dir")"

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
    sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
    java -cp "$(ls "$bench_dir"/target/dualsip-bench-*-all.jar 2>/dev/null | head -1)" \
        org.dualsip.bench.BenchMain --help 2>&1 | grep -v '^unknown' || true
    java -cp "$(ls "$bench_dir"/target/dualsip-bench-*-all.jar 2>/dev/null | head -1)" \
        org.dualsip.bench.BenchMain --pair --help 2>&1 | grep -v '^unknown' || true
    exit 0
fi

jar="$(ls "$bench_dir"/target/dualsip-bench-*-all.jar 2>/dev/null | head -1 || true)"
if [ -z "$jar" ]; then
    echo "run-bench.sh: no bench jar; build it first: (cd $root_dir && mvn -B install -pl bench)" >&2
    exit 2
fi
if ! command -v sipp >/dev/null 2>&1; then
    echo "run-bench.sh: SIPp not found on the PATH; install it (Debian: apt-get install sip-tester)" >&2
    exit 2
fi
if [ -z "${JAVA_HOME:-}" ]; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
fi

mode="results"
for arg in "$@"; do
    [ "$arg" = "--smoke" ] && mode="smoke"
    [ "$arg" = "--pair" ] && mode="pair"
done

# Defaults first: options given on the command line come later and win.
exec java -cp "$jar" org.dualsip.bench.BenchMain \
    --distribution "${DUALSIP_DISTRIBUTION:-$root_dir/karaf-assembly/target/assembly}" \
    --work "$bench_dir/target/bench-work" \
    --results "$bench_dir/target/bench-$mode.txt" \
    "$@"

#!/usr/bin/env bash
# The takeover as the LAN sees it: in the namespace topology of scripts/netns-pair.sh (a real pair
# in dsn-a/dsn-b, the linux driver, SIPp in dsn-client), SIPp sends OPTIONS at a steady rate to the
# floating address 10.99.0.10; the active JVM gets kill -9; a capture on the LAN bridge (dumpcap in
# dsn-lan, filter: ARP and SIP of 10.99.0.10 only) gives, for each kill,
#   garp   : kill -> first gratuitous ARP for 10.99.0.10 from the new active's MAC
#   answer : kill -> first SIP response from 10.99.0.10 carried by the new active's MAC
# and, to see where the time goes: role (kill -> "PASSIVE -> ACTIVE" in the new active's log, ms
# resolution) and probe (kill -> its RFC 5227 ARP probe on the wire, sent before the address is added).
# The killed node is restarted (it rejoins PASSIVE) and the next kill hits the other node.
# Prints every kill and the median and max of both; writes them to bench/target/netns-bench.txt.
#
#   sudo bench/run-netns-bench.sh                 5 kills at 200 OPTIONS/s
#   sudo bench/run-netns-bench.sh --kills 3 --rate 100
#   sudo DUALSIP_NETNS_FLOATINGIP="probe.timeout.ms=50" bench/run-netns-bench.sh   (try driver settings)
#
# Needs root, iproute2, arping, tshark (dumpcap), SIPp (sip-tester) and the distribution (built by
# scripts/netns-pair.sh if missing; DUALSIP_NETNS_BUILD=never to use it as it is). Everything runs in
# dsn-* namespaces, which are removed at the end, also on failure or Ctrl-C.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$bench_dir")"
pair="$root_dir/scripts/netns-pair.sh"
kills=5
rate=200
while [ $# -gt 0 ]; do
    case "$1" in
        --kills) kills="$2"; shift 2 ;;
        --rate) rate="$2"; shift 2 ;;
        -h | --help) sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-netns-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$kills" =~ ^[1-9][0-9]?$ ]] || { echo "run-netns-bench: --kills must be 1-99" >&2; exit 2; }
[[ "$rate" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "run-netns-bench: --rate must be 1-9999" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run-netns-bench: needs root (namespaces, ARP): run it with sudo" >&2; exit 1; }
for tool in dumpcap tshark sipp; do
    command -v "$tool" >/dev/null || { echo "run-netns-bench: $tool missing (Debian: tshark, sip-tester)" >&2; exit 1; }
done

work="$bench_dir/target/netns-bench"
results="$bench_dir/target/netns-bench.txt"
export DUALSIP_NETNS_RUN_DIR="$work/run"
export DUALSIP_NETNS_FAMILY=ipv4
floating=10.99.0.10
declare -A mac=([a]=02:99:00:00:00:11 [b]=02:99:00:00:00:12)
capture_pid=""
sipp_pid=""

cleanup() {
    [ -n "$sipp_pid" ] && kill -KILL "$sipp_pid" 2>/dev/null || true
    [ -n "$capture_pid" ] && kill -KILL "$capture_pid" 2>/dev/null || true
    "$pair" down >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work"
cat > "$work/options.xml" <<'EOF'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<!-- One OPTIONS per "call": a steady stream of transactions whose answers show who serves. -->
<scenario name="options">
  <send retrans="500">
    <![CDATA[
      OPTIONS sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:bench@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 OPTIONS
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="200" timeout="3000"/>
</scenario>
EOF

# first_after FILE T0 DISPLAY_FILTER: milliseconds from T0 to the first matching frame, or "none".
first_after() {
    tshark -r "$1" -Y "$3" -T fields -e frame.time_epoch 2>/dev/null \
        | awk -v t0="$2" '!found && $1 >= t0 { first = $1; found = 1 }
            END { if (found) printf "%d\n", (first - t0) * 1000 + 0.5; else print "none" }'
}

start_capture() {
    rm -f "$1" "$1.log"
    ip netns exec dsn-lan dumpcap -i br0 -f "arp or (udp port 5060 and host $floating)" -w "$1" \
        >"$1.log" 2>&1 </dev/null &
    capture_pid=$!
    for _ in $(seq 1 100); do
        grep -q "Capturing on" "$1.log" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "run-netns-bench: dumpcap did not start: $(cat "$1.log")" >&2
    exit 1
}

stop_capture() {
    kill -INT "$capture_pid" 2>/dev/null || true
    wait "$capture_pid" 2>/dev/null || true
    capture_pid=""
}

"$pair" up >"$work/pair-up.log" 2>&1 || { cat "$work/pair-up.log" >&2; exit 1; }
echo "run-netns-bench: pair up; $kills kills at $rate OPTIONS/s to $floating:5060" \
    "(floatingip settings: ${DUALSIP_NETNS_FLOATINGIP:-defaults})"
# role_after LOG T0: milliseconds from T0 to the role state machine's last "PASSIVE -> ACTIVE" line, or "none".
role_after() {
    local stamp epoch
    stamp="$(grep -h 'RoleStateMachine.*PASSIVE -> ACTIVE' "$1" 2>/dev/null | tail -n 1 | cut -d' ' -f1 | tr ',' '.')" || true
    [ -n "$stamp" ] || { echo none; return; }
    epoch="$(date -d "$stamp" +%s.%N)" || { echo none; return; }
    awk -v t="$epoch" -v t0="$2" 'BEGIN { printf "%d\n", (t - t0) * 1000 + 0.5 }'
}

printf '%-5s %-8s %-8s %8s %8s %8s %10s %8s\n' kill killed new role_ms probe_ms garp_ms answer_ms answers \
    | tee "$results"
roles=()
probes=()
garps=()
answers=()
for round in $(seq 1 "$kills"); do
    read -r killed pid < <("$pair" active) || true
    [ -n "${pid:-}" ] || { echo "run-netns-bench: no ACTIVE node before kill $round" >&2; exit 1; }
    new=$([ "$killed" = a ] && echo b || echo a)
    dir="$work/kill-$round"
    mkdir -p "$dir"
    start_capture "$dir/lan.pcapng"
    ip netns exec dsn-client sipp "$floating:5060" -sf "$work/options.xml" -i 10.99.0.100 -p 5070 \
        -r "$rate" -m $((rate * 8)) -timeout 20s -nostdin -trace_stat -stf "$dir/sipp-stat.csv" \
        >"$dir/sipp.log" 2>&1 </dev/null &
    sipp_pid=$!
    sleep 2
    t0="$EPOCHREALTIME"
    kill -KILL "$pid"
    sleep 4
    kill -TERM "$sipp_pid" 2>/dev/null || true
    wait "$sipp_pid" 2>/dev/null || true
    sipp_pid=""
    stop_capture
    garp="$(first_after "$dir/lan.pcapng" "$t0" \
        "eth.src == ${mac[$new]} && arp.src.proto_ipv4 == $floating && arp.dst.proto_ipv4 == $floating")"
    answer="$(first_after "$dir/lan.pcapng" "$t0" \
        "eth.src == ${mac[$new]} && ip.src == $floating && sip.Status-Code")"
    probe="$(first_after "$dir/lan.pcapng" "$t0" \
        "eth.src == ${mac[$new]} && arp.src.proto_ipv4 == 0.0.0.0 && arp.dst.proto_ipv4 == $floating")"
    role="$(role_after "$DUALSIP_NETNS_RUN_DIR/node-$new/data/log/karaf.log" "$t0")"
    before="$(tshark -r "$dir/lan.pcapng" -Y "eth.src == ${mac[$killed]} && sip.Status-Code" 2>/dev/null | wc -l)"
    printf '%-5s %-8s %-8s %8s %8s %8s %10s %8s\n' "$round" "node-$killed" "node-$new" "$role" "$probe" "$garp" \
        "$answer" "$before" | tee -a "$results"
    [ "$role" = none ] || roles+=("$role")
    [ "$probe" = none ] || probes+=("$probe")
    [ "$garp" = none ] || garps+=("$garp")
    [ "$answer" = none ] || answers+=("$answer")
    "$pair" restart "$killed" >"$dir/restart.log" 2>&1
    "$pair" wait >>"$dir/restart.log" 2>&1
done

# stats NAME VALUES...: median and max.
stats() {
    local name="$1"
    shift
    if [ $# -eq 0 ]; then
        echo "$name: no measurement"
        return
    fi
    printf '%s\n' "$@" | sort -n | awk -v name="$name" -v n=$# \
        '{ v[NR] = $1 } END { m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2;
           printf "%s: median %s ms, max %s ms (%d of the kills)\n", name, m, v[n], n }'
}
{
    echo "(answers = SIP answers seen from the killed node's MAC before the kill: the load reached it)"
    stats "kill -9 -> new active's role change (its log)" "${roles[@]}"
    stats "kill -9 -> its ARP probe on the LAN" "${probes[@]}"
    stats "kill -9 -> first gratuitous ARP from the new active" "${garps[@]}"
    stats "kill -9 -> first SIP answer from the new active" "${answers[@]}"
} | tee -a "$results"
echo "run-netns-bench: results in $results; captures in $work/kill-*/lan.pcapng"

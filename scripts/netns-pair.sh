#!/usr/bin/env bash
#
# Tries a dualsip pair on ONE Linux machine as if it were several hosts: network namespaces, a LAN
# bridge and a dedicated sync link, the floating address really moving (linux driver: ip addr +
# gratuitous ARP / unsolicited NA). The same topology the namespace system tests (itests/netns) use.
# Needs root (namespaces, veths, addresses, ARP), iproute2, arping (iputils-arping), for IPv6 ndptool
# (libndp-tools), a JDK 17 (and Maven to build); SIPp (sip-tester) to call it.
#
#   sudo scripts/netns-pair.sh up            build the distribution if missing, create the namespaces,
#                                            start node-a in dsn-a and node-b in dsn-b, wait until one is
#                                            ACTIVE and the other PASSIVE and IN_SYNC, print how to use it
#   sudo scripts/netns-pair.sh status        dualsip:status of both nodes, who has the address, the
#                                            client's neighbour entry for it
#   sudo scripts/netns-pair.sh active        prints "<node> <pid>" of the ACTIVE node (kill -9 <pid> to fail over)
#   sudo scripts/netns-pair.sh restart a|b   starts that node again (e.g. after kill -9); it rejoins PASSIVE
#   sudo scripts/netns-pair.sh wait          waits until the pair is ACTIVE + PASSIVE and IN_SYNC again
#   sudo scripts/netns-pair.sh down          stops both nodes, kills what still runs in the namespaces,
#                                            deletes every dsn-* namespace (which deletes their veths)
#
# Topology (nothing is added to the host's own namespace; every name starts with dsn-):
#
#     dsn-client 10.99.0.100 fd99::100        dsn-third 10.99.0.200 fd99::200
#            |                                       |
#     ------ br0 (in dsn-lan): LAN 10.99.0.0/24, fd99::/64, floating address 10.99.0.10 / fd99::10 ----
#            |  eth0 10.99.0.11 fd99::11             |  eth0 10.99.0.12 fd99::12
#          dsn-a (node-a) --- sync0 10.98.0.1/30 --- 10.98.0.2/30 sync0 --- dsn-b (node-b)
#
# Environment (defaults in brackets):
#   DUALSIP_NETNS_FAMILY [ipv4]            ipv4: floating 10.99.0.10/24; ipv6: fd99::10/64
#   DUALSIP_NETNS_RUN_DIR [./run-netns]    where the two node copies live
#   DUALSIP_PAIR_TIMEOUT seconds [150]     to reach ACTIVE + PASSIVE IN_SYNC
#   DUALSIP_NETNS_FLOATINGIP []            further org.dualsip.floatingip keys for both nodes, e.g.
#                                          "probe.timeout.ms=50 announce.count=8" (to try settings)
#   DUALSIP_NETNS_BUILD [auto]             auto: build when the distribution is missing or older than
#                                          the sources; never: use karaf-assembly/target/assembly as it is
#
set -euo pipefail

SCRIPT_NAME=netns-pair
# shellcheck source=lib-node.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib-node.sh"

RUN_DIR="${DUALSIP_NETNS_RUN_DIR:-$ROOT/run-netns}"
FAMILY="${DUALSIP_NETNS_FAMILY:-ipv4}"
PAIR_TIMEOUT="${DUALSIP_PAIR_TIMEOUT:-150}"
LAN_NS=dsn-lan
SYNC_PORT=7800
case "$FAMILY" in
    ipv4) FLOATING=10.99.0.10; PREFIX=24 ;;
    ipv6) FLOATING=fd99::10; PREFIX=64 ;;
    *) die "DUALSIP_NETNS_FAMILY must be ipv4 or ipv6, not '$FAMILY'" ;;
esac

# name ipv4 ipv6 mac of every host on the LAN (fixed MACs: captures and neighbour entries read plainly).
HOSTS="a 10.99.0.11 fd99::11 02:99:00:00:00:11
b 10.99.0.12 fd99::12 02:99:00:00:00:12
client 10.99.0.100 fd99::100 02:99:00:00:01:00
third 10.99.0.200 fd99::200 02:99:00:00:02:00"

host_field() { # host_field NAME FIELD (2 = ipv4, 3 = ipv6, 4 = mac)
    printf '%s\n' "$HOSTS" | awk -v name="$1" -v field="$2" '$1 == name { print $field }'
}

node_dir() { echo "$RUN_DIR/node-$1"; }

# client DIR CMD...: lib-node.sh's client, run inside the node's namespace (its SSH console listens
# on the namespace's own loopback).
client() {
    local dir="$1" ns
    shift
    ns="dsn-${dir##*/node-}"
    printf '%s\n' "$@" | ip netns exec "$ns" "$dir/bin/client" -b -u karaf -p karaf -h 127.0.0.1 \
        -a "$(ssh_port "$dir")" -r 1 -d 1 2>&1
}

require_root_and_tools() {
    [ "$(id -u)" = 0 ] || die "needs root (network namespaces, veths, addresses, ARP): run it with sudo"
    ip netns list >/dev/null 2>&1 || die "'ip netns' unavailable (Debian package iproute2)"
    command -v arping >/dev/null 2>&1 || die "arping missing (Debian package iputils-arping): the linux driver needs it"
    if [ "$FAMILY" = ipv6 ]; then
        command -v ndptool >/dev/null 2>&1 || die "ndptool missing (Debian package libndp-tools): needed for IPv6"
    fi
}

dsn_namespaces() {
    ip netns list 2>/dev/null | awk '{print $1}' | grep '^dsn-' || true
}

# Kills every process inside a dsn-* namespace, then deletes the namespaces (their veths go with them).
remove_namespaces() {
    local ns pids
    for ns in $(dsn_namespaces); do
        pids="$(ip netns pids "$ns" 2>/dev/null || true)"
        if [ -n "$pids" ]; then
            # shellcheck disable=SC2086
            kill -KILL $pids 2>/dev/null || true
        fi
    done
    sleep 1
    for ns in $(dsn_namespaces); do
        ip netns del "$ns" || echo "$SCRIPT_NAME: could not delete namespace $ns" >&2
    done
}

create_topology() {
    local name ipv4 ipv6 mac ns
    ip netns add "$LAN_NS"
    ip -n "$LAN_NS" link set lo up
    ip -n "$LAN_NS" link add br0 type bridge mcast_snooping 0
    ip -n "$LAN_NS" link set br0 up
    for name in a b client third; do
        ipv4="$(host_field "$name" 2)"; ipv6="$(host_field "$name" 3)"; mac="$(host_field "$name" 4)"
        ns="dsn-$name"
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        ip -n "$LAN_NS" link add "lan-$name" type veth peer name eth0 netns "$ns"
        ip -n "$LAN_NS" link set "lan-$name" master br0 up
        ip -n "$ns" link set eth0 address "$mac"
        ip netns exec "$ns" sysctl -q -w net.ipv6.conf.eth0.accept_dad=0
        ip -n "$ns" addr add "$ipv4/24" dev eth0
        ip -n "$ns" addr add "$ipv6/64" dev eth0 nodad
        ip -n "$ns" link set eth0 up
    done
    for ns in dsn-a dsn-b; do
        # As on a real node (docs/real-pair.md): ARP answers only for addresses of the asked interface,
        # and requests from the interface's own address.
        ip netns exec "$ns" sysctl -q -w net.ipv4.conf.all.arp_ignore=1
        ip netns exec "$ns" sysctl -q -w net.ipv4.conf.all.arp_announce=2
    done
    ip -n dsn-a link add sync0 type veth peer name sync0 netns dsn-b
    ip -n dsn-a addr add 10.98.0.1/30 dev sync0
    ip -n dsn-b addr add 10.98.0.2/30 dev sync0
    ip -n dsn-a link set sync0 up
    ip -n dsn-b link set sync0 up
}

# configure_node NAME PRIORITY SYNC_ADDRESS PEER_SYNC_ADDRESS
configure_node() {
    local dir
    dir="$(node_dir "$1")"
    create_node "$dir"
    cfg_set "$dir" org.apache.karaf.shell sshHost 127.0.0.1
    cfg_set "$dir" org.dualsip.floatingip driver linux
    cfg_set "$dir" org.dualsip.floatingip address "$FLOATING"
    cfg_set "$dir" org.dualsip.floatingip prefix "$PREFIX"
    cfg_set "$dir" org.dualsip.floatingip interface eth0
    local pair
    for pair in ${DUALSIP_NETNS_FLOATINGIP:-}; do
        [[ "$pair" == ?*=* ]] || die "DUALSIP_NETNS_FLOATINGIP: '$pair' is not key=value"
        cfg_set "$dir" org.dualsip.floatingip "${pair%%=*}" "${pair#*=}"
    done
    cfg_set "$dir" org.dualsip.sync node.name "$1"
    cfg_set "$dir" org.dualsip.sync priority "$2"
    cfg_set "$dir" org.dualsip.sync bind.address "$3"
    cfg_set "$dir" org.dualsip.sync bind.port "$SYNC_PORT"
    cfg_set "$dir" org.dualsip.sync peer "$4:$SYNC_PORT"
}

# start_in_namespace NAME: bin/start of node-NAME inside dsn-NAME, detached; waits for its JVM.
start_in_namespace() {
    local dir waited=0
    dir="$(node_dir "$1")"
    [ -x "$dir/bin/start" ] || die "no node in $dir: run '$0 up' first"
    rm -f "$dir/karaf.pid"
    echo "$SCRIPT_NAME: starting node-$1 in dsn-$1"
    (cd "$dir" && setsid ip netns exec "dsn-$1" bin/start </dev/null >/dev/null 2>&1 &)
    until node_pid "$dir" >/dev/null; do
        [ "$waited" -lt 30 ] || die "Karaf did not start in $dir; see $dir/data/log/karaf.log"
        sleep 1
        waited=$((waited + 1))
    done
}

stop_in_namespace() {
    local dir pid waited=0
    dir="$(node_dir "$1")"
    pid="$(node_pid "$dir")" || return 0
    echo "$SCRIPT_NAME: stopping node-$1 (pid $pid)"
    ip netns exec "dsn-$1" "$dir/bin/stop" >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 30 ]; do
        sleep 1
        waited=$((waited + 1))
    done
    kill -KILL "$pid" 2>/dev/null || true
}

role_of() {
    node_status "$(node_dir "$1")" --json | grep -o '"role"[[:space:]]*:[[:space:]]*"[A-Z_]*"' | head -n 1 \
        | sed 's/.*"\([A-Z_]*\)"$/\1/' || true
}

in_sync() {
    node_status "$(node_dir "$1")" --json | grep -q '"IN_SYNC"'
}

pair_formed() {
    local ra rb
    ra="$(role_of a)"; rb="$(role_of b)"
    { [ "$ra" = ACTIVE ] && [ "$rb" = PASSIVE ]; } || { [ "$ra" = PASSIVE ] && [ "$rb" = ACTIVE ]; } || return 1
    in_sync a && in_sync b
}

await_pair() {
    local deadline=$((SECONDS + PAIR_TIMEOUT))
    while [ "$SECONDS" -lt "$deadline" ]; do
        pair_formed && return 0
        sleep 1
    done
    cmd_status >&2 || true
    die "no ACTIVE + PASSIVE IN_SYNC pair within ${PAIR_TIMEOUT} s; see $RUN_DIR/node-*/data/log/karaf.log"
}

active_node() {
    local name
    for name in a b; do
        node_pid "$(node_dir "$name")" >/dev/null && [ "$(role_of "$name")" = ACTIVE ] && echo "$name" && return 0
    done
    return 1
}

cmd_up() {
    require_root_and_tools
    if [ "${DUALSIP_NETNS_BUILD:-auto}" = never ]; then
        [ -x "$ASSEMBLY/bin/start" ] || die "no distribution in $ASSEMBLY (DUALSIP_NETNS_BUILD=never)"
    else
        build_if_needed no
    fi
    echo "$SCRIPT_NAME: removing leftovers: $(dsn_namespaces | tr '\n' ' ')"
    remove_namespaces
    create_topology
    configure_node a 200 10.98.0.1 10.98.0.2
    configure_node b 100 10.98.0.2 10.98.0.1
    start_in_namespace a
    start_in_namespace b
    echo "$SCRIPT_NAME: waiting for ACTIVE + PASSIVE, IN_SYNC (up to ${PAIR_TIMEOUT} s) ..."
    await_pair
    cmd_status
    local target="$FLOATING" local_ip=10.99.0.100
    [ "$FAMILY" = ipv6 ] && target="[$FLOATING]" && local_ip=fd99::100
    cat <<EOF

Call the service address from the client namespace (20 calls of 30 s each):
  sudo ip netns exec dsn-client sipp -sn uac -s demo -i $local_ip -p 5060 -m 20 -r 5 -d 30000 $target:5060
Fail over (kill -9 of the active JVM), then look:
  sudo kill -9 \$(sudo $0 active | cut -d' ' -f2)
  sudo $0 status                    # the other node ACTIVE with the address; the client's ARP entry moved
  sudo $0 restart a                 # (or b) the killed node comes back PASSIVE, no preemption
Graceful switchover:
  printf 'dualsip:switchover\n' | sudo ip netns exec dsn-a $(node_dir a)/bin/client -b -u karaf -p karaf
Watch the LAN (ARP, NA and SIP on the bridge):
  sudo ip netns exec dsn-lan tshark -i br0 -f 'arp or icmp6 or udp port 5060'
Remove everything:
  sudo $0 down
EOF
}

cmd_status() {
    local name pid
    for name in a b; do
        echo "=== node-$name (dsn-$name) ==="
        if pid="$(node_pid "$(node_dir "$name")")"; then
            echo "pid $pid"
            node_status "$(node_dir "$name")"
        else
            echo "not running"
        fi
        if ip -n "dsn-$name" -o addr show dev eth0 2>/dev/null | grep -q " $FLOATING/"; then
            echo "eth0 has $FLOATING"
        else
            echo "eth0 does not have $FLOATING"
        fi
    done
    echo "=== dsn-client neighbour entry for $FLOATING (a = $(host_field a 4), b = $(host_field b 4)) ==="
    ip -n dsn-client neigh show "$FLOATING" 2>/dev/null || true
}

cmd_down() {
    [ "$(id -u)" = 0 ] || die "needs root: run it with sudo"
    stop_in_namespace a || true
    stop_in_namespace b || true
    remove_namespaces
    echo "$SCRIPT_NAME: down; dsn-* namespaces left: $(dsn_namespaces | tr '\n' ' ')"
}

case "${1:-}" in
    up) cmd_up ;;
    status) cmd_status ;;
    active)
        name="$(active_node)" || die "no ACTIVE node"
        echo "$name $(node_pid "$(node_dir "$name")")" ;;
    restart)
        case "${2:-}" in a | b) ;; *) die "usage: $0 restart a|b" ;; esac
        require_root_and_tools
        ! node_pid "$(node_dir "$2")" >/dev/null || die "node-$2 is running"
        start_in_namespace "$2" ;;
    wait) await_pair ;;
    down) cmd_down ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

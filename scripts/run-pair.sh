#!/usr/bin/env bash
#
# Starts a local dualsip PAIR with the demo application, in the background, from this repository:
# node-a and node-b, two Karaf nodes on loopback sharing the service address 127.0.0.10:5060
# (driver none: the address is local to both, only the ACTIVE binds it), synchronised over
# 127.0.0.1:7800 <-> 127.0.0.1:7810. No root needed.
#
#   scripts/run-pair.sh            build if missing or older than the sources, (re)create ./run/node-a and ./run/node-b, start
#                                  both, wait until one is ACTIVE and the other PASSIVE and IN_SYNC,
#                                  print both statuses and how to call, fail over and stop
#   scripts/run-pair.sh --build    rebuild first (mvn -B -q install -DskipTests)
#   scripts/run-pair.sh --status   print dualsip:status of both nodes
#   scripts/run-pair.sh --stop     stop both nodes
#
# Needs JDK 17 and Maven (for the build). Optional environment, applied each time the nodes are
# (re)created (A_ for node-a, B_ for node-b; defaults in brackets):
#   DUALSIP_SIP_ADDRESS [127.0.0.10]   DUALSIP_SIP_PORT [5060]    DUALSIP_SYNC_ADDRESS [127.0.0.1]
#   DUALSIP_A_SYNC_PORT [7800]         DUALSIP_B_SYNC_PORT [7810]   (each also uses port+1 and port+2)
#   DUALSIP_A_SSH_PORT [8101]          DUALSIP_B_SSH_PORT [8102]
#   DUALSIP_A_RMI_REGISTRY_PORT [1099] DUALSIP_B_RMI_REGISTRY_PORT [1098]
#   DUALSIP_A_RMI_SERVER_PORT [44444]  DUALSIP_B_RMI_SERVER_PORT [44443]
#   DUALSIP_CONNECTOR_ADDRESS [127.0.0.1] (where remote applications connect to each node)
#   DUALSIP_A_CONNECTOR_PORT [7001]    DUALSIP_B_CONNECTOR_PORT [7002]
#   DUALSIP_TOKEN [dualsip-demo-token-change-me] (the applications' credential, 16+ characters)
#   DUALSIP_RUN_DIR [./run]            DUALSIP_START_TIMEOUT seconds [120]
#   DUALSIP_PAIR_TIMEOUT seconds to reach ACTIVE + PASSIVE IN_SYNC [120]
#
set -euo pipefail

SCRIPT_NAME=run-pair
# shellcheck source=lib-node.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib-node.sh"

RUN_DIR="${DUALSIP_RUN_DIR:-$ROOT/run}"
NODE_A="$RUN_DIR/node-a"
NODE_B="$RUN_DIR/node-b"
SIP_ADDRESS="${DUALSIP_SIP_ADDRESS:-127.0.0.10}"
SIP_PORT="${DUALSIP_SIP_PORT:-5060}"
SYNC_ADDRESS="${DUALSIP_SYNC_ADDRESS:-127.0.0.1}"
A_SYNC_PORT="${DUALSIP_A_SYNC_PORT:-7800}"
B_SYNC_PORT="${DUALSIP_B_SYNC_PORT:-7810}"
PAIR_TIMEOUT="${DUALSIP_PAIR_TIMEOUT:-120}"
CONNECTOR_ADDRESS="${DUALSIP_CONNECTOR_ADDRESS:-127.0.0.1}"
A_CONNECTOR_PORT="${DUALSIP_A_CONNECTOR_PORT:-7001}"
B_CONNECTOR_PORT="${DUALSIP_B_CONNECTOR_PORT:-7002}"
TOKEN="${DUALSIP_TOKEN:-$DEMO_TOKEN}"

# configure_node DIR NAME PRIORITY SYNC_PORT PEER_SYNC_PORT SSH RMI_REGISTRY RMI_SERVER CONNECTOR_PORT
configure_node() {
    local dir="$1"
    cfg_set "$dir" org.dualsip.floatingip address "$SIP_ADDRESS"
    cfg_set "$dir" org.dualsip.floatingip driver none
    cfg_set "$dir" org.dualsip.sip port "$SIP_PORT"
    cfg_set "$dir" org.dualsip.sync node.name "$2"
    cfg_set "$dir" org.dualsip.sync priority "$3"
    cfg_set "$dir" org.dualsip.sync bind.address "$SYNC_ADDRESS"
    cfg_set "$dir" org.dualsip.sync bind.port "$4"
    cfg_set "$dir" org.dualsip.sync peer "$SYNC_ADDRESS:$5"
    set_ports "$dir" "$6" "$7" "$8"
    set_connector "$dir" "$CONNECTOR_ADDRESS" "$9" "$TOKEN"
}

# role_of DIR: the role in dualsip:status --json (empty when the node does not answer).
role_of() {
    # "|| true": a console that does not answer (yet) is an empty role, not the end of the script.
    node_status "$1" --json | grep -o '"role"[[:space:]]*:[[:space:]]*"[A-Z_]*"' | head -n 1 \
        | sed 's/.*"\([A-Z_]*\)"$/\1/' || true
}

in_sync() {
    node_status "$1" --json | grep -q '"IN_SYNC"'
}

# The folder of the node in the given role, or nothing.
node_in_role() {
    local dir
    for dir in "$NODE_A" "$NODE_B"; do
        node_pid "$dir" >/dev/null && [ "$(role_of "$dir")" = "$1" ] && echo "$dir" && return 0
    done
    return 1
}

# Waits until one node is ACTIVE and the other PASSIVE, both reporting IN_SYNC.
await_pair() {
    local deadline=$((SECONDS + PAIR_TIMEOUT)) a="" b=""
    while [ "$SECONDS" -lt "$deadline" ]; do
        node_pid "$NODE_A" >/dev/null || die "node-a exited; see $NODE_A/data/log/karaf.log"
        node_pid "$NODE_B" >/dev/null || die "node-b exited; see $NODE_B/data/log/karaf.log"
        a="$(role_of "$NODE_A")"
        b="$(role_of "$NODE_B")"
        if { [ "$a" = ACTIVE ] && [ "$b" = PASSIVE ]; } || { [ "$a" = PASSIVE ] && [ "$b" = ACTIVE ]; }; then
            if in_sync "$NODE_A" && in_sync "$NODE_B"; then
                return 0
            fi
        fi
        sleep 2
    done
    die "no ACTIVE + PASSIVE IN_SYNC pair within ${PAIR_TIMEOUT} s (node-a: ${a:-?}, node-b: ${b:-?});" \
        "see $0 --status and the nodes' data/log/karaf.log; stop them with $0 --stop"
}

print_statuses() {
    local dir
    for dir in "$NODE_A" "$NODE_B"; do
        echo "=== $(basename "$dir") ($dir, pid $(node_pid "$dir" || echo 'not running'))"
        if node_pid "$dir" >/dev/null; then
            node_status "$dir"
        fi
    done
}

start_pair() {
    local rebuild="$1" pid dir
    for dir in "$NODE_A" "$NODE_B"; do
        if pid="$(node_pid "$dir")"; then
            echo "$SCRIPT_NAME: a node is already running in $dir (pid $pid); stop it with $0 --stop"
            exit 0
        fi
    done
    build_if_needed "$rebuild"
    create_node "$NODE_A"
    create_node "$NODE_B"
    configure_node "$NODE_A" a 200 "$A_SYNC_PORT" "$B_SYNC_PORT" "${DUALSIP_A_SSH_PORT:-8101}" \
        "${DUALSIP_A_RMI_REGISTRY_PORT:-1099}" "${DUALSIP_A_RMI_SERVER_PORT:-44444}" "$A_CONNECTOR_PORT"
    configure_node "$NODE_B" b 100 "$B_SYNC_PORT" "$A_SYNC_PORT" "${DUALSIP_B_SSH_PORT:-8102}" \
        "${DUALSIP_B_RMI_REGISTRY_PORT:-1098}" "${DUALSIP_B_RMI_SERVER_PORT:-44443}" "$B_CONNECTOR_PORT"
    launch_node "$NODE_A"
    launch_node "$NODE_B"
    await_status "$NODE_A" >/dev/null
    await_status "$NODE_B" >/dev/null
    echo "$SCRIPT_NAME: both nodes answer; waiting for ACTIVE + PASSIVE IN_SYNC ..."
    await_pair
    print_statuses
    print_usage
}

print_usage() {
    local active passive
    active="$(node_in_role ACTIVE || true)"
    passive="$(node_in_role PASSIVE || true)"
    cat <<INFO

dualsip pair running: ACTIVE $(basename "${active:-?}") (pid $(node_pid "$active" || echo '?')), PASSIVE $(basename "${passive:-?}") (pid $(node_pid "$passive" || echo '?')); demo application answering every call.

  Call:      sip:demo@${SIP_ADDRESS}:${SIP_PORT}
  Try SIPp:  sipp -sn uac -s demo -i 127.0.0.1 -p 5070 -m 20 -r 5 -d 30000 ${SIP_ADDRESS}:${SIP_PORT}
             (30 s calls: kill the active while they are up; the BYEs at the end go to the new active)
  Apps:      remote applications connect to BOTH nodes: node-a $(connector_endpoint "$NODE_A"), node-b $(connector_endpoint "$NODE_B"),
             token $(cfg_value "$NODE_A" org.dualsip.connector token '?')$( [ "$TOKEN" = "$DEMO_TOKEN" ] && echo ' (the demo default: set DUALSIP_TOKEN for your own)')
             e.g. java -jar clients/dualsip-sample-app/target/dualsip-sample-app.jar \\
                    --nodes $(connector_endpoint "$NODE_A"),$(connector_endpoint "$NODE_B") --token $(cfg_value "$NODE_A" org.dualsip.connector token '?') --name sample
             (its patterns are matched before the demo's catch-all: remote applications rank first; see dualsip:apps)
  Fail over: kill -9 $(node_pid "$active" || echo '<pid of the active>')     (then: $0 --status)
  Consoles:  $NODE_A/bin/client -u karaf -p karaf -a $(ssh_port "$NODE_A")
             $NODE_B/bin/client -u karaf -p karaf -a $(ssh_port "$NODE_B")
             (dualsip:status, dualsip:calls, dualsip:apps, dualsip:switchover)
  Logs:      $NODE_A/data/log/karaf.log
             $NODE_B/data/log/karaf.log
  Status:    $0 --status
  Stop:      $0 --stop
INFO
}

# Stops the passive first, so that stopping the pair does not cause a takeover.
stop_pair() {
    local first
    first="$(node_in_role PASSIVE || echo "$NODE_B")"
    stop_node "$first"
    if [ "$first" = "$NODE_A" ]; then stop_node "$NODE_B"; else stop_node "$NODE_A"; fi
}

case "${1:-}" in
    "") start_pair no ;;
    --build) start_pair yes ;;
    --stop) stop_pair ;;
    --status)
        node_pid "$NODE_A" >/dev/null || node_pid "$NODE_B" >/dev/null || die "no node running in $RUN_DIR"
        print_statuses
        ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown option '$1' (try --help)" ;;
esac

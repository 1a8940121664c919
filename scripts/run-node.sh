#!/usr/bin/env bash
#
# Starts one dualsip node with the demo application, in the background, from this repository:
#
#   scripts/run-node.sh            build if needed, (re)create ./run/node-a, start it, wait until
#                                  dualsip:status answers, print the SIP address to call
#   scripts/run-node.sh --build    rebuild first (mvn -B -q install -DskipTests)
#   scripts/run-node.sh --status   print dualsip:status of the running node
#   scripts/run-node.sh --stop     stop the node
#
# Needs JDK 17 and Maven (for the build); no root. Optional environment, applied to the node's
# etc/ each time it is (re)created:
#   DUALSIP_SIP_ADDRESS (default 127.0.0.10)   DUALSIP_SIP_PORT (default 5060)
#   DUALSIP_SSH_PORT (default 8101)            DUALSIP_RMI_REGISTRY_PORT (1099)
#   DUALSIP_RMI_SERVER_PORT (44444)            DUALSIP_START_TIMEOUT seconds (120)
#
set -euo pipefail

SCRIPT_NAME=run-node
# shellcheck source=lib-node.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib-node.sh"

NODE="$ROOT/run/node-a"

configure_node() {
    [ -n "${DUALSIP_SIP_ADDRESS:-}" ] && cfg_set "$NODE" org.dualsip.floatingip address "$DUALSIP_SIP_ADDRESS"
    [ -n "${DUALSIP_SIP_PORT:-}" ] && cfg_set "$NODE" org.dualsip.sip port "$DUALSIP_SIP_PORT"
    set_ports "$NODE" "${DUALSIP_SSH_PORT:-}" "${DUALSIP_RMI_REGISTRY_PORT:-}" "${DUALSIP_RMI_SERVER_PORT:-}"
}

start_node() {
    local rebuild="$1" pid
    if pid="$(node_pid "$NODE")"; then
        echo "run-node: a node is already running in $NODE (pid $pid); stop it with $0 --stop"
        exit 0
    fi
    build_if_needed "$rebuild"
    create_node "$NODE"
    configure_node
    launch_node "$NODE"
    await_status "$NODE"
    local address port
    address="$(cfg_value "$NODE" org.dualsip.floatingip address 127.0.0.10)"
    port="$(cfg_value "$NODE" org.dualsip.sip port 5060)"
    cat <<INFO

dualsip node running in $NODE (pid $(node_pid "$NODE")), demo application answering every call.

  Call:      sip:demo@${address}:${port}
  Try SIPp:  sipp -sn uac -s demo -i 127.0.0.1 -m 10 -r 5 ${address}:${port}
  Console:   $NODE/bin/client -u karaf -p karaf -a $(ssh_port "$NODE")    (then: dualsip:status, dualsip:calls)
  Logs:      $NODE/data/log/karaf.log
  Stop:      $0 --stop
INFO
}

case "${1:-}" in
    "") start_node no ;;
    --build) start_node yes ;;
    --stop) stop_node "$NODE" ;;
    --status)
        node_pid "$NODE" >/dev/null || die "no node running in $NODE"
        client "$NODE" 'dualsip:status'
        ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown option '$1' (try --help)" ;;
esac

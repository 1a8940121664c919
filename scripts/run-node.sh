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

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ASSEMBLY="$ROOT/karaf-assembly/target/assembly"
NODE="$ROOT/run/node-a"
START_TIMEOUT="${DUALSIP_START_TIMEOUT:-120}"

die() { echo "run-node: $*" >&2; exit 1; }

# bin/client needs JAVA_HOME; derive it from the java on the PATH when unset.
if [ -z "${JAVA_HOME:-}" ]; then
    command -v java >/dev/null 2>&1 || die "no java on the PATH and JAVA_HOME unset (JDK 17 needed)"
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
fi

node_pid() {
    local pid
    [ -f "$NODE/karaf.pid" ] || return 1
    pid="$(cat "$NODE/karaf.pid" 2>/dev/null)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

ssh_port() {
    sed -n 's/^[[:space:]]*sshPort[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' \
        "$NODE/etc/org.apache.karaf.shell.cfg" | head -n 1
}

# Runs shell commands on the node. bin/client with its stdin at end-of-file exits with "Closed",
# so the commands are piped in with -b (batch) instead of passed as arguments.
client() {
    printf '%s\n' "$@" | "$NODE/bin/client" -b -u karaf -p karaf -a "$(ssh_port)" -r 1 -d 1 2>&1
}

# Reads key from etc/<pid>.cfg of the node, or prints the default.
cfg_value() {
    local file="$NODE/etc/$1.cfg" key="$2" default="$3" value=""
    if [ -f "$file" ]; then
        value="$(sed -n "s/^[[:space:]]*${key//./\\.}[[:space:]]*=[[:space:]]*\\([^[:space:]]*\\).*/\\1/p" "$file" | tail -n 1)"
    fi
    echo "${value:-$default}"
}

# Sets key = value in etc/<pid>.cfg of the node (replacing an existing line or appending one).
cfg_set() {
    local file="$NODE/etc/$1.cfg" key="$2" value="$3"
    touch "$file"
    if grep -q "^[[:space:]]*${key//./\\.}[[:space:]]*=" "$file"; then
        sed -i "s|^[[:space:]]*${key//./\\.}[[:space:]]*=.*|${key} = ${value}|" "$file"
    else
        printf '%s = %s\n' "$key" "$value" >> "$file"
    fi
}

stop_node() {
    local pid waited=0
    if ! pid="$(node_pid)"; then
        echo "run-node: no node running in $NODE"
        return 0
    fi
    echo "run-node: stopping node (pid $pid)"
    "$NODE/bin/stop" >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge 30 ]; then
            echo "run-node: node did not stop within 30 s; killing pid $pid"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 1
        waited=$((waited + 1))
    done
    echo "run-node: stopped"
}

build_if_needed() {
    if [ "$1" = yes ] || [ ! -d "$ASSEMBLY" ]; then
        command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build the distribution"
        echo "run-node: building (mvn -B -q install -DskipTests) ..."
        (cd "$ROOT" && mvn -B -q install -DskipTests)
    fi
    [ -x "$ASSEMBLY/bin/start" ] || die "no distribution in $ASSEMBLY after the build"
}

create_node() {
    rm -rf "$NODE"
    mkdir -p "$(dirname "$NODE")"
    cp -a "$ASSEMBLY" "$NODE"
    [ -n "${DUALSIP_SIP_ADDRESS:-}" ] && cfg_set org.dualsip.floatingip address "$DUALSIP_SIP_ADDRESS"
    [ -n "${DUALSIP_SIP_PORT:-}" ] && cfg_set org.dualsip.sip port "$DUALSIP_SIP_PORT"
    [ -n "${DUALSIP_SSH_PORT:-}" ] && cfg_set org.apache.karaf.shell sshPort "$DUALSIP_SSH_PORT"
    [ -n "${DUALSIP_RMI_REGISTRY_PORT:-}" ] && cfg_set org.apache.karaf.management rmiRegistryPort "$DUALSIP_RMI_REGISTRY_PORT"
    [ -n "${DUALSIP_RMI_SERVER_PORT:-}" ] && cfg_set org.apache.karaf.management rmiServerPort "$DUALSIP_RMI_SERVER_PORT"
    return 0
}

# Waits until dualsip:status answers through the SSH console; prints its output.
await_status() {
    local deadline=$((SECONDS + START_TIMEOUT)) output=""
    while [ "$SECONDS" -lt "$deadline" ]; do
        node_pid >/dev/null || die "the node exited during startup; see $NODE/data/log/karaf.log"
        output="$(client 'dualsip:status' || true)"
        if printf '%s' "$output" | grep -q 'STANDALONE\|ACTIVE\|PASSIVE\|STARTING\|FENCED'; then
            printf '%s\n' "$output"
            return 0
        fi
        sleep 2
    done
    printf '%s\n' "$output" >&2
    die "dualsip:status did not answer within ${START_TIMEOUT} s; see $NODE/data/log/karaf.log"
}

start_node() {
    local rebuild="$1" pid
    if pid="$(node_pid)"; then
        echo "run-node: a node is already running in $NODE (pid $pid); stop it with $0 --stop"
        exit 0
    fi
    build_if_needed "$rebuild"
    create_node
    echo "run-node: starting $NODE"
    # Detached, with no inherited pipes: a caller reading our output must not wait for the JVM.
    (cd "$NODE" && setsid bin/start </dev/null >/dev/null 2>&1 &)
    local waited=0
    until node_pid >/dev/null; do
        [ "$waited" -lt 30 ] || die "Karaf did not start; see $NODE/data/log/karaf.log"
        sleep 1
        waited=$((waited + 1))
    done
    await_status
    local address port
    address="$(cfg_value org.dualsip.floatingip address 127.0.0.10)"
    port="$(cfg_value org.dualsip.sip port 5060)"
    cat <<INFO

dualsip node running in $NODE (pid $(node_pid)), demo application answering every call.

  Call:      sip:demo@${address}:${port}
  Try SIPp:  sipp -sn uac -s demo -i 127.0.0.1 -m 10 -r 5 ${address}:${port}
  Console:   $NODE/bin/client -u karaf -p karaf -a $(ssh_port)    (then: dualsip:status, dualsip:calls)
  Logs:      $NODE/data/log/karaf.log
  Stop:      $0 --stop
INFO
}

case "${1:-}" in
    "") start_node no ;;
    --build) start_node yes ;;
    --stop) stop_node ;;
    --status)
        node_pid >/dev/null || die "no node running in $NODE"
        client 'dualsip:status'
        ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown option '$1' (try --help)" ;;
esac

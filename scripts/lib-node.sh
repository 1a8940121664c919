# shellcheck shell=bash
#
# Functions shared by run-node.sh and run-pair.sh: create a node from the built distribution, set its
# configuration, start and stop it, and run shell commands on it. Sourced, not executed. Every
# function takes the node's folder as its first argument; messages are prefixed with $SCRIPT_NAME.
#

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ASSEMBLY="$ROOT/karaf-assembly/target/assembly"
START_TIMEOUT="${DUALSIP_START_TIMEOUT:-120}"
SCRIPT_NAME="${SCRIPT_NAME:-dualsip}"

die() { echo "$SCRIPT_NAME: $*" >&2; exit 1; }

# bin/client needs JAVA_HOME; derive it from the java on the PATH when unset.
if [ -z "${JAVA_HOME:-}" ]; then
    command -v java >/dev/null 2>&1 || die "no java on the PATH and JAVA_HOME unset (JDK 17 needed)"
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
fi

# node_pid DIR: prints the pid of the node's JVM; fails when it is not running.
node_pid() {
    local pid
    [ -f "$1/karaf.pid" ] || return 1
    pid="$(cat "$1/karaf.pid" 2>/dev/null)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# cfg_value DIR PID KEY DEFAULT: the key from DIR/etc/PID.cfg, or DEFAULT.
cfg_value() {
    local file="$1/etc/$2.cfg" key="$3" default="$4" value=""
    if [ -f "$file" ]; then
        value="$(sed -n "s/^[[:space:]]*${key//./\\.}[[:space:]]*=[[:space:]]*\\([^[:space:]]*\\).*/\\1/p" "$file" | tail -n 1)"
    fi
    echo "${value:-$default}"
}

# cfg_set DIR PID KEY VALUE: sets KEY = VALUE in DIR/etc/PID.cfg (replaces the line or appends one).
cfg_set() {
    local file="$1/etc/$2.cfg" key="$3" value="$4"
    touch "$file"
    if grep -q "^[[:space:]]*${key//./\\.}[[:space:]]*=" "$file"; then
        sed -i "s|^[[:space:]]*${key//./\\.}[[:space:]]*=.*|${key} = ${value}|" "$file"
    else
        printf '%s = %s\n' "$key" "$value" >> "$file"
    fi
}

ssh_port() {
    cfg_value "$1" org.apache.karaf.shell sshPort 8101
}

# client DIR CMD...: runs shell commands on the node. bin/client with its stdin at end-of-file exits
# with "Closed", so the commands are piped in with -b (batch) instead of passed as arguments.
client() {
    local dir="$1"
    shift
    printf '%s\n' "$@" | "$dir/bin/client" -b -u karaf -p karaf -a "$(ssh_port "$dir")" -r 1 -d 1 2>&1
}

# stop_node DIR: bin/stop, then SIGKILL after 30 s.
stop_node() {
    local dir="$1" pid waited=0
    if ! pid="$(node_pid "$dir")"; then
        echo "$SCRIPT_NAME: no node running in $dir"
        return 0
    fi
    echo "$SCRIPT_NAME: stopping $dir (pid $pid)"
    "$dir/bin/stop" >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge 30 ]; then
            echo "$SCRIPT_NAME: $dir did not stop within 30 s; killing pid $pid"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 1
        waited=$((waited + 1))
    done
    echo "$SCRIPT_NAME: stopped $dir"
}

# sources_newer_than_assembly: true when a source, pom or etc file changed after the distribution
# was built (e.g. after a git pull), so that a stale distribution is never started.
sources_newer_than_assembly() {
    local stamp="$ASSEMBLY/bin/start"
    [ -n "$(cd "$ROOT" && find pom.xml bundles features karaf-assembly/pom.xml karaf-assembly/src etc \
        -newer "$stamp" -type f -not -path '*/target/*' -print -quit 2>/dev/null)" ]
}

# build_if_needed yes|no: builds the distribution when asked, when it is missing or when it is older
# than the sources.
build_if_needed() {
    if [ "$1" = yes ] || [ ! -d "$ASSEMBLY" ] || sources_newer_than_assembly; then
        command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build the distribution"
        echo "$SCRIPT_NAME: building (mvn -B -q install -DskipTests) ..."
        (cd "$ROOT" && mvn -B -q install -DskipTests)
    fi
    [ -x "$ASSEMBLY/bin/start" ] || die "no distribution in $ASSEMBLY after the build"
}

# create_node DIR: a fresh copy of the distribution (a previous node in DIR is removed).
create_node() {
    rm -rf "$1"
    mkdir -p "$(dirname "$1")"
    cp -a "$ASSEMBLY" "$1"
}

# set_ports DIR SSH RMI_REGISTRY RMI_SERVER: Karaf's own ports (empty = keep the distribution's).
set_ports() {
    [ -n "$2" ] && cfg_set "$1" org.apache.karaf.shell sshPort "$2"
    [ -n "$3" ] && cfg_set "$1" org.apache.karaf.management rmiRegistryPort "$3"
    [ -n "$4" ] && cfg_set "$1" org.apache.karaf.management rmiServerPort "$4"
    return 0
}

# The connector token run-pair.sh gives both nodes unless DUALSIP_TOKEN is set: for a local demo
# only (anyone who reads this file knows it).
DEMO_TOKEN="dualsip-demo-token-change-me"

# set_connector DIR ADDRESS PORT TOKEN: where remote applications connect to this node, and their
# credential (org.dualsip.connector; without a token the connector does not listen).
set_connector() {
    [ "${#4}" -ge 16 ] || die "the connector token must have 16 characters or more (DUALSIP_TOKEN)"
    cfg_set "$1" org.dualsip.connector address "$2"
    cfg_set "$1" org.dualsip.connector port "$3"
    cfg_set "$1" org.dualsip.connector token "$4"
}

# connector_endpoint DIR: address:port of the node's connector.
connector_endpoint() {
    echo "$(cfg_value "$1" org.dualsip.connector address 127.0.0.1):$(cfg_value "$1" org.dualsip.connector port 7001)"
}

# launch_node DIR: starts the node detached and waits until its JVM runs.
launch_node() {
    local dir="$1" waited=0
    echo "$SCRIPT_NAME: starting $dir"
    # Detached, with no inherited pipes: a caller reading our output must not wait for the JVM.
    (cd "$dir" && setsid bin/start </dev/null >/dev/null 2>&1 &)
    until node_pid "$dir" >/dev/null; do
        [ "$waited" -lt 30 ] || die "Karaf did not start in $dir; see $dir/data/log/karaf.log"
        sleep 1
        waited=$((waited + 1))
    done
}

# node_status DIR [--json]: dualsip:status of a running node (empty output when it does not answer).
node_status() {
    local dir="$1"
    shift
    client "$dir" "dualsip:status $*" || true
}

# await_status DIR: waits until dualsip:status answers with a role; prints its output.
await_status() {
    local dir="$1" deadline=$((SECONDS + START_TIMEOUT)) output=""
    while [ "$SECONDS" -lt "$deadline" ]; do
        node_pid "$dir" >/dev/null || die "the node in $dir exited during startup; see $dir/data/log/karaf.log"
        output="$(node_status "$dir")"
        if printf '%s' "$output" | grep -q 'STANDALONE\|ACTIVE\|PASSIVE\|STARTING\|FENCED'; then
            printf '%s\n' "$output"
            return 0
        fi
        sleep 2
    done
    printf '%s\n' "$output" >&2
    die "dualsip:status did not answer within ${START_TIMEOUT} s; see $dir/data/log/karaf.log"
}

package org.dualsip.floatingip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair, for real tests of the linux driver: the driver's
 * node {@value #NODE} (interface {@value #NODE_IF}, 10.97.0.1/24, fd97::1/64) and a peer on the
 * same LAN {@value #PEER} (interface {@value #PEER_IF}, 10.97.0.2/24, fd97::2/64). Only names
 * starting with {@code dsl-} are created, and every one of them is deleted again.
 */
final class NetnsTopology implements AutoCloseable {

    static final String NODE = "dsl-drv1";
    static final String PEER = "dsl-peer1";
    static final String NODE_IF = "dsl-d1";
    static final String PEER_IF = "dsl-p1";

    /** Whether this process may create namespaces (root) and the tools are there. */
    static String unavailableReason() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return "needs root to create network namespaces (uid " + uid + ")";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot tell the uid: " + e;
        }
        for (String tool : List.of("ip", "arping", "stdbuf")) {
            if (ToolSearch.ofEnvironment().find(tool).isEmpty()) {
                return "tool " + tool + " is not installed";
            }
        }
        return null;
    }

    NetnsTopology() {
        removeLeftovers();
        try {
            sh("ip netns add " + NODE);
            sh("ip netns add " + PEER);
            sh("ip link add " + NODE_IF + " type veth peer name " + PEER_IF);
            sh("ip link set " + NODE_IF + " netns " + NODE);
            sh("ip link set " + PEER_IF + " netns " + PEER);
            sh("ip -n " + NODE + " addr add 10.97.0.1/24 dev " + NODE_IF);
            sh("ip -n " + PEER + " addr add 10.97.0.2/24 dev " + PEER_IF);
            sh("ip -n " + NODE + " addr add fd97::1/64 dev " + NODE_IF + " nodad");
            sh("ip -n " + PEER + " addr add fd97::2/64 dev " + PEER_IF + " nodad");
            for (String ns : List.of(NODE, PEER)) {
                sh("ip -n " + ns + " link set lo up");
            }
            sh("ip -n " + NODE + " link set " + NODE_IF + " up");
            sh("ip -n " + PEER + " link set " + PEER_IF + " up");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Deletes what a test run that was killed may have left (our names only). */
    static void removeLeftovers() {
        for (String ns : List.of(NODE, PEER)) {
            run("ip netns del " + ns);
        }
        run("ip link del " + NODE_IF);
    }

    @Override
    public void close() {
        removeLeftovers();
    }

    String nodeMac() {
        String link = sh("ip -n " + NODE + " -o link show dev " + NODE_IF);
        return link.replaceAll("(?s).*link/ether ([0-9a-f:]{17}).*", "$1");
    }

    /** The peer's neighbour entry for an address, e.g. "10.97.0.100 dev dsl-p1 lladdr ... STALE", or "". */
    String peerNeighbour(String address) {
        return sh("ip -n " + PEER + " neigh show " + address).strip();
    }

    String nodeAddresses() {
        return sh("ip -n " + NODE + " -o addr show dev " + NODE_IF);
    }

    /** Runs a command line (split on spaces); throws when it fails. */
    static String sh(String commandLine) {
        Result result = run(commandLine);
        if (result.exit != 0) {
            throw new IllegalStateException("'" + commandLine + "' exited " + result.exit + ": " + result.output);
        }
        return result.output;
    }

    record Result(int exit, String output) {
    }

    static Result run(String commandLine) {
        List<String> command = new ArrayList<>(List.of(commandLine.split(" ")));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}

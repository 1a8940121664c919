package org.dualsip.itest.netns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that gives a test class the namespace topology: checks the prerequisites (root,
 * {@code ip netns}, arping, dumpcap/tshark, SIPp), deletes leftover {@code dsn-*} namespaces of an
 * earlier run, creates the topology once per test JVM and removes it when every class is done (root
 * store), and also from a shutdown hook if the JVM is torn down first.
 *
 * <p>Not root: the tests are skipped, with a banner on stderr. Root (as CI runs) but a tool missing:
 * they fail, naming the Debian package, so that a CI can never skip them silently.
 * {@code -Ddualsip.netns.required=true} makes a skip a failure for any user.
 */
final class NetnsEnvironment implements BeforeAllCallback {

    static final String REQUIRED_PROPERTY = "dualsip.netns.required";
    private static final String TOPOLOGY_KEY = "dualsip-netns-topology";

    @Override
    public void beforeAll(ExtensionContext context) {
        boolean root = isRoot();
        List<String> missing = missingPrerequisites(root);
        if (!missing.isEmpty()) {
            String message = "namespace system tests NOT RUN: " + String.join("; ", missing);
            System.err.println("\n" + "!".repeat(100) + "\n!! " + message + "\n" + "!".repeat(100) + "\n");
            if (root || Boolean.getBoolean(REQUIRED_PROPERTY)) {
                throw new IllegalStateException(message + (root ? " (running as root, so they must run)"
                        : " (-D" + REQUIRED_PROPERTY + "=true)"));
            }
            assumeTrue(false, message);
        }
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(TOPOLOGY_KEY, key -> Topology.create(), Topology.class);
    }

    static boolean isRoot() {
        HostCommand uid = HostCommand.run("id", "-u");
        return uid.succeeded() && uid.output().trim().equals("0");
    }

    static List<String> missingPrerequisites(boolean root) {
        List<String> missing = new ArrayList<>();
        if (!root) {
            missing.add("not root: creating namespaces, veths and addresses needs root");
        }
        if (!HostCommand.run("ip", "netns", "list").succeeded()) {
            missing.add("'ip netns' unavailable (Debian package iproute2)");
        }
        requireTool(missing, "arping", "iputils-arping");
        requireTool(missing, "dumpcap", "tshark");
        requireTool(missing, "tshark", "tshark");
        requireTool(missing, "sipp", "sip-tester");
        requireTool(missing, "stdbuf", "coreutils");
        requireTool(missing, "ndptool", "libndp-tools");
        return missing;
    }

    private static void requireTool(List<String> missing, String tool, String debianPackage) {
        if (!HostCommand.run("sh", "-c", "command -v " + tool).succeeded()) {
            missing.add(tool + " missing (Debian package " + debianPackage + ")");
        }
    }

    /** The topology as a resource of the whole run: created once, removed after the last class. */
    static final class Topology implements ExtensionContext.Store.CloseableResource {

        private final Thread shutdownHook = new Thread(NetnsTopology::destroy, "dsn-topology-cleanup");

        static Topology create() {
            Topology topology = new Topology();
            Runtime.getRuntime().addShutdownHook(topology.shutdownHook);
            NetnsTopology.create();
            System.out.println("[netns] topology up: " + NetnsTopology.existingNamespaces());
            return topology;
        }

        @Override
        public void close() {
            NetnsTopology.destroy();
            System.out.println("[netns] topology removed; dsn-* namespaces left: "
                    + NetnsTopology.existingNamespaces());
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // Already in the hook's own shutdown: it runs anyway.
            }
        }
    }
}

package org.dualsip.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy-and-configure half of the harness, on a fake distribution (no JVM is booted). */
class KarafNodeTest {

    @TempDir
    Path temp;

    private Path fakeDistribution() throws IOException {
        Path dist = temp.resolve("dist");
        Files.createDirectories(dist.resolve("bin"));
        Files.createDirectories(dist.resolve("etc"));
        Files.createDirectories(dist.resolve("data/cache"));
        Path karaf = Files.writeString(dist.resolve("bin/karaf"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(karaf, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dist.resolve("etc/org.apache.karaf.shell.cfg"), "# ssh\nsshPort = 8101\nsshHost = 0.0.0.0\n");
        Files.writeString(dist.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099\n");
        Files.writeString(dist.resolve("etc/org.dualsip.sip.cfg"), "# the port\nport = 5060\n");
        Files.writeString(dist.resolve("data/cache/stale"), "x");
        Files.writeString(dist.resolve("karaf.pid"), "1");
        return dist;
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    @Test
    void copiesTheDistributionAndSetsPortsAddressAndDemo() throws Exception {
        NodeSettings settings = NodeSettings.of(8301, 1301, 44601, "127.0.0.30", 35060)
                .withDemo("hangup.after.ms", "1000");
        KarafNode node = new KarafNode(fakeDistribution(), temp.resolve("node-x"), settings);
        node.prepare();
        Path etc = node.home().resolve("etc");
        assertTrue(Files.isExecutable(node.home().resolve("bin/karaf")), "scripts stay executable");
        assertEquals("8301", load(etc.resolve("org.apache.karaf.shell.cfg")).getProperty("sshPort"));
        assertEquals("127.0.0.1", load(etc.resolve("org.apache.karaf.shell.cfg")).getProperty("sshHost"));
        assertEquals("1301", load(etc.resolve("org.apache.karaf.management.cfg")).getProperty("rmiRegistryPort"));
        assertEquals("44601", load(etc.resolve("org.apache.karaf.management.cfg")).getProperty("rmiServerPort"));
        assertEquals("35060", load(etc.resolve("org.dualsip.sip.cfg")).getProperty("port"));
        assertTrue(Files.readString(etc.resolve("org.dualsip.sip.cfg")).startsWith("# the port\n"), "comments kept");
        assertEquals("127.0.0.30", load(etc.resolve("org.dualsip.floatingip.cfg")).getProperty("address"));
        assertEquals("1000", load(etc.resolve("org.dualsip.demo.cfg")).getProperty("hangup.after.ms"));
        assertEquals("0", load(etc.resolve("org.dualsip.demo.cfg")).getProperty("answer.delay.ms"));
        assertFalse(Files.exists(node.home().resolve("data")), "a previous run's data does not follow");
        assertFalse(Files.exists(node.home().resolve("karaf.pid")));
    }

    @Test
    void aPairNodeGetsItsSyncSettingsAndAStandaloneOneKeepsTheDistributions() throws Exception {
        Path distribution = fakeDistribution();
        Files.writeString(distribution.resolve("etc/org.dualsip.sync.cfg"), "# the peer\npeer =\nbind.port = 7800\n");
        NodeSettings base = NodeSettings.of(8501, 1501, 44801, "127.0.0.60", 45060);
        NodePair pair = NodePair.onLoopback(distribution, temp.resolve("pair"), base, 47900);
        pair.a().prepare();
        pair.b().prepare();
        Properties syncA = load(pair.a().home().resolve("etc/org.dualsip.sync.cfg"));
        Properties syncB = load(pair.b().home().resolve("etc/org.dualsip.sync.cfg"));
        assertEquals("a", syncA.getProperty("node.name"));
        assertEquals("47900", syncA.getProperty("bind.port"));
        assertEquals("127.0.0.1:47910", syncA.getProperty("peer"));
        assertEquals("b", syncB.getProperty("node.name"));
        assertEquals("127.0.0.1:47900", syncB.getProperty("peer"));
        assertTrue(Integer.parseInt(syncA.getProperty("priority")) > Integer.parseInt(syncB.getProperty("priority")));
        assertEquals("8502", load(pair.b().home().resolve("etc/org.apache.karaf.shell.cfg")).getProperty("sshPort"));
        assertEquals("127.0.0.60", load(pair.b().home().resolve("etc/org.dualsip.floatingip.cfg")).getProperty("address"));
        assertEquals("none", load(pair.b().home().resolve("etc/org.dualsip.floatingip.cfg")).getProperty("driver"));

        KarafNode standalone = new KarafNode(distribution, temp.resolve("alone"), base);
        standalone.prepare();
        assertEquals("", load(standalone.home().resolve("etc/org.dualsip.sync.cfg")).getProperty("peer"));
    }

    @Test
    void extraConfigurationIsWrittenAfterTheUsualKeysAndThePrefixReachesTheConsole() throws Exception {
        NodeSettings settings = NodeSettings.of(8101, 1099, 44444, "10.99.0.10", 5060);
        KarafNode node = new KarafNode(fakeDistribution(), temp.resolve("node-ns"), settings)
                .withCommandPrefix(java.util.List.of("ip", "netns", "exec", "dsn-a"))
                .withConfig("org.dualsip.floatingip", java.util.Map.of("driver", "linux", "interface", "eth0"))
                .withConfig("org.dualsip.floatingip", java.util.Map.of("prefix", "24"));
        node.prepare();
        Properties floating = load(node.home().resolve("etc/org.dualsip.floatingip.cfg"));
        assertEquals("linux", floating.getProperty("driver"), "the extra key wins over the usual driver=none");
        assertEquals("eth0", floating.getProperty("interface"));
        assertEquals("24", floating.getProperty("prefix"), "a second withConfig of the same PID adds to the first");
        assertEquals("10.99.0.10", floating.getProperty("address"));
        java.util.List<String> client = node.console().arguments();
        assertEquals(java.util.List.of("ip", "netns", "exec", "dsn-a"), client.subList(0, 4));
        assertEquals(node.home().resolve("bin/client").toString(), client.get(4));
    }

    @Test
    void withoutAPrefixTheConsoleRunsTheClientDirectly() throws Exception {
        KarafNode node = new KarafNode(fakeDistribution(), temp.resolve("node-plain"),
                NodeSettings.of(8301, 1301, 44601, "127.0.0.30", 35060));
        assertTrue(node.commandPrefix().isEmpty());
        assertEquals(node.home().resolve("bin/client").toString(), node.console().arguments().get(0));
    }

    @Test
    void refusesAFolderWithoutKaraf() {
        KarafNode node = new KarafNode(temp.resolve("nothing"), temp.resolve("node-y"),
                NodeSettings.of(8301, 1301, 44601, "127.0.0.30", 35060));
        IllegalStateException e = assertThrows(IllegalStateException.class, node::prepare);
        assertTrue(e.getMessage().contains("bin/karaf missing"), e.getMessage());
    }

    @Test
    void stoppingANodeThatNeverStartedDoesNothing() throws Exception {
        new KarafNode(temp.resolve("nothing"), temp.resolve("node-z"),
                NodeSettings.of(8301, 1301, 44601, "127.0.0.30", 35060)).close();
    }
}

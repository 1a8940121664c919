package org.dualsip.floatingip;

import static org.dualsip.floatingip.NetnsTopology.NODE;
import static org.dualsip.floatingip.NetnsTopology.NODE_IF;
import static org.dualsip.floatingip.NetnsTopology.PEER;
import static org.dualsip.floatingip.NetnsTopology.PEER_IF;
import static org.dualsip.floatingip.NetnsTopology.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.dualsip.api.address.AddressException;
import org.dualsip.api.address.FloatingAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The linux driver for real, in two network namespaces joined by a veth pair: its commands run in
 * the node's namespace through the command prefix {@code ip netns exec dsl-drv1}; what the LAN sees
 * is checked from the peer's. Skipped (with the reason) when not root.
 */
class LinuxAddressDriverNetnsTest {

    private static final String FLOATING = "10.97.0.100";
    private static final String FAKE_MAC = "02:00:00:00:00:99";

    private NetnsTopology topology;
    private final ExecutorService outputReaders = Executors.newCachedThreadPool();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private LinuxAddressDriver driver;

    @BeforeAll
    static void requireRoot() {
        String reason = NetnsTopology.unavailableReason();
        assumeTrue(reason == null, () -> "real namespace tests skipped: " + reason);
    }

    @BeforeEach
    void createTopology() {
        topology = new NetnsTopology();
    }

    @AfterEach
    void deleteTopology() {
        try {
            if (driver != null) {
                driver.releaseAll();
            }
        } finally {
            scheduler.shutdownNow();
            outputReaders.shutdownNow();
            topology.close();
        }
    }

    private LinuxAddressDriver driver(DriverSettings settings) {
        ToolSearch tools = ToolSearch.ofEnvironment();
        driver = new LinuxAddressDriver(new ProcessCommandRunner(List.of("ip", "netns", "exec", NODE), outputReaders,
                tools), scheduler, tools, LinuxAddressDriverNetnsTest::ownCapabilities,
                new DriverReport(Clock.systemUTC()), settings);
        return driver;
    }

    private static DriverSettings burst(int count, long intervalMs) {
        return new DriverSettings(count, Duration.ofMillis(intervalMs), Duration.ZERO, 1, Duration.ofMillis(200),
                Duration.ofSeconds(5));
    }

    private static Capabilities ownCapabilities() {
        try {
            return Capabilities.fromProcStatus(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FloatingAddress address(String ip, int prefix, String iface) throws Exception {
        return new FloatingAddress(InetAddress.getByName(ip), prefix, iface);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void acquireAddsTheLabelledAddressAndThePeerLearnsItFromTheGratuitousArp() throws Exception {
        sh("ip -n " + PEER + " neigh replace " + FLOATING + " lladdr " + FAKE_MAC + " dev " + PEER_IF + " nud stale");
        FloatingAddress floating = address(FLOATING, 24, NODE_IF);
        LinuxAddressDriver driver = driver(burst(5, 200));

        driver.validate(floating);
        driver.acquire(floating);

        String addresses = topology.nodeAddresses();
        assertTrue(addresses.contains("inet 10.97.0.100/24") && addresses.contains(NODE_IF + ":ds"), addresses);
        String mac = topology.nodeMac();
        await("the peer's ARP entry to move to " + mac, () -> topology.peerNeighbour(FLOATING).contains(mac));
        assertEquals("no answer within 200 ms", driver.diagnostics().probeResult());

        driver.release(floating);
        assertFalse(topology.nodeAddresses().contains(FLOATING), topology.nodeAddresses());
    }

    @Test
    void theBurstIsSeenOnTheLanAndStopsAtRelease() throws Exception {
        assumeTrue(ToolSearch.ofEnvironment().find("tshark").isPresent(), "tshark is not installed");
        FloatingAddress floating = address(FLOATING, 24, NODE_IF);
        LinuxAddressDriver driver = driver(new DriverSettings(10, Duration.ofMillis(150), Duration.ofMillis(200), 0,
                Duration.ofMillis(100), Duration.ofSeconds(5)));
        try (ArpCapture capture = new ArpCapture()) {
            driver.acquire(floating);
            long acquired = System.nanoTime();
            Thread.sleep(400); // the first and about two more of the burst
            driver.release(floating);
            double releasedAt = System.currentTimeMillis() / 1000.0;
            long heldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acquired);
            Thread.sleep(1500); // the burst (10 x 150 ms) and the refresh would have gone on
            List<Double> garps = capture.gratuitousArpTimes(FLOATING);

            assertTrue(garps.size() >= 2, "the burst reached the peer: " + garps);
            // However long this loaded machine took to release: no more than one per interval.
            assertTrue(garps.size() <= 2 + heldMs / 150, "held " + heldMs + " ms: " + garps);
            assertTrue(garps.stream().allMatch(t -> t <= releasedAt), "a GARP after release: " + garps
                    + " released at " + releasedAt);
        }
    }

    @Test
    void theProbeRefusesAnAddressThePeerAlreadyHas() throws Exception {
        sh("ip -n " + PEER + " addr add " + FLOATING + "/24 dev " + PEER_IF);
        String peerMac = sh("ip -n " + PEER + " -o link show dev " + PEER_IF)
                .replaceAll("(?s).*link/ether ([0-9a-f:]{17}).*", "$1").toUpperCase();
        FloatingAddress floating = address(FLOATING, 24, NODE_IF);
        LinuxAddressDriver driver = driver(burst(5, 200));

        AddressException e = assertThrows(AddressException.class, () -> driver.acquire(floating));
        assertTrue(e.getMessage().contains("in use on the LAN: answered by " + peerMac), e.getMessage());
        assertFalse(topology.nodeAddresses().contains(FLOATING), topology.nodeAddresses());
        assertFalse(driver.holds(floating));
    }

    @Test
    void aMissingInterfaceAndAForeignSubnetAreRefusedNamingTheKey() throws Exception {
        LinuxAddressDriver driver = driver(burst(5, 200));
        assertEquals("interface", assertThrows(InvalidSettingException.class,
                () -> driver.validate(address(FLOATING, 24, "dsl-nosuch"))).key());
        assertEquals("address", assertThrows(InvalidSettingException.class,
                () -> driver.validate(address("10.98.0.100", 24, NODE_IF))).key());
    }

    @Test
    void ipv6IsAddedWithNodadAndAdvertisedToThePeer() throws Exception {
        assumeTrue(ToolSearch.ofEnvironment().find("ndptool").isPresent(),
                "ndptool (Debian package libndp-tools) is not installed");
        sh("ip -n " + PEER + " -6 neigh replace fd97::100 lladdr " + FAKE_MAC + " dev " + PEER_IF + " nud stale");
        FloatingAddress floating = address("fd97::100", 64, NODE_IF);
        LinuxAddressDriver driver = driver(burst(3, 100));

        driver.validate(floating);
        driver.acquire(floating);

        String addresses = topology.nodeAddresses();
        assertTrue(addresses.contains("inet6 fd97::100/64") && addresses.contains("nodad"), addresses);
        String ours = addresses.lines().filter(l -> l.contains("fd97::100/64")).findFirst().orElseThrow();
        assertFalse(ours.contains("tentative"), "usable at once: " + ours);
        String mac = topology.nodeMac();
        await("the peer's neighbour entry to move to " + mac, () -> topology.peerNeighbour("fd97::100").contains(mac));
        driver.release(floating);
        assertFalse(topology.nodeAddresses().contains("fd97::100"), topology.nodeAddresses());
    }

    @Test
    void theGuardRemovesTheAddressWhenTheJvmLetsGoWithoutReleasing() throws Exception {
        FloatingAddress floating = address(FLOATING, 24, NODE_IF);
        LinuxAddressDriver driver = driver(burst(1, 200));
        driver.acquire(floating);
        assertTrue(topology.nodeAddresses().contains(FLOATING));

        long start = System.nanoTime();
        driver.abandonForTest(); // what the kernel does to the guard's pipe when this JVM is killed
        await("the guard to remove the address", () -> !topology.nodeAddresses().contains(FLOATING));
        System.out.printf("guard removed the address %d ms after its pipe closed%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** tshark on the peer's interface, ARP only; started when it says it captures. */
    private static final class ArpCapture implements AutoCloseable {
        private final Process tshark;
        private final Path output;

        ArpCapture() throws IOException, InterruptedException {
            output = Files.createTempFile("dsl-arp", ".txt");
            tshark = new ProcessBuilder("ip", "netns", "exec", PEER, "tshark", "-i", PEER_IF, "-f", "arp", "-l", "-n",
                    "-T", "fields", "-e", "frame.time_epoch", "-e", "arp.src.proto_ipv4", "-e", "arp.dst.proto_ipv4",
                    "-a", "duration:30").redirectOutput(output.toFile()).start();
            tshark.getOutputStream().close();
            BufferedReader stderr = new BufferedReader(new InputStreamReader(tshark.getErrorStream(),
                    StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String line;
            while ((line = stderr.readLine()) != null && !line.startsWith("Capturing on")) {
                assertTrue(System.nanoTime() < deadline, "tshark did not start");
            }
            assertTrue(line != null, "tshark ended before capturing");
        }

        /** Times of the gratuitous ARPs (sender = target = the address) seen so far. */
        List<Double> gratuitousArpTimes(String ip) throws IOException, InterruptedException {
            tshark.destroy();
            tshark.waitFor(5, TimeUnit.SECONDS);
            List<Double> times = new ArrayList<>();
            for (String line : Files.readAllLines(output)) {
                String[] fields = line.split("\t");
                if (fields.length == 3 && fields[1].equals(ip) && fields[2].equals(ip)) {
                    times.add(Double.parseDouble(fields[0]));
                }
            }
            return times;
        }

        @Override
        public void close() throws IOException {
            tshark.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}

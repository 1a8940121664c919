package org.dualsip.floatingip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.dualsip.api.address.AddressException;
import org.dualsip.api.address.FloatingAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linux driver's logic over scripted commands: order, refusals, cleanup, cancellation. */
class LinuxAddressDriverTest {

    private static final String ETH0 = "2: eth0    inet 10.97.0.1/24 brd 10.97.0.255 scope global eth0\\ valid_lft forever";
    private static final String ROOT = "CapEff:\t000001ffffffffff\n";
    private static final String PROBE = "stdbuf -oL arping -D";
    private static final String GARP = "stdbuf -oL arping -U";
    private static final String ADD = "ip -4 addr add";
    private static final String DEL = "ip -4 addr del";

    private final ScriptedCommands commands = new ScriptedCommands();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final FloatingAddress address = address("10.97.0.100", 24);
    private DriverSettings settings = new DriverSettings(5, Duration.ofMillis(20), Duration.ZERO, 1,
            Duration.ofMillis(30), Duration.ofSeconds(2));
    private String capabilities = ROOT;
    private ToolSearch tools = ToolSearch.ofEnvironment();

    LinuxAddressDriverTest() {
        commands.answer("ip -o addr show dev eth0", 0, ETH0, "");
    }

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private static FloatingAddress address(String ip, int prefix) {
        try {
            return new FloatingAddress(InetAddress.getByName(ip), prefix, "eth0");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private LinuxAddressDriver driver() {
        return new LinuxAddressDriver(commands, scheduler, tools, () -> Capabilities.fromProcStatus(capabilities),
                new DriverReport(Clock.systemUTC()), settings);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    private int indexOf(String prefix) {
        synchronized (commands.journal) {
            for (int i = 0; i < commands.journal.size(); i++) {
                if (commands.journal.get(i).startsWith(prefix)) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Test
    void acquireProbesThenAddsThenGuardsThenAnnouncesTheWholeBurst() throws Exception {
        LinuxAddressDriver driver = driver();
        driver.validate(address);
        driver.acquire(address);

        assertTrue(indexOf(PROBE) < indexOf(ADD), commands.journal.toString());
        assertTrue(indexOf(ADD) < indexOf("sh -c"), commands.journal.toString());
        assertTrue(indexOf("sh -c") < indexOf(GARP), commands.journal.toString());
        assertEquals("ip -4 addr add 10.97.0.100/24 dev eth0 label eth0:ds", commands.journal.get(indexOf(ADD)));
        await("the burst", () -> commands.count(GARP) == 5);
        Thread.sleep(100);
        assertEquals(5, commands.count(GARP), "no announcement beyond the burst without refresh");
        DriverDiagnostics diagnostics = driver.diagnostics();
        assertNotNull(diagnostics.lastAnnounce());
        assertEquals("no answer within 30 ms", diagnostics.probeResult());
        assertNull(diagnostics.alarm());
        assertTrue(driver.holds(address));
    }

    @Test
    void anAnsweredProbeLeavesTheAddressAlone() {
        commands.answer(PROBE, 1, "ARPING 10.97.0.100 from 0.0.0.0 eth0\n"
                + "Unicast reply from 10.97.0.100 [02:00:00:00:00:99]  0.530ms\nReceived 1 response(s)\n", "");
        LinuxAddressDriver driver = driver();

        AddressException e = assertThrows(AddressException.class, () -> driver.acquire(address));
        assertTrue(e.getMessage().contains("in use on the LAN: answered by 02:00:00:00:00:99"), e.getMessage());
        assertEquals(2, commands.count(PROBE), "an answer is confirmed once before refusing");
        assertEquals(0, commands.count(ADD));
        assertEquals(0, commands.count(GARP));
        assertEquals("answered by 02:00:00:00:00:99 (10.97.0.100)", driver.diagnostics().probeResult());
        assertFalse(driver.holds(address));
    }

    @Test
    void anAnswerThatGoesAwayAtOnceDoesNotStopATakeover() throws Exception {
        // The killed peer answers the first probe; its guard has removed the address by the second.
        AtomicInteger probes = new AtomicInteger();
        LinuxAddressDriver driver = new LinuxAddressDriver(new DelegatingCommands(commands) {
            @Override
            public RunningCommand startUntilLine(List<String> command, String linePrefix, Duration timeout)
                    throws AddressException {
                if (String.join(" ", command).startsWith(PROBE) && probes.incrementAndGet() == 2) {
                    commands.answer(PROBE, 0, "", "");
                }
                return super.startUntilLine(command, linePrefix, timeout);
            }
        }, scheduler, tools, () -> Capabilities.fromProcStatus(capabilities), new DriverReport(Clock.systemUTC()),
                settings);
        commands.answer(PROBE, 1, "Unicast reply from 10.97.0.100 [02:00:00:00:00:99]  0.530ms\n", "");

        driver.acquire(address);
        assertTrue(driver.holds(address));
        assertEquals(2, commands.count(PROBE));
        driver.release(address);
    }

    @Test
    void anAnswerNoticedOnlyAfterTheWindowStillRefuses() {
        // A loaded machine: arping printed the reply, but its exit is seen only when it is stopped.
        String replied = "ARPING 10.97.0.100 from 0.0.0.0 eth0\nUnicast reply from 10.97.0.100 [02:00:00:00:00:98]  0.4ms\n";
        LinuxAddressDriver driver = new LinuxAddressDriver(new DelegatingCommands(commands) {
            @Override
            public RunningCommand startUntilLine(List<String> command, String linePrefix, Duration timeout)
                    throws AddressException {
                if (!String.join(" ", command).startsWith(PROBE)) {
                    return super.startUntilLine(command, linePrefix, timeout);
                }
                commands.journal.add(String.join(" ", command));
                return new RunningCommand() {
                    private final java.util.concurrent.CompletableFuture<CommandResult> result =
                            new java.util.concurrent.CompletableFuture<>();

                    @Override
                    public java.util.concurrent.CompletableFuture<CommandResult> result() {
                        return result;
                    }

                    @Override
                    public void stop() {
                        result.complete(new CommandResult(command, -1, replied, "", false));
                    }

                    @Override
                    public void abandon() {
                    }
                };
            }
        }, scheduler, tools, () -> Capabilities.fromProcStatus(capabilities), new DriverReport(Clock.systemUTC()),
                settings);

        AddressException e = assertThrows(AddressException.class, () -> driver.acquire(address));
        assertTrue(e.getMessage().contains("answered by 02:00:00:00:00:98"), e.getMessage());
        assertEquals(0, commands.count(ADD));
    }

    @Test
    void aFailedProbeIsNotTakenForAFreeAddress() {
        commands.answer(PROBE, 2, "", "arping: Device eth0 not available.");
        AddressException e = assertThrows(AddressException.class, () -> driver().acquire(address));
        assertTrue(e.getMessage().contains("Device eth0 not available"), e.getMessage());
        assertEquals(0, commands.count(ADD));
    }

    @Test
    void aFailedFirstAnnouncementRemovesTheAddressAgain() {
        commands.answer(GARP, 2, "", "arping: bind: Cannot assign requested address");
        LinuxAddressDriver driver = driver();

        AddressException e = assertThrows(AddressException.class, () -> driver.acquire(address));
        assertTrue(e.getMessage().contains("gratuitous ARP failed"), e.getMessage());
        assertTrue(indexOf(GARP) < indexOf(DEL), commands.journal.toString());
        assertEquals(1, commands.count("stop sh -c"), "the guard is stopped");
        assertFalse(driver.holds(address));
    }

    @Test
    void aFailedAddIsReportedWithIpsOwnWords() {
        commands.answer(ADD, 2, "", "RTNETLINK answers: Operation not permitted");
        AddressException e = assertThrows(AddressException.class, () -> driver().acquire(address));
        assertTrue(e.getMessage().endsWith("exited 2: RTNETLINK answers: Operation not permitted"), e.getMessage());
        assertEquals(0, commands.count(GARP));
    }

    @Test
    void nothingIsAnnouncedOnceReleaseReturnsEvenWithASendInFlight() throws Exception {
        settings = new DriverSettings(5, Duration.ofMillis(40), Duration.ofMillis(100), 0, Duration.ofMillis(30),
                Duration.ofSeconds(2));
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicInteger garps = new AtomicInteger();
        LinuxAddressDriver driver = new LinuxAddressDriver(new SlowSecondAnnouncement(commands, garps, secondStarted),
                scheduler, tools, () -> Capabilities.fromProcStatus(capabilities), new DriverReport(Clock.systemUTC()),
                settings);
        driver.acquire(address);
        assertTrue(secondStarted.await(10, TimeUnit.SECONDS));

        driver.release(address); // the second announcement is still being sent
        int afterRelease = commands.journal.size();
        Thread.sleep(300); // burst interval 40 ms, refresh 100 ms: several would have followed

        assertEquals(afterRelease, commands.journal.size(), commands.journal.toString());
        assertEquals(2, commands.count(GARP));
        assertTrue(indexOf(DEL) > commands.journal.lastIndexOf(commands.journal.stream()
                .filter(l -> l.startsWith(GARP)).reduce((a, b) -> b).orElseThrow()), commands.journal.toString());
        assertTrue(commands.lingering.isEmpty(), "lingering arping processes and the guard are stopped");
    }

    @Test
    void theRefreshRepeatsWhileHeld() throws Exception {
        settings = new DriverSettings(1, Duration.ofMillis(10), Duration.ofMillis(100), 0, Duration.ofMillis(30),
                Duration.ofSeconds(2));
        LinuxAddressDriver driver = driver();
        driver.acquire(address);
        await("two refreshes", () -> commands.count(GARP) >= 3);
        driver.release(address);
        assertEquals("off (probe.count = 0)", driver.diagnostics().probeResult());
    }

    @Test
    void aFailedBackgroundAnnouncementRaisesTheAlarm() throws Exception {
        AtomicInteger garps = new AtomicInteger();
        LinuxAddressDriver driver = new LinuxAddressDriver(new FailingAfterFirst(commands, garps), scheduler, tools,
                () -> Capabilities.fromProcStatus(capabilities), new DriverReport(Clock.systemUTC()), settings);
        driver.acquire(address);
        await("the alarm", () -> driver.diagnostics().alarm() != null);
        assertTrue(driver.diagnostics().alarm().contains("announcing 10.97.0.100 on eth0 failed"),
                driver.diagnostics().alarm());
        driver.release(address);
    }

    @Test
    void releasingAnAddressNotHeldDoesNothing() throws Exception {
        driver().release(address);
        assertTrue(commands.journal.isEmpty(), commands.journal.toString());
    }

    @Test
    void ipv6IsAddedWithNodadAndAnnouncedWithANeighbourAdvertisementWithoutProbe() throws Exception {
        FloatingAddress v6 = address("fd97::100", 64);
        LinuxAddressDriver driver = driver();
        driver.acquire(v6);
        assertEquals(0, commands.count(PROBE));
        assertTrue(commands.journal.contains("ip -6 addr add fd97:0:0:0:0:0:0:100/64 dev eth0 nodad"));
        await("the burst", () -> commands.count("ndptool -t na -U") == 5);
        driver.release(v6);
        assertEquals("not probed (IPv6)", driver.diagnostics().probeResult());
    }

    @Test
    void aMissingInterfaceIsRefusedNamingTheKey() {
        commands.answer("ip -o addr show dev eth0", 1, "", "Device \"eth0\" does not exist.");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> driver().validate(address));
        assertEquals("interface", e.key());
    }

    @Test
    void anAddressOutsideTheSubnetIsRefusedNamingTheKey() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> driver().validate(address("10.98.0.100", 24)));
        assertEquals("address", e.key());
    }

    @Test
    void aMissingToolIsNamed(@TempDir Path bin) throws Exception {
        for (String tool : List.of("ip", "sh", "stdbuf")) {
            Path file = Files.writeString(bin.resolve(tool), "#!/bin/sh\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        tools = ToolSearch.only(bin.toString());
        AddressException e = assertThrows(AddressException.class, () -> driver().validate(address));
        assertTrue(e.getMessage().contains("needs the tool 'arping'"), e.getMessage());
    }

    @Test
    void missingPrivilegesAreNamed() {
        capabilities = "CapEff:\t0000000000001000\n";
        AddressException e = assertThrows(AddressException.class, () -> driver().validate(address));
        assertTrue(e.getMessage().contains("insufficient privileges: the linux driver needs CAP_NET_RAW"),
                e.getMessage());
    }

    @Test
    void refusedDriverKeysRefuseEveryAddressNamingTheKey() {
        LinuxAddressDriver driver = driver();
        driver.settingsRefused(new InvalidSettingException(AddressSettings.PID, "announce.count", "0", "too few"));
        assertEquals("announce.count", assertThrows(InvalidSettingException.class, () -> driver.validate(address)).key());
        driver.settings(DriverSettings.DEFAULTS);
        assertDoesNotThrowAddress(driver);
    }

    @Test
    void anAddressAlreadyOnTheInterfaceButNotOursIsReported() {
        commands.answer("ip -o addr show dev eth0", 0, ETH0
                + "\n2: eth0    inet 10.97.0.100/24 scope global secondary eth0\\ valid_lft forever", "");
        AddressException e = assertThrows(AddressException.class, () -> driver().validate(address));
        assertTrue(e.getMessage().contains("already configured on eth0"), e.getMessage());
    }

    private void assertDoesNotThrowAddress(LinuxAddressDriver driver) {
        try {
            driver.validate(address);
        } catch (AddressException e) {
            throw new AssertionError(e);
        }
    }

    /** The second gratuitous ARP takes a while to get out, so that a release can overtake it. */
    private static final class SlowSecondAnnouncement extends DelegatingCommands {
        private final AtomicInteger garps;
        private final CountDownLatch secondStarted;

        SlowSecondAnnouncement(ScriptedCommands delegate, AtomicInteger garps, CountDownLatch secondStarted) {
            super(delegate);
            this.garps = garps;
            this.secondStarted = secondStarted;
        }

        @Override
        public RunningCommand startUntilLine(List<String> command, String linePrefix, Duration timeout)
                throws AddressException {
            if (String.join(" ", command).startsWith(GARP) && garps.incrementAndGet() == 2) {
                secondStarted.countDown();
                sleep(150);
            }
            return super.startUntilLine(command, linePrefix, timeout);
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every gratuitous ARP after the first fails. */
    private static final class FailingAfterFirst extends DelegatingCommands {
        private final AtomicInteger garps;

        FailingAfterFirst(ScriptedCommands delegate, AtomicInteger garps) {
            super(delegate);
            this.garps = garps;
        }

        @Override
        public RunningCommand startUntilLine(List<String> command, String linePrefix, Duration timeout)
                throws AddressException {
            if (String.join(" ", command).startsWith(GARP) && garps.incrementAndGet() == 2) {
                delegate.answer(GARP, 2, "", "arping: sendto: Network is down");
            }
            return super.startUntilLine(command, linePrefix, timeout);
        }
    }

    private abstract static class DelegatingCommands implements CommandRunner {
        final ScriptedCommands delegate;

        DelegatingCommands(ScriptedCommands delegate) {
            this.delegate = delegate;
        }

        @Override
        public CommandResult run(List<String> command, Duration timeout) {
            return delegate.run(command, timeout);
        }

        @Override
        public RunningCommand startUntilLine(List<String> command, String linePrefix, Duration timeout)
                throws AddressException {
            return delegate.startUntilLine(command, linePrefix, timeout);
        }

        @Override
        public RunningCommand startWithOpenInput(List<String> command) {
            return delegate.startWithOpenInput(command);
        }
    }
}

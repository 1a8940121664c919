package org.dualsip.floatingip;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dualsip.api.address.AddressException;
import org.dualsip.api.address.FloatingAddress;
import org.dualsip.api.address.FloatingAddressDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code linux} driver: puts the address on an interface with iproute2 and announces it
 * (gratuitous ARP with iputils' arping, unsolicited neighbour advertisement with libndp's ndptool).
 * Before an IPv4 address is added, an RFC 5227 probe checks that nobody on the LAN answers for it.
 * While the address is held a guard process waits on a pipe from this JVM and removes the address
 * if the JVM dies without releasing it, so that a killed node does not keep answering for it.
 * See docs/floating-ip.md.
 */
final class LinuxAddressDriver implements FloatingAddressDriver, DiagnosedDriver {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxAddressDriver.class);
    private static final Pattern REPLY = Pattern.compile("reply from (\\S+) \\[([0-9A-Fa-f:]+)\\]");

    /** An address this driver added: its announcements and its guard. */
    private record Held(AnnouncementSession announcements, RunningCommand guard) {
    }

    private final CommandRunner runner;
    private final ScheduledExecutorService scheduler;
    private final ToolSearch tools;
    private final Supplier<Capabilities> capabilities;
    private final DriverReport report;
    private final Map<FloatingAddress, Held> held = new ConcurrentHashMap<>();
    private volatile DriverSettings settings;
    /** Set while the driver's own keys are invalid: every validate then refuses with it. */
    private volatile InvalidSettingException settingsProblem;

    LinuxAddressDriver(CommandRunner runner, ScheduledExecutorService scheduler, ToolSearch tools,
            Supplier<Capabilities> capabilities, DriverReport report, DriverSettings settings) {
        this.runner = runner;
        this.scheduler = scheduler;
        this.tools = tools;
        this.capabilities = capabilities;
        this.report = report;
        this.settings = settings;
    }

    /** New driver keys; an address held stays announced with the settings it was acquired with. */
    void settings(DriverSettings next) {
        settings = next;
        settingsProblem = null;
    }

    /** The driver keys are invalid: nothing can be acquired until they are fixed. */
    void settingsRefused(InvalidSettingException problem) {
        settingsProblem = problem;
    }

    @Override
    public DriverDiagnostics diagnostics() {
        return report.snapshot();
    }

    @Override
    public void validate(FloatingAddress address) throws AddressException {
        InvalidSettingException problem = settingsProblem;
        if (problem != null) {
            throw problem;
        }
        if (address.iface().isEmpty()) {
            throw new InvalidSettingException(AddressSettings.PID, "interface", "",
                    "the linux driver needs the interface to put the address on");
        }
        checkTools(address);
        checkPrivileges();
        List<InterfaceAddress> present = interfaceAddresses(address.iface());
        SubnetRule.check(address, present);
        boolean configured = present.stream().anyMatch(a -> a.address().equals(address.address()));
        // Held under other settings (a prefix being changed) is still ours.
        boolean ours = held.keySet().stream().anyMatch(h -> h.address().equals(address.address()));
        if (configured && !ours) {
            throw new AddressException(address.host() + " is already configured on " + address.iface()
                    + " though this node does not hold it (added by hand or left by another process); "
                    + "remove it with: ip addr del " + LinuxCommandLines.withPrefix(address) + " dev "
                    + address.iface());
        }
    }

    @Override
    public void acquire(FloatingAddress address) throws AddressException {
        if (held.containsKey(address)) {
            return;
        }
        DriverSettings current = settings;
        probe(address, current);
        CommandResult added = runner.run(LinuxCommandLines.addAddress(address), current.commandTimeout());
        if (!added.succeeded()) {
            throw new AddressException("cannot add " + address.host() + " to " + address.iface() + ": "
                    + added.describe());
        }
        RunningCommand guard = null;
        AnnouncementSession announcements = new AnnouncementSession(address, current, runner, scheduler, report);
        try {
            guard = runner.startWithOpenInput(LinuxCommandLines.removeWhenOrphaned(address));
            announcements.announceFirst();
        } catch (AddressException | RuntimeException e) {
            // Never leave a half-configured address: take it away again before reporting.
            announcements.close();
            removeAfterFailure(address, current);
            if (guard != null) {
                guard.stop();
            }
            throw e instanceof AddressException ae ? ae : new AddressException(e.toString(), e);
        }
        announcements.scheduleRest();
        held.put(address, new Held(announcements, guard));
        report.clearAlarm();
        LOG.info("added {} to {} and announced it ({})", LinuxCommandLines.withPrefix(address), address.iface(),
                current);
    }

    @Override
    public void release(FloatingAddress address) throws AddressException {
        Held releasing = held.remove(address);
        if (releasing == null) {
            return; // not added by this driver: an address someone else put there is not ours to remove
        }
        releasing.announcements().close();
        CommandResult removed = runner.run(LinuxCommandLines.removeAddress(address), settings.commandTimeout());
        // Stopped only after the removal: should this JVM die in between, the guard still removes it.
        releasing.guard().stop();
        if (!removed.succeeded() && !notPresent(removed)) {
            String alarm = "cannot remove " + address.host() + " from " + address.iface() + ": " + removed.describe();
            report.alarm(alarm);
            throw new AddressException(alarm);
        }
        LOG.info("removed {} from {}", LinuxCommandLines.withPrefix(address), address.iface());
    }

    /** Releases every address still held (the driver is stopping). */
    void releaseAll() {
        for (FloatingAddress address : List.copyOf(held.keySet())) {
            try {
                release(address);
            } catch (AddressException e) {
                LOG.error("while stopping: {}", e.getMessage());
            }
        }
    }

    /** Whether an address is held by this driver (tests). */
    boolean holds(FloatingAddress address) {
        return held.containsKey(address);
    }

    /** Test hook: lets go of the guards as a dying JVM would, without removing anything. */
    void abandonForTest() {
        held.values().forEach(h -> {
            h.announcements().close();
            h.guard().abandon();
        });
        held.clear();
    }

    private void checkTools(FloatingAddress address) throws AddressException {
        for (String tool : LinuxCommandLines.toolsFor(address)) {
            if (tools.find(tool).isEmpty()) {
                throw new AddressException("the linux driver needs the tool '" + tool + "', which is not installed"
                        + " (searched " + tools.searchPath() + "; Debian packages: iproute2, iputils-arping,"
                        + " coreutils, libndp-tools)");
            }
        }
    }

    private void checkPrivileges() throws AddressException {
        List<String> missing;
        try {
            missing = capabilities.get().missingForDriver();
        } catch (RuntimeException e) {
            throw new AddressException("cannot read this process's capabilities: " + e.getMessage(), e);
        }
        if (!missing.isEmpty()) {
            throw new AddressException("insufficient privileges: the linux driver needs "
                    + String.join(" and ", missing)
                    + " (run Karaf as root or grant them, e.g. systemd AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW)");
        }
    }

    private List<InterfaceAddress> interfaceAddresses(String iface) throws AddressException {
        CommandResult shown = runner.run(LinuxCommandLines.showAddresses(iface), settings.commandTimeout());
        if (shown.succeeded()) {
            return InterfaceAddress.parse(shown.stdout());
        }
        if (shown.stderr().contains("does not exist")) {
            throw new InvalidSettingException(AddressSettings.PID, "interface", iface,
                    "no such interface on this host");
        }
        throw new AddressException("cannot list the addresses of " + iface + ": " + shown.describe());
    }

    /**
     * RFC 5227: do not take an address somebody on the LAN answers for. IPv4 only (see docs). An
     * answer is confirmed by a second probe one probe window later before the address is refused:
     * a peer that was just killed answers until its guard has removed the address (some ms), and
     * a takeover must not wait a whole retry period for that.
     */
    private void probe(FloatingAddress address, DriverSettings current) throws AddressException {
        if (!LinuxCommandLines.isIpv4(address)) {
            report.probed("not probed (IPv6)");
            return;
        }
        if (current.probeCount() == 0) {
            report.probed("off (probe.count = 0)");
            return;
        }
        String answer = probeOnce(address, current);
        if (answer != null) {
            LOG.debug("ARP probe for {}: {}; probing once more before refusing it", address.host(), answer);
            sleep(current.probeTimeout());
            answer = probeOnce(address, current);
        }
        if (answer == null) {
            report.probed("no answer within " + current.probeTimeout().toMillis() + " ms");
            return;
        }
        report.probed(answer);
        throw new AddressException(address.host() + " is in use on the LAN: " + answer
                + " to the ARP probe on " + address.iface() + "; not configuring it");
    }

    /**
     * "answered by MAC (ip)", or null when nobody answered; throws when the probe itself failed.
     * The answer is read from what arping printed, not from when this JVM noticed it: on a loaded
     * machine the exit of an answered arping may be seen after the window, and taking that for
     * "free" would put the address on two hosts.
     */
    private String probeOnce(FloatingAddress address, DriverSettings current) throws AddressException {
        RunningCommand arping = runner.startUntilLine(LinuxCommandLines.arpProbe(address, current.probeCount()),
                LinuxCommandLines.ARPING_HEADER, current.commandTimeout());
        CommandResult result = awaitProbe(arping, current.probeTimeout(), current.commandTimeout());
        Matcher reply = REPLY.matcher(result.stdout());
        if (reply.find()) {
            return "answered by " + reply.group(2) + " (" + reply.group(1) + ")";
        }
        boolean stoppedAfterWindow = result.exitCode() == -1 && !result.timedOut();
        if (result.exitCode() == 0 || stoppedAfterWindow) {
            return null;
        }
        report.probed("failed");
        throw new AddressException("ARP probe of " + address.host() + " failed: " + result.describe());
    }

    private static void sleep(Duration duration) throws AddressException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AddressException("interrupted during the ARP probe");
        }
    }

    /** The probe's result; when it is still listening after the window, it is stopped first. */
    private static CommandResult awaitProbe(RunningCommand arping, Duration window, Duration limit)
            throws AddressException {
        try {
            try {
                return arping.result().get(window.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                arping.stop();
                return arping.result().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            throw new AddressException("ARP probe did not end after being stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            arping.stop();
            throw new AddressException("interrupted during the ARP probe");
        } catch (ExecutionException e) {
            throw new AddressException("ARP probe failed: " + e.getCause(), e.getCause());
        }
    }

    private void removeAfterFailure(FloatingAddress address, DriverSettings current) {
        try {
            CommandResult removed = runner.run(LinuxCommandLines.removeAddress(address), current.commandTimeout());
            if (!removed.succeeded() && !notPresent(removed)) {
                report.alarm("cannot remove " + address.host() + " after a failed acquire: " + removed.describe());
            }
        } catch (AddressException e) {
            report.alarm("cannot remove " + address.host() + " after a failed acquire: " + e.getMessage());
        }
    }

    /** ip's answer when the address is not (or no longer) there. */
    private static boolean notPresent(CommandResult result) {
        return result.stderr().contains("Cannot assign requested address");
    }
}

package org.dualsip.floatingip;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.dualsip.api.address.AddressException;
import org.dualsip.api.address.FloatingAddressDriver;
import org.dualsip.api.address.FloatingAddressStatus;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.floatingip.ServiceAddressPublisher.Publication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the service address with the configured driver and publishes it while held.
 *
 * <p>The address is held only while this node's role is ACTIVE or STANDALONE, and only once the
 * configured driver is there: a node never binds before its role is decided (DESIGN §3.3). The
 * order matters and is kept in one place: validate, acquire, then publish; on the way out,
 * withdraw the publication first (SIP unbinds) and only then release the address.
 *
 * <p>Every method is synchronized: role changes (the sync bundle's role thread), configuration
 * changes and driver arrivals come on different threads, and each transition must run to its end
 * before the next starts.
 *
 * <p>When the address should be held but acquiring fails (e.g. another host answered the ARP
 * probe), the failure is kept as the alarm and acquiring is retried through the {@link Retry}
 * given, one attempt pending at a time, until it succeeds or the role no longer allows holding.
 */
public class ServiceAddressHolder {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceAddressHolder.class);

    /** What is held: the settings it was acquired with, the driver that did it, the publication. */
    private record Held(AddressSettings settings, FloatingAddressDriver driver, Publication publication) {
    }

    /** Runs a task once, later (the component's scheduler, after the configured retry period). */
    @FunctionalInterface
    public interface Retry {
        void later(Runnable task);
    }

    private final ServiceAddressPublisher publisher;
    private final Retry retry;
    private boolean retryPending;
    private final Map<String, FloatingAddressDriver> drivers = new HashMap<>();
    /** Null while no valid configuration was ever given: nothing is held then. */
    private AddressSettings settings;
    private boolean started;
    /** The role this node was last told, or null while it is not decided (nothing is held then). */
    private RoleChange role;
    private Held held;
    private String alarm;

    /**
     * @param settings the initial settings, or null when the configuration was refused (the holder
     *                 then waits for a valid one through {@link #reconfigure})
     */
    public ServiceAddressHolder(ServiceAddressPublisher publisher, AddressSettings settings) {
        this(publisher, settings, task -> { });
    }

    /**
     * @param retry schedules a later attempt when acquiring failed while the address should be held
     */
    public ServiceAddressHolder(ServiceAddressPublisher publisher, AddressSettings settings, Retry retry) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.settings = settings;
    }

    /**
     * Starts holding: acquires the address now if the role allows it and the driver is there, else
     * when both are so.
     */
    public synchronized void start() {
        started = true;
        if (settings == null) {
            alarm = "no valid " + AddressSettings.PID + " configuration";
        } else if (drivers.containsKey(settings.driver())) {
            if (!roleAllowsHolding()) {
                LOG.info("{} is held once this node's role is ACTIVE or STANDALONE (now {})",
                        settings.address().host(), roleName());
            }
            tryAcquire();
        } else {
            // Usual at start-up (drivers register in any order): a note now, a warning if it lasts.
            alarm = "driver " + settings.driver() + " not available";
            LOG.info("waiting for address driver {} to hold {}", settings.driver(), settings.address().host());
        }
    }

    /** Warns when the configured driver is still missing (called a little after {@link #start}). */
    public synchronized void warnIfDriverMissing() {
        if (started && held == null && settings != null && !drivers.containsKey(settings.driver())) {
            reportDriverMissing();
        }
    }

    /** Releases the address (withdrawing it first) and stops. */
    public synchronized void close() {
        release("stopping");
        started = false;
    }

    /**
     * This node's role changed. Demotion is synchronous: when this returns, SIP has been told to
     * unbind (the publication is withdrawn) and the address is released. Promotion acquires and
     * publishes; a failure there is kept as the alarm.
     */
    public synchronized void roleChanged(RoleChange change) {
        Objects.requireNonNull(change, "change");
        role = change;
        if (!roleAllowsHolding()) {
            release("role " + change.to() + " in epoch " + change.epoch());
        } else if (started && settings != null && held == null) {
            LOG.info("role {} in epoch {}: acquiring service address {}", change.to(), change.epoch(), settings);
        }
        if (started) {
            tryAcquire(); // holds when promoted; when demoted, re-checks what a later takeover needs
        }
    }

    /**
     * Nobody decides this node's role any more (the pair service went away): nothing may be held
     * until a role is told again, because nothing would fence this node against a peer taking over.
     */
    public synchronized void roleUndecided(String reason) {
        role = null;
        release(reason);
        if (started) {
            tryAcquire();
        }
    }

    /** A driver service appeared. */
    public synchronized void driverAdded(String name, FloatingAddressDriver driver) {
        if (name == null || driver == null) {
            return;
        }
        drivers.put(name, driver);
        LOG.debug("address driver {} available", name);
        if (started && settings != null && name.equals(settings.driver())) {
            tryAcquire();
        }
    }

    /** A driver service is going away: if it holds our address, let go of the address first. */
    public synchronized void driverRemoved(String name, FloatingAddressDriver driver) {
        if (name == null || driver == null || !drivers.remove(name, driver)) {
            return;
        }
        if (held != null && held.driver() == driver) {
            release("driver " + name + " went away");
        }
        if (started && settings != null && name.equals(settings.driver())) {
            reportDriverMissing();
        }
    }

    /**
     * Applies new settings. When the driver is there it validates them first and, if it refuses,
     * the previous settings stay in force (and stay held).
     *
     * @return true when the new settings are in force
     */
    public synchronized boolean reconfigure(AddressSettings next) {
        Objects.requireNonNull(next, "next");
        if (next.equals(settings)) {
            return true;
        }
        FloatingAddressDriver driver = drivers.get(next.driver());
        if (driver != null && !acceptedBy(driver, next)) {
            return false;
        }
        LOG.info("service address configuration {} -> {}", Objects.toString(settings, "none"), next);
        release("reconfigured");
        settings = next;
        if (started) {
            tryAcquire();
        }
        return true;
    }

    /** The settings in force, or null when none was valid yet. */
    public synchronized AddressSettings settings() {
        return settings;
    }

    /** A snapshot of what is held and why not, if it is not. */
    public synchronized AddressStatus status() {
        Role current = role == null ? null : role.to();
        return settings == null ? new AddressStatus(null, null, current, false, alarm)
                : new AddressStatus(settings.address(), settings.driver(), current, held != null, alarm);
    }

    /**
     * The status for operators: the holder's alarm first (why the address is not held), else the
     * driver's (a failure after acquiring, e.g. a background announcement).
     */
    public synchronized FloatingAddressStatus floatingStatus() {
        FloatingAddressDriver driver = settings == null ? null : drivers.get(settings.driver());
        DriverDiagnostics diagnostics = driver instanceof DiagnosedDriver diagnosed ? diagnosed.diagnostics()
                : DriverDiagnostics.NONE;
        String shownAlarm = alarm != null ? alarm : diagnostics.alarm();
        Instant lastAnnounce = diagnostics.lastAnnounce();
        return new FloatingAddressStatus(settings == null ? null : settings.driver(),
                settings == null ? null : settings.address(), held != null, shownAlarm, lastAnnounce,
                diagnostics.probeResult());
    }

    /** Only an ACTIVE or STANDALONE node may hold the address; an undecided one may not. */
    private boolean roleAllowsHolding() {
        return role != null && (role.to() == Role.ACTIVE || role.to() == Role.STANDALONE);
    }

    private String roleName() {
        return role == null ? "undecided" : role.to().name();
    }

    private boolean acceptedBy(FloatingAddressDriver driver, AddressSettings next) {
        try {
            driver.validate(next.address());
            return true;
        } catch (InvalidSettingException e) {
            // The driver named the key itself (e.g. interface, prefix).
            LOG.error("{} (driver {}); keeping the previous configuration ({})", e.getMessage(), next.driver(),
                    Objects.toString(settings, "none valid yet"));
            return false;
        } catch (AddressException | RuntimeException e) {
            LOG.error("{}: invalid value '{}' for key 'address': driver {} refused it: {}; "
                    + "keeping the previous configuration ({})", AddressSettings.PID, next.address().host(),
                    next.driver(), e.getMessage(), Objects.toString(settings, "none valid yet"));
            return false;
        }
    }

    /**
     * Holds the address when the role allows it. Otherwise only checks that the address could be
     * held if this node had to take over, so the alarm names what would stand in the way.
     */
    private void tryAcquire() {
        if (held != null || settings == null) {
            return;
        }
        FloatingAddressDriver driver = drivers.get(settings.driver());
        if (driver == null) {
            reportDriverMissing();
            return;
        }
        if (!roleAllowsHolding()) {
            checkHoldable(driver);
            return;
        }
        try {
            driver.validate(settings.address());
            driver.acquire(settings.address());
        } catch (AddressException | RuntimeException e) {
            String next = "cannot acquire " + settings.address().host() + " with driver " + settings.driver()
                    + ": " + e.getMessage();
            // Logged once per distinct failure: a retry every second must not flood the log.
            if (next.equals(alarm)) {
                LOG.debug("{} (still)", next);
            } else {
                LOG.error("{}; retrying", next);
            }
            alarm = next;
            scheduleRetry();
            return;
        }
        publishAcquired(driver);
    }

    private void scheduleRetry() {
        if (retryPending) {
            return;
        }
        retryPending = true;
        try {
            retry.later(this::retryAcquire);
        } catch (RuntimeException e) {
            retryPending = false;
            LOG.warn("cannot schedule a retry to acquire the service address: {}", e.toString());
        }
    }

    private synchronized void retryAcquire() {
        retryPending = false;
        if (started && held == null && roleAllowsHolding()) {
            tryAcquire();
        }
    }

    private void checkHoldable(FloatingAddressDriver driver) {
        try {
            driver.validate(settings.address());
            alarm = null;
        } catch (AddressException | RuntimeException e) {
            alarm = "cannot hold " + settings.address().host() + " with driver " + settings.driver()
                    + " if this node has to serve: " + e.getMessage();
            LOG.warn("{}", alarm);
        }
    }

    private void publishAcquired(FloatingAddressDriver driver) {
        try {
            Publication publication = publisher.publish(new HeldServiceAddress(settings.address(), settings.driver()));
            held = new Held(settings, driver, publication);
            alarm = null;
            LOG.info("holding service address {}", settings);
        } catch (RuntimeException e) {
            alarm = "cannot publish service address " + settings.address().host() + ": " + e.getMessage();
            LOG.error("{}", alarm, e);
            releaseQuietly(driver, settings);
        }
    }

    private void reportDriverMissing() {
        alarm = "driver " + settings.driver() + " not available";
        LOG.warn("{}: driver {} not available; waiting for it to hold {}", AddressSettings.PID,
                settings.driver(), settings.address().host());
    }

    private void release(String reason) {
        if (held == null) {
            return;
        }
        Held releasing = held;
        held = null;
        try {
            releasing.publication().withdraw();
        } catch (RuntimeException e) {
            LOG.warn("withdrawing service address {} failed: {}", releasing.settings(), e.toString());
        }
        releaseQuietly(releasing.driver(), releasing.settings());
        LOG.info("released service address {} ({})", releasing.settings(), reason);
    }

    private static void releaseQuietly(FloatingAddressDriver driver, AddressSettings settings) {
        try {
            driver.release(settings.address());
        } catch (AddressException | RuntimeException e) {
            LOG.warn("driver {} could not release {}: {}", settings.driver(), settings.address().host(),
                    e.getMessage());
        }
    }
}

package org.dualsip.floatingip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dualsip.api.address.AddressException;
import org.dualsip.api.address.FloatingAddress;
import org.dualsip.api.address.FloatingAddressDriver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@code linux} driver. Its keys live in {@code org.dualsip.floatingip} beside the
 * address (one file for the operator); the driver owns the scheduler of its announcements and the
 * readers of its tools' output, both shut down on deactivation after every address is removed.
 */
@Component(service = FloatingAddressDriver.class, configurationPid = AddressSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = FloatingAddressDriver.DRIVER_NAME + "=" + LinuxAddressDriverComponent.NAME)
public class LinuxAddressDriverComponent implements FloatingAddressDriver, DiagnosedDriver {

    public static final String NAME = "linux";

    private static final Logger LOG = LoggerFactory.getLogger(LinuxAddressDriverComponent.class);
    private static final Path OWN_STATUS = Path.of("/proc/self/status");

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
            named("dualsip-floatingip-announce"));
    private final ExecutorService outputReaders = Executors.newCachedThreadPool(named("dualsip-floatingip-tool"));
    private final LinuxAddressDriver driver;
    private boolean hasValidSettings;

    @Activate
    public LinuxAddressDriverComponent(FloatingAddressConfig config) {
        scheduler.setRemoveOnCancelPolicy(true);
        ToolSearch tools = ToolSearch.ofEnvironment();
        driver = new LinuxAddressDriver(new ProcessCommandRunner(List.of(), outputReaders, tools), scheduler, tools,
                LinuxAddressDriverComponent::ownCapabilities, new DriverReport(Clock.systemUTC()),
                DriverSettings.DEFAULTS);
        apply(config);
    }

    @Modified
    void modified(FloatingAddressConfig config) {
        apply(config);
    }

    @Deactivate
    void stop() {
        driver.releaseAll();
        scheduler.shutdownNow();
        outputReaders.shutdown();
        try {
            // The readers end when their processes do; all were stopped by releaseAll.
            outputReaders.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outputReaders.shutdownNow();
    }

    @Override
    public void validate(FloatingAddress address) throws AddressException {
        driver.validate(address);
    }

    @Override
    public void acquire(FloatingAddress address) throws AddressException {
        driver.acquire(address);
    }

    @Override
    public void release(FloatingAddress address) throws AddressException {
        driver.release(address);
    }

    @Override
    public DriverDiagnostics diagnostics() {
        return driver.diagnostics();
    }

    /** A bad key is logged with its name; the previous keys stay (at activation: refused until fixed). */
    private void apply(FloatingAddressConfig config) {
        try {
            DriverSettings settings = DriverSettings.parse(config.announce_count(), config.announce_interval_ms(),
                    config.refresh_period_ms(), config.probe_count(), config.probe_timeout_ms(),
                    config.command_timeout_ms());
            driver.settings(settings);
            hasValidSettings = true;
            // Debug only: the component runs (and logs nothing) on nodes that use the none driver too.
            LOG.debug("linux address driver: {}", settings);
        } catch (InvalidSettingException e) {
            if (hasValidSettings) {
                LOG.error("{}; keeping the previous linux driver settings", e.getMessage());
            } else {
                driver.settingsRefused(e);
                LOG.error("{}; the linux driver refuses to hold an address until the value is fixed", e.getMessage());
            }
        }
    }

    private static Capabilities ownCapabilities() {
        try {
            return Capabilities.fromProcStatus(Files.readString(OWN_STATUS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OWN_STATUS, e);
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

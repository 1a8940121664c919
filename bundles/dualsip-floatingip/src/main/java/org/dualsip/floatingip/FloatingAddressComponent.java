package org.dualsip.floatingip;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.dualsip.api.address.FloatingAddressDriver;
import org.dualsip.api.address.FloatingAddressStatus;
import org.dualsip.api.address.FloatingAddressStatusService;
import org.dualsip.api.pair.PairService;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.api.pair.RoleListener;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@link ServiceAddressHolder} to Config Admin, the driver services, the service registry and
 * the pair: registered as a {@link RoleListener}, so the sync bundle tells it (on its role thread)
 * when this node may hold the address, and as the {@link FloatingAddressStatusService} the shell
 * shows. Its timer runs the driver check after start and the retries of a failed acquire.
 */
@Component(service = {RoleListener.class, FloatingAddressStatusService.class}, immediate = true,
        configurationPid = AddressSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FloatingAddressConfig.class)
public class FloatingAddressComponent implements RoleListener, FloatingAddressStatusService {

    private static final Logger LOG = LoggerFactory.getLogger(FloatingAddressComponent.class);

    /** How long a missing driver may take to appear before it is worth a warning. */
    private static final long DRIVER_GRACE_SECONDS = 5;

    private final ServiceAddressHolder holder;
    /** Milliseconds between attempts to acquire while the address should be held but is not. */
    private volatile long retryMillis = 1000;
    /** Pair services present; when the last one goes, nobody decides this node's role any more. */
    private final AtomicInteger pairServices = new AtomicInteger();
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "dualsip-floatingip-timer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A bad value at activation is logged (naming the PID and the key) and nothing is held until a
     * valid configuration arrives. Failing the activation instead would leave the component in
     * SCR's failed state, which a corrected configuration does not revive (seen with Felix SCR 2.2).
     */
    @Activate
    public FloatingAddressComponent(BundleContext context, FloatingAddressConfig config) {
        this.holder = new ServiceAddressHolder(new RegistryPublisher(context), parseOrNull(config), this::retryLater);
        applyRetryPeriod(config);
        // The driver check after start and the acquire retries: no thread needs to idle between them.
        timers.setKeepAliveTime(1, TimeUnit.SECONDS);
        timers.allowCoreThreadTimeOut(true);
    }

    /** Called after the drivers present at activation are bound, so none is reported missing. */
    @Activate
    void start() {
        holder.start();
        timers.schedule(holder::warnIfDriverMissing, DRIVER_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    @Modified
    void modified(FloatingAddressConfig config) {
        applyRetryPeriod(config);
        try {
            holder.reconfigure(AddressSettings.parse(config.address(), config.prefix(), config.interface$(),
                    config.driver()));
        } catch (InvalidSettingException e) {
            LOG.error("{}; keeping the previous configuration ({})", e.getMessage(),
                    Objects.toString(holder.settings(), "none valid yet"));
        }
    }

    @Deactivate
    void stop() {
        timers.shutdownNow();
        holder.close();
    }

    @Override
    public FloatingAddressStatus status() {
        return holder.floatingStatus();
    }

    private void retryLater(Runnable task) {
        timers.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("retrying to acquire the service address failed unexpectedly", e);
            }
        }, retryMillis, TimeUnit.MILLISECONDS);
    }

    private void applyRetryPeriod(FloatingAddressConfig config) {
        String text = config.acquire_retry_ms() == null ? "" : config.acquire_retry_ms().trim();
        try {
            long value = Long.parseLong(text);
            if (value >= 100 && value <= 600_000) {
                retryMillis = value;
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.error("{}", new InvalidSettingException(AddressSettings.PID, "acquire.retry.ms", text,
                "expected a whole number from 100 to 600000").getMessage() + "; keeping " + retryMillis + " ms");
    }

    /** Called on the sync bundle's role thread; returns once a demotion has released the address. */
    @Override
    public void roleChanged(RoleChange change) {
        holder.roleChanged(change);
    }

    /**
     * Only counted: the role itself comes through {@link #roleChanged} (possibly before this bind,
     * since the pair decides its role while it starts).
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindPairService(PairService pairService) {
        pairServices.incrementAndGet();
    }

    /** The sync bundle stopped: it no longer fences this node, so the address must not stay held. */
    void unbindPairService(PairService pairService) {
        if (pairServices.decrementAndGet() == 0) {
            holder.roleUndecided("the pair service (dualsip-sync) went away");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDriver(FloatingAddressDriver driver, Map<String, Object> properties) {
        holder.driverAdded(driverName(properties), driver);
    }

    void unbindDriver(FloatingAddressDriver driver, Map<String, Object> properties) {
        holder.driverRemoved(driverName(properties), driver);
    }

    private static String driverName(Map<String, Object> properties) {
        Object name = properties.get(FloatingAddressDriver.DRIVER_NAME);
        return name == null ? null : name.toString();
    }

    private static AddressSettings parseOrNull(FloatingAddressConfig config) {
        try {
            return AddressSettings.parse(config.address(), config.prefix(), config.interface$(), config.driver());
        } catch (InvalidSettingException e) {
            LOG.error("{}; the service address is not held until the value is fixed", e.getMessage());
            return null;
        }
    }
}

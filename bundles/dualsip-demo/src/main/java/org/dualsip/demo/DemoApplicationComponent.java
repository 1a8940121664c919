package org.dualsip.demo;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.dualsip.api.call.CallApplication;
import org.dualsip.api.call.CallControl;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@link DemoApplication} and registers it on the CallApplication whiteboard. It registers
 * the service itself (instead of being a DS service) because the whiteboard property
 * {@value CallApplication#URI_PATTERN} is derived from the {@code pattern} key.
 */
@Component(service = {}, immediate = true, configurationPid = DemoSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DemoApplicationConfig.class)
public class DemoApplicationComponent {

    static final String NAME = "demo";

    private static final Logger LOG = LoggerFactory.getLogger(DemoApplicationComponent.class);

    private final BundleContext context;
    private final CallControl control;
    private final ScheduledThreadPoolExecutor executor;
    /** Null until a valid configuration is given. */
    private DemoApplication application;
    private ServiceRegistration<CallApplication> registration;

    /**
     * A bad value at activation is logged (naming the PID and the key) and the application stays
     * unregistered until a valid configuration arrives. Failing the activation instead would leave
     * the component in SCR's failed state, which a corrected configuration does not revive (seen
     * with Felix SCR 2.2).
     */
    @Activate
    public DemoApplicationComponent(BundleContext context, @Reference CallControl control,
                                    DemoApplicationConfig config) {
        this.context = context;
        this.control = control;
        this.executor = new ScheduledThreadPoolExecutor(1, timerThreads());
        // Cancelled hang-up timers would otherwise stay queued for up to their whole delay.
        executor.setRemoveOnCancelPolicy(true);
        try {
            start(parse(config));
        } catch (InvalidSettingException e) {
            LOG.error("{}; the demo application is not registered until the value is fixed", e.getMessage());
        }
    }

    /** Applies a new configuration live; a bad value leaves the previous one in force. */
    @Modified
    synchronized void modified(DemoApplicationConfig config) {
        DemoSettings next;
        try {
            next = parse(config);
        } catch (InvalidSettingException e) {
            LOG.error("{}; keeping the previous configuration", e.getMessage());
            return;
        }
        if (application == null) {
            start(next);
            return;
        }
        DemoSettings previous = application.settings();
        application.update(next);
        if (!next.pattern().equals(previous.pattern())) {
            // Unregister, then register: a whiteboard consumer that ignores property changes still
            // sees the new pattern. Calls in progress are routed by name and keep going.
            registration.unregister();
            registration = context.registerService(CallApplication.class, application, properties(next));
        }
        LOG.info("demo application reconfigured: {}", next.withoutSdp());
    }

    @Deactivate
    synchronized void stop() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it with the bundle
            }
            application.close();
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("demo application stopped");
    }

    private synchronized void start(DemoSettings settings) {
        application = new DemoApplication(control, new ExecutorTaskScheduler(executor), settings);
        registration = context.registerService(CallApplication.class, application, properties(settings));
        LOG.info("demo application started: {}", settings.withoutSdp());
    }

    private static DemoSettings parse(DemoApplicationConfig config) {
        return DemoSettings.parse(config.pattern(), config.answer_delay_ms(), config.hangup_after_ms(),
                config.ring(), config.sdp(), config.transfer());
    }

    private static Dictionary<String, Object> properties(DemoSettings settings) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(CallApplication.NAME, NAME);
        properties.put(CallApplication.URI_PATTERN, settings.pattern());
        return properties;
    }

    private static ThreadFactory timerThreads() {
        return task -> {
            Thread thread = new Thread(task, "dualsip-demo-timer");
            thread.setDaemon(true);
            return thread;
        };
    }
}

package org.dualsip.connector;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.connector.ConnectedApplication;
import org.dualsip.api.connector.ConnectedApplications;
import org.dualsip.api.connector.ConnectorStatus;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.api.pair.RoleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector without OSGi: owns its executors (acceptor, connection I/O, timers), the server and
 * the directory of applications, and applies configuration changes live. A refused configuration
 * leaves the previous good one in force.
 */
public final class Connector implements ConnectedApplications, RoleListener {

    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private final ExecutorService acceptors = Executors.newSingleThreadExecutor(named("dualsip-connector-accept"));
    private final ExecutorService io = Executors.newCachedThreadPool(named("dualsip-connector-io"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(named("dualsip-connector-timer"));
    private final ApplicationDirectory directory;
    private final ConnectorServer server;
    private volatile ConnectorSettings settings;
    private boolean configured;

    /**
     * @param control   the call engine
     * @param node      this node's role and pair
     * @param registrar the whiteboard
     */
    Connector(CallControl control, NodeView node, Registrar registrar) {
        this.settings = ConnectorSettings.defaults();
        Scheduler scheduler = new ExecutorScheduler(timers);
        this.directory = new ApplicationDirectory(control, registrar, scheduler, Clock.systemUTC(), node,
                () -> settings);
        RequestHandler.Context context = new RequestHandler.Context(control, node, directory, () -> settings,
                new ConnectorCounters());
        this.server = new ConnectorServer(context, scheduler, acceptors, io);
    }

    /** Applies raw configuration properties; a bad value is logged naming the PID and the key. */
    public synchronized void configure(Map<String, ?> props) {
        ConnectorSettings next;
        try {
            next = ConnectorSettings.parse(props);
        } catch (InvalidSettingException e) {
            if (configured) {
                LOG.error("{}; keeping the previous configuration", e.getMessage());
            } else {
                server.refuse(e.getMessage());
            }
            return;
        }
        settings = next;
        configured = true;
        server.apply();
    }

    public ConnectorSettings settings() {
        return settings;
    }

    @Override
    public void roleChanged(RoleChange change) {
        directory.roleChanged(change);
    }

    @Override
    public List<ConnectedApplication> applications() {
        return directory.list();
    }

    @Override
    public ConnectorStatus status() {
        return server.status();
    }

    /** Goodbye to every application, then every executor down. */
    public void stop() {
        server.stop("node shutting down");
        directory.closeAll("node shutting down");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Connection.CLOSE_GRACE_MILLIS + 500);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // let the goodbyes leave (bounded)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        acceptors.shutdownNow();
        io.shutdownNow();
        timers.shutdownNow();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

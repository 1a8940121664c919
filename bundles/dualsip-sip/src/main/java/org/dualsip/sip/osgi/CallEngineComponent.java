package org.dualsip.sip.osgi;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dualsip.api.address.ServiceAddress;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallApplication;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.OutboundCallRequest;
import org.dualsip.api.node.NodeStatus;
import org.dualsip.api.node.NodeStatusService;
import org.dualsip.api.pair.RecordMirror;
import org.dualsip.api.pair.RecordReplicator;
import org.dualsip.api.pair.ReplicatedRecord;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.api.pair.RoleListener;
import org.dualsip.sip.engine.CallEngine;
import org.dualsip.sip.stack.StackSettings;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
 * Wires the {@link CallEngine}: provides CallControl and NodeStatusService always, binds SIP only
 * while a ServiceAddress is present, takes CallApplications from the whiteboard and applies a new
 * port or transports live. In a pair it is also the RecordMirror the sync bundle feeds, a
 * RoleListener (silent unless ACTIVE/STANDALONE, resumes calls on takeover) and the user of the
 * RecordReplicator (both references optional: alone, the engine serves STANDALONE).
 */
@Component(service = {CallControl.class, NodeStatusService.class, RecordMirror.class, RoleListener.class},
        configurationPid = SipConfigReader.PID, immediate = true)
@Designate(ocd = SipConfig.class)
public final class CallEngineComponent implements CallControl, NodeStatusService, RecordMirror, RoleListener {

    private static final Logger LOG = LoggerFactory.getLogger(CallEngineComponent.class);

    private static final long BIND_RETRY_MS = 200;

    private final CallEngine engine;
    private final ScheduledExecutorService bindRetry = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "dualsip-sip-bind-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile StackSettings settings;
    private volatile ServiceAddress address;
    private volatile boolean bindFailing;
    private volatile RecordReplicator replicator;

    @Activate
    public CallEngineComponent(Map<String, Object> props) throws Exception {
        this.settings = initialSettings(props);
        this.engine = new CallEngine(nodeName(), settings);
        LOG.info("dualsip SIP engine started (port {}, transports {})", settings.port(), settings.transports());
    }

    /**
     * A bad value at start is refused like a bad change: there is no previous configuration yet, so the
     * defaults stay in force. Failing the activation instead would leave SCR's component failed until
     * the bundle restarts, even after the value is corrected.
     */
    private static StackSettings initialSettings(Map<String, Object> props) {
        try {
            return SipConfigReader.read(props);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; using the defaults until a good configuration arrives", e.getMessage());
            return StackSettings.defaults();
        }
    }

    private static String nodeName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    @Modified
    void modified(Map<String, Object> props) {
        StackSettings next;
        try {
            next = SipConfigReader.read(props);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; keeping the previous configuration", e.getMessage());
            return;
        }
        StackSettings old = settings;
        settings = next;
        if (old.port() != next.port() || !old.transports().equals(next.transports())) {
            LOG.info("{}: SIP port/transports now {} {}", SipConfigReader.PID, next.port(), next.transports());
            rebind();
        }
    }

    @Deactivate
    void deactivate() {
        bindRetry.shutdownNow();
        engine.stop();
        LOG.info("dualsip SIP engine stopped");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindServiceAddress(ServiceAddress a) {
        this.address = a;
        rebind();
    }

    void unbindServiceAddress(ServiceAddress a) {
        if (this.address == a) {
            this.address = null;
            engine.unbind();
        }
    }

    private synchronized void rebind() {
        ServiceAddress a = address;
        if (a == null) {
            engine.unbind();
            return;
        }
        StackSettings s = settings;
        try {
            engine.bind(a.address().host(), s.port(), s.transports());
            if (bindFailing) {
                bindFailing = false;
                LOG.info("SIP bound on {}:{} after earlier failures", a.address().host(), s.port());
            }
        } catch (Exception e) {
            // E.g. a hung old active on the same host still holds the port until it is fenced: holding
            // the address without listening would be an outage, so keep trying while the address is ours.
            if (!bindFailing) {
                bindFailing = true;
                LOG.error("cannot listen for SIP on {}:{} ({}): {}; retrying every {} ms while the address is held",
                        a.address().host(), s.port(), s.transports(), e.toString(), BIND_RETRY_MS);
            }
            retryBindLater(a);
        }
    }

    private void retryBindLater(ServiceAddress failed) {
        try {
            bindRetry.schedule(() -> {
                if (address == failed) {
                    rebind();
                }
            }, BIND_RETRY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // deactivated meanwhile: nothing to bind any more
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindReplicator(RecordReplicator r) {
        this.replicator = r;
        engine.replicator(r);
    }

    void unbindReplicator(RecordReplicator r) {
        // a greedy replacement binds the new one before unbinding the old: keep the new one
        if (this.replicator == r) {
            this.replicator = null;
            engine.replicator(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindApplication(CallApplication app, Map<String, Object> props) {
        Object name = props.get(CallApplication.NAME);
        Object pattern = props.get(CallApplication.URI_PATTERN);
        int ranking = props.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        long id = props.get(Constants.SERVICE_ID) instanceof Long l ? l : 0L;
        try {
            engine.applications().add(app, name == null ? null : name.toString(),
                    pattern == null ? null : pattern.toString(), ranking, id);
            LOG.info("application {} takes request-URIs matching {}", name, pattern == null ? ".*" : pattern);
        } catch (IllegalArgumentException e) {
            LOG.error("application ignored: {}", e.getMessage());
        }
    }

    void unbindApplication(CallApplication app) {
        engine.applications().remove(app);
    }

    // ---- services: delegate to the engine --------------------------------------------------------

    @Override
    public void roleChanged(RoleChange change) {
        engine.roleChanged(change);
    }

    @Override
    public void apply(ReplicatedRecord record) {
        engine.mirror().apply(record);
    }

    @Override
    public Iterable<ReplicatedRecord> snapshot() {
        return engine.mirror().snapshot();
    }

    @Override
    public void clear() {
        engine.mirror().clear();
    }

    @Override
    public NodeStatus status() {
        return engine.status();
    }

    @Override
    public void ring(String callId, int code, String sdp) {
        engine.ring(callId, code, sdp);
    }

    @Override
    public void answer(String callId, String sdpAnswer) {
        engine.answer(callId, sdpAnswer);
    }

    @Override
    public void reject(String callId, int code, String reasonPhrase) {
        engine.reject(callId, code, reasonPhrase);
    }

    @Override
    public void hangUp(String callId) {
        engine.hangUp(callId);
    }

    @Override
    public String placeCall(OutboundCallRequest request) {
        return engine.placeCall(request);
    }

    @Override
    public void acceptReoffer(String callId, String sdpAnswer) {
        engine.acceptReoffer(callId, sdpAnswer);
    }

    @Override
    public void refuseReoffer(String callId, int code) {
        engine.refuseReoffer(callId, code);
    }

    @Override
    public void reoffer(String callId, String sdpOffer) {
        engine.reoffer(callId, sdpOffer);
    }

    @Override
    public void update(String callId, String sdpOffer) {
        engine.update(callId, sdpOffer);
    }

    @Override
    public void acceptTransfer(String callId) {
        engine.acceptTransfer(callId);
    }

    @Override
    public void refuseTransfer(String callId, int code) {
        engine.refuseTransfer(callId, code);
    }

    @Override
    public void transferProgress(String callId, int code) {
        engine.transferProgress(callId, code);
    }

    @Override
    public String placeTransferCall(String transferredCallId, org.dualsip.api.call.OutboundCallRequest request) {
        return engine.placeTransferCall(transferredCallId, request);
    }

    @Override
    public void transfer(String callId, String referTo) {
        engine.transfer(callId, referTo);
    }

    @Override
    public Optional<Call> find(String callId) {
        return engine.find(callId);
    }

    @Override
    public List<Call> calls() {
        return engine.calls();
    }
}

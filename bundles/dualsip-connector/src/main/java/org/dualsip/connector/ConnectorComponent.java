package org.dualsip.connector;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.dualsip.api.call.CallApplication;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.connector.ConnectedApplication;
import org.dualsip.api.connector.ConnectedApplications;
import org.dualsip.api.connector.ConnectorStatus;
import org.dualsip.api.node.NodeStatusService;
import org.dualsip.api.pair.PairService;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.api.pair.RoleListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
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
 * Wires the {@link Connector}: CallControl for commands, PairService and NodeStatusService (optional)
 * for roles and pair queries, a RoleListener for role events, ConnectedApplications for
 * dualsip:apps, and the CallApplication whiteboard (each remote application is registered here).
 * A bad configuration never fails the activation (SCR would not revive the component when it is
 * fixed): the connector then does not listen and says why.
 */
@Component(service = {RoleListener.class, ConnectedApplications.class}, immediate = true,
        configurationPid = ConnectorSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConnectorConfig.class)
public final class ConnectorComponent implements RoleListener, ConnectedApplications {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorComponent.class);

    private final Connector connector;
    private volatile PairService pair;
    private volatile NodeStatusService node;

    @Activate
    public ConnectorComponent(BundleContext context, @Reference CallControl control, Map<String, Object> props) {
        this.connector = new Connector(control, new NodeView(() -> pair, () -> node), whiteboard(context));
        connector.configure(props);
        LOG.info("dualsip connector started");
    }

    @Modified
    void modified(Map<String, Object> props) {
        connector.configure(props);
    }

    @Deactivate
    void deactivate() {
        connector.stop();
        LOG.info("dualsip connector stopped");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPair(PairService p) {
        this.pair = p;
    }

    void unbindPair(PairService p) {
        if (this.pair == p) {
            this.pair = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindNode(NodeStatusService n) {
        this.node = n;
    }

    void unbindNode(NodeStatusService n) {
        if (this.node == n) {
            this.node = null;
        }
    }

    @Override
    public void roleChanged(RoleChange change) {
        connector.roleChanged(change);
    }

    @Override
    public java.util.List<ConnectedApplication> applications() {
        return connector.applications();
    }

    @Override
    public ConnectorStatus status() {
        return connector.status();
    }

    private static Registrar whiteboard(BundleContext context) {
        return (application, name, pattern, ranking) -> {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(CallApplication.NAME, name);
            props.put(CallApplication.URI_PATTERN, pattern);
            props.put(Constants.SERVICE_RANKING, ranking);
            ServiceRegistration<CallApplication> registration =
                    context.registerService(CallApplication.class, application, props);
            return () -> {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the framework unregistered it with the bundle
                }
            };
        };
    }
}

package org.dualsip.sync;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The metatype of PID org.dualsip.sync (documentation for tools and the web console). Values are
 * validated from the raw properties by {@link SyncSettings#from}, so a bad value names its key.
 */
@ObjectClassDefinition(id = SyncSettings.PID, name = "dualsip pair sync",
        description = "The pair's sync link: this node, its peer, roles and failure detection")
public @interface PairConfig {

    @AttributeDefinition(name = "Cluster name",
            description = "The pair's name; both nodes must use the same, a peer with another is refused")
    String cluster_name() default "dualsip";

    @AttributeDefinition(name = "Node name", required = false,
            description = "This node's name in the pair (default: the host name); breaks election ties")
    String node_name();

    @AttributeDefinition(name = "Bind address", description = "Address of the sync interface")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(name = "Bind port",
            description = "TCP port of the sync link; the next port is used for failure detection")
    int bind_port() default 7800;

    @AttributeDefinition(name = "Peer", required = false,
            description = "host:port of the peer's sync endpoint; empty = standalone")
    String peer() default "";

    @AttributeDefinition(name = "Priority", description = "Higher wins when both nodes start at once")
    int priority() default 100;

    @AttributeDefinition(name = "Startup wait (ms)",
            description = "How long a node that starts alone waits for its peer before becoming ACTIVE")
    long startup_wait_ms() default 3000;

    @AttributeDefinition(name = "Heartbeat interval (ms)")
    long heartbeat_interval_ms() default 100;

    @AttributeDefinition(name = "Heartbeat timeout (ms)",
            description = "A peer silent this long is declared lost (a killed one is seen at once)")
    long heartbeat_timeout_ms() default 500;

    @AttributeDefinition(name = "Replication timeout (ms)",
            description = "Longest wait for the passive's acknowledgement before the pair goes DEGRADED")
    long replication_timeout_ms() default 50;

    @AttributeDefinition(name = "Epoch directory", required = false,
            description = "Where the epoch file is kept; empty = ${karaf.data}/dualsip")
    String epoch_dir() default "";
}

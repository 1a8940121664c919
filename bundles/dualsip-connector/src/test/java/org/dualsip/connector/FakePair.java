package org.dualsip.connector;

import java.util.List;
import org.dualsip.api.node.NodeStatus;
import org.dualsip.api.node.NodeStatusService;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.PairService;
import org.dualsip.api.pair.PairStatus;
import org.dualsip.api.pair.SyncState;

/** A PairService and NodeStatusService whose role the test sets. */
final class FakePair implements PairService {

    volatile Role role = Role.ACTIVE;
    volatile Role peerRole = Role.PASSIVE;
    volatile long epoch = 3;
    volatile String switchoverRefusal;
    volatile int switchovers;

    NodeView view() {
        return new NodeView(() -> this, this::node);
    }

    @Override
    public PairStatus status() {
        return new PairStatus("node-a", role, epoch, "127.0.0.1:7810", "node-b", peerRole, SyncState.IN_SYNC,
                1500, List.of());
    }

    @Override
    public void switchover() {
        if (switchoverRefusal != null) {
            throw new IllegalStateException(switchoverRefusal);
        }
        switchovers++;
    }

    NodeStatusService node() {
        return () -> new NodeStatus("node-a", role, "127.0.0.10:5060", role == Role.ACTIVE, "udp,tcp",
                java.util.Map.of(), java.time.Instant.EPOCH, java.time.Duration.ZERO, null);
    }
}

package org.dualsip.sip.engine;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.api.pair.RecordReplicator;
import org.dualsip.sip.stack.StackSettings;

/**
 * Two engines on one SIP address as a pair runs them, for takeover tests: A active, every record it
 * saves applied to B's mirror and acknowledged at once, B passive; {@link #switchOver()} turns it
 * around as a graceful switchover does (A silent and unbound first, then B active and bound,
 * replicating to A).
 */
final class EnginePair {

    final CallEngine a;
    final CallEngine b;
    private final String host;
    private final int port;

    EnginePair(StackSettings settings, String host, int port) throws Exception {
        this.a = new CallEngine("a", settings);
        this.b = new CallEngine("b", settings);
        this.host = host;
        this.port = port;
    }

    /** A ACTIVE and bound, replicating to B, PASSIVE (register the applications first). */
    void startWithAActive() throws Exception {
        a.roleChanged(new RoleChange(Role.STARTING, Role.ACTIVE, "peer absent", 1, Instant.now()));
        b.roleChanged(new RoleChange(Role.STARTING, Role.PASSIVE, "peer active", 1, Instant.now()));
        a.replicator(replicatingTo(b));
        a.bind(host, port, List.of("udp"));
    }

    /** A graceful switchover: A demoted (silent, timers cancelled) and unbound, B active, replicating to A. */
    void switchOver() throws Exception {
        a.replicator(null);
        a.roleChanged(new RoleChange(Role.ACTIVE, Role.PASSIVE, "switchover", 2, Instant.now()));
        a.unbind();
        b.replicator(replicatingTo(a));
        b.roleChanged(new RoleChange(Role.PASSIVE, Role.ACTIVE, "switchover", 2, Instant.now()));
        b.bind(host, port, List.of("udp"));
    }

    private static RecordReplicator replicatingTo(CallEngine passive) {
        return rec -> {
            passive.mirror().apply(rec);
            return RecordReplicator.Outcome.ACKNOWLEDGED;
        };
    }

    /** Both stopped, in parallel (each stop waits for its own executors). */
    void stop() {
        CompletableFuture<Void> stopA = CompletableFuture.runAsync(a::stop);
        b.stop();
        stopA.join();
    }
}

package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RecordReplicator.Outcome;
import org.dualsip.api.pair.ReplicatedRecord;
import org.dualsip.api.pair.SyncState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switchovers while the active replicates from several threads, as the call engine's SIP threads do:
 * every record the active had started to replicate before it stopped forwarding must be in the peer's
 * mirror when the peer becomes ACTIVE, and acknowledged; none may be sent after the hand-over (the new
 * active ignores it and the old one times out). Two real JGroups channels on a free block of six ports
 * in 127.0.0.1:47250-47299.
 */
class SwitchoverReplicationTest {

    private static final int SWITCHOVERS = 10;
    private static final int WRITERS = 3;

    @TempDir
    Path dir;
    private final List<Pair> pairs = new ArrayList<>();
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS);

    @AfterEach
    void stopAll() {
        writers.shutdownNow();
        pairs.forEach(Pair::close);
    }

    @Test
    void everyRecordStartedBeforeTheHandOverIsInTheNewActivesMirror() throws Exception {
        int port = freeBlockOfSix();
        InMemoryMirror[] mirrors = {new InMemoryMirror(), new InMemoryMirror()};
        Pair a = start("a", port, port + 3, mirrors[0]);
        awaitRole(a, Role.ACTIVE);
        Pair b = start("b", port + 3, port, mirrors[1]);
        Pair[] nodes = {a, b};
        // What each node's mirror held at the moment it was told it is ACTIVE (the engine resumes those calls).
        // The status shows ACTIVE before the listeners are told: the snapshot is known by its epoch.
        List<Map<Long, Set<String>>> heldWhenActive = List.of(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        for (int i = 0; i < 2; i++) {
            int n = i;
            nodes[i].addRoleListener(change -> {
                if (change.to() == Role.ACTIVE) {
                    heldWhenActive.get(n).put(change.epoch(), Set.copyOf(mirrors[n].records.keySet()));
                }
            });
        }
        AtomicLong keys = new AtomicLong();
        int active = 0;
        int acknowledgedInTotal = 0;
        for (int round = 0; round < SWITCHOVERS; round++) {
            int peer = 1 - active;
            awaitInSync(nodes[active], nodes[peer]);
            Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> running = new ArrayList<>();
            Pair replicator = nodes[active];
            InMemoryMirror local = mirrors[active];
            for (int w = 0; w < WRITERS; w++) {
                running.add(writers.submit(() -> {
                    // bounded: stops when the switchover is over, and after at most 5 s in any case
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (!stop.get() && System.nanoTime() < deadline) {
                        ReplicatedRecord r = new ReplicatedRecord("call-" + keys.incrementAndGet(), 1, false,
                                new byte[64]);
                        local.store(r); // the engine stores locally first, then replicates
                        if (replicator.replicating()) {
                            outcomes.put(r.key(), replicator.replicate(r));
                        }
                    }
                }));
            }
            Thread.sleep(30);
            replicator.switchover();
            stop.set(true);
            for (Future<?> f : running) {
                f.get(10, TimeUnit.SECONDS);
            }
            awaitRole(nodes[peer], Role.ACTIVE);
            long epoch = nodes[peer].status().epoch();
            await(5000, () -> heldWhenActive.get(peer).containsKey(epoch), "the new active's listener told");
            Set<String> held = heldWhenActive.get(peer).get(epoch);
            List<String> timedOut = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
                if (e.getValue() == Outcome.TIMED_OUT) {
                    timedOut.add(e.getKey());
                } else if (e.getValue() == Outcome.ACKNOWLEDGED && !held.contains(e.getKey())) {
                    missing.add(e.getKey());
                }
            }
            long acknowledged = outcomes.values().stream().filter(o -> o == Outcome.ACKNOWLEDGED).count();
            acknowledgedInTotal += (int) acknowledged;
            assertEquals(List.of(), timedOut, "round " + round + ": records that reached the peer only after the "
                    + "hand-over (" + acknowledged + " acknowledged)");
            assertEquals(List.of(), missing, "round " + round + ": acknowledged records the new active did not hold "
                    + "when it took over");
            active = peer;
        }
        System.out.println("switchovers under replication: " + SWITCHOVERS + " rounds, " + acknowledgedInTotal
                + " records acknowledged, every one held by the new active when it took over");
        assertTrue(acknowledgedInTotal > SWITCHOVERS, "the writers replicated during the rounds");
    }

    /**
     * Deterministic: a replication is admitted while the listeners are told of the demotion and the
     * passive holds its record in the middle of applying it. The hand-over must wait for it, so when
     * switchover() returns the record is acknowledged; before, the hand-over went out at once and the
     * caller's record was still unacknowledged when the peer was told to take over.
     */
    @Test
    void theHandOverWaitsForAReplicationAdmittedBeforeIt() throws Exception {
        int port = freeBlockOfSix();
        InMemoryMirror passiveMirror = new InMemoryMirror();
        Pair a = start("a", port, port + 3, new InMemoryMirror(), 5000);
        awaitRole(a, Role.ACTIVE);
        Pair b = start("b", port + 3, port, passiveMirror, 5000);
        awaitInSync(a, b);
        passiveMirror.pauseAt = passiveMirror.applied.get() + 1; // the next apply blocks for 2 s
        java.util.concurrent.CompletableFuture<Outcome> late = new java.util.concurrent.CompletableFuture<>();
        a.addRoleListener(change -> {
            if (change.from() == Role.ACTIVE && change.to() == Role.PASSIVE) {
                // a SIP thread that saved a call just before SIP stopped: it is still waiting for the ack
                writers.submit(() -> late.complete(a.replicate(new ReplicatedRecord("late", 1, false, new byte[8]))));
                try {
                    assertTrue(passiveMirror.paused.await(5, TimeUnit.SECONDS), "the record reached the passive");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        a.switchover();
        // the passive stores the record only when its paused apply goes on, and acknowledges it after:
        // held now means the hand-over waited for the acknowledgement (the writer thread that called
        // replicate() may take a moment more to see its outcome, so that is not what is checked here)
        assertTrue(passiveMirror.records.containsKey("late"),
                "switchover returned (hand-over sent) before the passive had applied the admitted replication");
        assertEquals(Outcome.ACKNOWLEDGED, late.get(5, TimeUnit.SECONDS));
        awaitRole(b, Role.ACTIVE);
        assertTrue(passiveMirror.records.containsKey("late"), "the new active holds the late record");
        assertEquals(Outcome.NO_PEER, a.replicate(new ReplicatedRecord("after", 1, false, new byte[8])),
                "nothing is forwarded once the node has stopped serving");
    }

    private Pair start(String name, int port, int peerPort, InMemoryMirror mirror) throws Exception {
        // long enough that only a record the peer ignored (sent after the hand-over) can time out here
        return start(name, port, peerPort, mirror, 2000);
    }

    private Pair start(String name, int port, int peerPort, InMemoryMirror mirror, long replicationTimeoutMs)
            throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("node.name", name);
        props.put("bind.port", port);
        props.put("peer", "127.0.0.1:" + peerPort);
        props.put("startup.wait.ms", 300);
        props.put("epoch.dir", dir.resolve(name).toString());
        props.put("replication.timeout.ms", replicationTimeoutMs);
        Pair pair = new Pair(SyncSettings.from(props, dir), () -> mirror, new AlwaysAllowTakeover(), List.of());
        pairs.add(pair);
        pair.start();
        return pair;
    }

    private static void awaitRole(Pair pair, Role role) {
        await(5000, () -> pair.status().role() == role, "role " + role + ", got " + pair.status());
    }

    private static void awaitInSync(Pair active, Pair passive) {
        await(10_000, () -> active.status().role() == Role.ACTIVE && passive.status().role() == Role.PASSIVE
                && active.status().sync() == SyncState.IN_SYNC && passive.status().sync() == SyncState.IN_SYNC,
                "IN_SYNC pair, got " + active.status() + " / " + passive.status());
    }

    /** Six free ports (each node: sync port and two FD_SOCK2 candidates) in 47250-47299. */
    private static int freeBlockOfSix() {
        for (int first = 47250; first + 6 <= 47300; first += 6) {
            boolean free = true;
            for (int port = first; port < first + 6 && free; port++) {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.bind(new InetSocketAddress("127.0.0.1", port));
                } catch (IOException inUse) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no six free ports in 127.0.0.1:47250-47299");
    }

    private static void await(long ms, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + ms + " ms waiting for " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}

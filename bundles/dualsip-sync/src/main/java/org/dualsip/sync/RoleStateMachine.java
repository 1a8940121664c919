package org.dualsip.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RoleChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role and epoch of this node (DESIGN 3.3-3.4). Not thread-safe: every event is fed on the single
 * role thread, and a change is handed to the sink (the RoleListeners) synchronously, so a demotion
 * completes before the node does anything else.
 *
 * <p>Epochs: becoming ACTIVE or STANDALONE starts a new epoch above every epoch seen; becoming PASSIVE
 * adopts the active's epoch. The epoch is persisted before the change is announced.
 */
final class RoleStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(RoleStateMachine.class);
    static final int HISTORY = 50;

    private final String name;
    private final int priority;
    private final EpochStore epochs;
    private final TakeoverGuard guard;
    private final Consumer<RoleChange> sink;
    private final Clock clock;
    private final Duration nobodyActiveGrace;
    private final Deque<RoleChange> history = new ArrayDeque<>();

    private Role role = Role.STARTING;
    private long epoch;
    private boolean peerPresent;
    private PeerState peer;
    private boolean startupWaitOver;
    private String refusal;
    /** Read by status readers on other threads. */
    private volatile String alarm;
    private Instant bothPassiveSince;

    /**
     * @param nobodyActiveGrace how long both nodes may be PASSIVE (nobody serving) before the election
     *                          rule makes one of them ACTIVE; a switchover passes through that state for
     *                          the few milliseconds its hand-over message takes
     */
    RoleStateMachine(String name, int priority, EpochStore epochs, TakeoverGuard guard, Consumer<RoleChange> sink,
                     Clock clock, Duration nobodyActiveGrace) {
        this.nobodyActiveGrace = nobodyActiveGrace;
        this.name = name;
        this.priority = priority;
        this.epochs = epochs;
        this.guard = guard;
        this.sink = sink;
        this.clock = clock;
        this.epoch = epochs.load();
    }

    Role role() {
        return role;
    }

    long epoch() {
        return epoch;
    }

    /** The peer as last heard, null when never heard or gone. */
    PeerState peer() {
        return peer;
    }

    /** The last role changes, newest first. */
    List<RoleChange> history() {
        return List.copyOf(history);
    }

    /** First event: without a peer the node serves alone; with one it waits for it (STARTING). */
    void start(boolean peerConfigured) {
        if (!peerConfigured) {
            change(Role.STANDALONE, "no peer configured", newEpoch());
        }
    }

    /** Why the node in the sync group is not accepted as the peer, or null. */
    String refusal() {
        return refusal;
    }

    /** What keeps the pair from working as a pair (a refused peer, a refused takeover), or null. */
    String alarm() {
        return alarm;
    }

    /** The configured startup wait is over: a node still alone serves. */
    void startupWaitExpired() {
        startupWaitOver = true;
        if (role != Role.STARTING) {
            return;
        }
        if (refusal != null && peerPresent) {
            // Someone is there that we cannot talk to (a running node of an older release, say): it
            // may well be serving, so starting to serve alone could make two actives.
            LOG.error("ALARM: not serving: {}; this node stays STARTING until that node leaves the sync group",
                    refusal);
            return;
        }
        if (!peerPresent || peer == null) {
            change(Role.ACTIVE, "peer not seen within the startup wait", newEpoch());
        } else if (peer.role() == Role.PASSIVE) {
            change(Role.ACTIVE, "peer is passive and nobody is active", newEpoch());
        } else if (peer.role() == Role.STARTING && winsAgainst(peer)) {
            change(Role.ACTIVE, "elected against starting peer " + peer.name(), newEpoch());
        }
    }

    /** The sync group now contains the peer (its state follows in a state message). */
    void peerJoined() {
        peerPresent = true;
    }

    /**
     * The node in the sync group is not accepted as the peer (another cluster name, another wire
     * version): it takes no part in elections and, while it is there, a STARTING node does not start
     * serving on its own. A node already serving carries on.
     */
    void peerRefused(String reason) {
        peerPresent = true;
        peer = null;
        refusal = reason;
        alarm = "peer refused: " + reason;
    }

    /** The peer's announced state (every heartbeat interval and on every change). */
    void peerState(PeerState state) {
        peerPresent = true;
        refusal = null;
        alarm = null;
        peer = state;
        switch (role) {
            case STARTING -> whileStarting(state);
            case ACTIVE -> whileActive(state);
            case PASSIVE -> whilePassive(state);
            default -> { }
        }
    }

    /** The peer left the sync group (connection closed, heartbeats missing, or a clean leave). */
    void peerLost(String reason) {
        peerPresent = false;
        peer = null;
        refusal = null;
        alarm = null;
        if (role == Role.PASSIVE) {
            if (guard.mayTakeOver(reason)) {
                change(Role.ACTIVE, "takeover: " + reason, newEpoch());
            } else {
                alarm = "sync link to the active lost (" + reason + ") but the LAN check refused the takeover";
                LOG.error("ALARM: {}; staying PASSIVE", alarm);
            }
        } else if (role == Role.STARTING && startupWaitOver) {
            change(Role.ACTIVE, "peer lost while starting: " + reason, newEpoch());
        }
    }

    /**
     * Local switchover request: this ACTIVE node becomes PASSIVE (listeners stop SIP and release the
     * address) before the caller tells the peer to take over. Checks on the pair's sync state are the
     * caller's.
     */
    void handOver(String peerName) {
        if (role != Role.ACTIVE) {
            throw new IllegalStateException("switchover refused: this node is " + role + ", not ACTIVE");
        }
        change(Role.PASSIVE, "switchover to " + peerName, epoch);
    }

    /** The active peer handed the role over (graceful switchover). */
    void handoverReceived(String peerName, long peerEpoch) {
        epoch = Math.max(epoch, peerEpoch);
        if (role == Role.PASSIVE) {
            change(Role.ACTIVE, "switchover from " + peerName, newEpoch());
        }
    }

    private void whileStarting(PeerState state) {
        if (state.role() == Role.ACTIVE) {
            change(Role.PASSIVE, "peer " + state.name() + " is active (no preemption)", Math.max(epoch, state.epoch()));
        } else if (state.role() == Role.STARTING && winsAgainst(state)) {
            change(Role.ACTIVE, "elected against starting peer " + state.name(), newEpoch());
        } else if (state.role() == Role.PASSIVE && startupWaitOver) {
            change(Role.ACTIVE, "peer is passive and nobody is active", newEpoch());
        }
    }

    private void whileActive(PeerState state) {
        if (state.role() != Role.ACTIVE) {
            return;
        }
        // Both active (e.g. a healed partition): the higher epoch wins, then the election rule.
        boolean peerWins = state.epoch() > epoch || (state.epoch() == epoch && !winsAgainst(state));
        if (peerWins) {
            change(Role.PASSIVE, "peer " + state.name() + " is active in epoch " + state.epoch(),
                    Math.max(epoch, state.epoch()));
        }
    }

    private void whilePassive(PeerState state) {
        if (state.role() == Role.ACTIVE && state.epoch() > epoch) {
            epoch = state.epoch();
            epochs.store(epoch);
        }
        nobodyActive(state);
    }

    /**
     * Both PASSIVE, so nobody serves: a hand-over message lost while both nodes stayed alive, for one.
     * Once that has lasted the grace, the election rule picks the node that becomes ACTIVE (the other
     * sees it and stays PASSIVE).
     */
    private void nobodyActive(PeerState state) {
        if (state.role() != Role.PASSIVE) {
            bothPassiveSince = null;
            return;
        }
        Instant now = clock.instant();
        if (bothPassiveSince == null) {
            bothPassiveSince = now;
        }
        if (Duration.between(bothPassiveSince, now).compareTo(nobodyActiveGrace) >= 0 && winsAgainst(state)) {
            change(Role.ACTIVE, "peer " + state.name() + " is passive too and nobody has been active for "
                    + nobodyActiveGrace.toMillis() + " ms (e.g. a lost hand-over)", newEpoch());
        }
    }

    private boolean winsAgainst(PeerState other) {
        return PeerState.firstWins(name, priority, other.name(), other.priority());
    }

    private long newEpoch() {
        long seen = peer == null ? 0 : peer.epoch();
        return Math.max(epoch, seen) + 1;
    }

    private void change(Role to, String reason, long newEpoch) {
        Role from = role;
        epoch = newEpoch;
        epochs.store(epoch);
        role = to;
        bothPassiveSince = null;
        RoleChange change = new RoleChange(from, to, reason, epoch, clock.instant());
        history.addFirst(change);
        while (history.size() > HISTORY) {
            history.removeLast();
        }
        LOG.info("{} -> {} ({}, epoch {})", from, to, reason, epoch);
        sink.accept(change);
    }
}

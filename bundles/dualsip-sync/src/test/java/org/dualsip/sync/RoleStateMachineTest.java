package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.api.pair.SyncState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleStateMachineTest {

    @TempDir
    Path dir;
    final List<RoleChange> told = new ArrayList<>();
    final MutableClock clock = new MutableClock();

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-26T08:00:00Z");

        void advance(long ms) {
            now = now.plusMillis(ms);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    RoleStateMachine machine(String name, int priority, TakeoverGuard guard) {
        return new RoleStateMachine(name, priority, new EpochStore(dir), guard, told::add, clock,
                Duration.ofMillis(1000));
    }

    static PeerState peer(String name, Role role, long epoch, int priority) {
        return new PeerState(name, role, epoch, priority, SyncState.IN_SYNC);
    }

    @Test
    void withoutPeerServesAloneInANewEpoch() {
        RoleStateMachine m = machine("a", 100, new AlwaysAllowTakeover());
        m.start(false);
        assertEquals(Role.STANDALONE, m.role());
        assertEquals(1, m.epoch());
        assertEquals(Role.STARTING, told.get(0).from());
    }

    @Test
    void aRefusedPeerKeepsAStartingNodeFromServingUntilItLeaves() {
        RoleStateMachine m = machine("a", 100, new AlwaysAllowTakeover());
        m.start(true);
        m.peerJoined();
        m.peerRefused("incompatible wire version 1");
        m.startupWaitExpired();
        assertEquals(Role.STARTING, m.role(), "someone we cannot talk to may be serving");
        assertEquals("incompatible wire version 1", m.refusal());
        m.peerLost("left the sync group");
        assertEquals(Role.ACTIVE, m.role());
        assertNull(m.refusal());
    }

    @Test
    void aServingNodeIgnoresARefusedPeer() {
        RoleStateMachine m = machine("a", 100, new AlwaysAllowTakeover());
        m.start(true);
        m.startupWaitExpired();
        m.peerJoined();
        m.peerRefused("another cluster");
        assertEquals(Role.ACTIVE, m.role());
    }

    @Test
    void bothPassiveForTheGraceMakesTheElectedNodeActive() {
        RoleStateMachine winner = machine("a", 200, new AlwaysAllowTakeover());
        winner.start(true);
        winner.peerState(peer("b", Role.ACTIVE, 4, 100));
        assertEquals(Role.PASSIVE, winner.role());
        winner.peerState(peer("b", Role.PASSIVE, 4, 100)); // b handed over, but the message was lost
        clock.advance(999);
        winner.peerState(peer("b", Role.PASSIVE, 4, 100));
        assertEquals(Role.PASSIVE, winner.role(), "a switchover passes through both PASSIVE briefly");
        clock.advance(1);
        winner.peerState(peer("b", Role.PASSIVE, 4, 100));
        assertEquals(Role.ACTIVE, winner.role());
        assertEquals(5, winner.epoch());
        assertTrue(told.get(told.size() - 1).reason().contains("nobody has been active"));
    }

    @Test
    void theNodeThatLosesTheElectionStaysPassiveWhenBothArePassive() {
        RoleStateMachine loser = machine("b", 100, new AlwaysAllowTakeover());
        loser.start(true);
        loser.peerState(peer("a", Role.ACTIVE, 4, 200));
        loser.peerState(peer("a", Role.PASSIVE, 4, 200));
        clock.advance(5000);
        loser.peerState(peer("a", Role.PASSIVE, 4, 200));
        assertEquals(Role.PASSIVE, loser.role());
    }

    @Test
    void aloneWaitsForThePeerThenServes() {
        RoleStateMachine m = machine("a", 100, new AlwaysAllowTakeover());
        m.start(true);
        assertEquals(Role.STARTING, m.role());
        assertTrue(told.isEmpty());
        m.startupWaitExpired();
        assertEquals(Role.ACTIVE, m.role());
        assertEquals(1, m.epoch());
    }

    @Test
    void simultaneousStartElectsHigherPriorityThenSmallerName() {
        RoleStateMachine high = machine("b", 200, new AlwaysAllowTakeover());
        high.start(true);
        high.peerState(peer("a", Role.STARTING, 0, 100));
        assertEquals(Role.ACTIVE, high.role());

        RoleStateMachine low = machine("a", 100, new AlwaysAllowTakeover());
        low.start(true);
        low.peerState(peer("b", Role.STARTING, 0, 200));
        assertEquals(Role.STARTING, low.role(), "the loser waits for the winner");
        low.startupWaitExpired();
        assertEquals(Role.STARTING, low.role(), "even after the startup wait");
        low.peerState(peer("b", Role.ACTIVE, 1, 200));
        assertEquals(Role.PASSIVE, low.role());
        assertEquals(1, low.epoch());

        assertTrue(PeerState.firstWins("alpha", 100, "beta", 100));
        assertTrue(!PeerState.firstWins("beta", 100, "alpha", 100));
    }

    @Test
    void returningNodeJoinsPassiveWithoutPreemption() {
        RoleStateMachine m = machine("a", 1000, new AlwaysAllowTakeover());
        m.start(true);
        m.peerState(peer("b", Role.ACTIVE, 7, 1));
        assertEquals(Role.PASSIVE, m.role());
        assertEquals(7, m.epoch());
    }

    @Test
    void passiveTakesOverInANewEpochWhenThePeerIsLost() {
        RoleStateMachine m = machine("a", 100, new AlwaysAllowTakeover());
        m.start(true);
        m.peerState(peer("b", Role.ACTIVE, 4, 100));
        m.peerLost("connection closed");
        assertEquals(Role.ACTIVE, m.role());
        assertEquals(5, m.epoch());
        assertTrue(told.get(told.size() - 1).reason().contains("connection closed"));
    }

    @Test
    void refusedTakeoverStaysPassive() {
        RoleStateMachine m = machine("a", 100, reason -> false);
        m.start(true);
        m.peerState(peer("b", Role.ACTIVE, 4, 100));
        m.peerLost("heartbeats missing");
        assertEquals(Role.PASSIVE, m.role());
        assertEquals(4, m.epoch());
        assertTrue(m.alarm().contains("LAN check refused the takeover"), m.alarm());
        m.peerState(peer("b", Role.ACTIVE, 4, 100));
        assertNull(m.alarm(), "the peer is back: no alarm");
    }

    @Test
    void activeDemotesAtOnceWhenThePeerIsActiveInAHigherEpoch() {
        RoleStateMachine m = machine("a", 1000, new AlwaysAllowTakeover());
        m.start(true);
        m.startupWaitExpired();
        assertEquals(1, m.epoch());
        m.peerState(peer("b", Role.ACTIVE, 2, 1));
        assertEquals(Role.PASSIVE, m.role());
        assertEquals(2, m.epoch());
        assertEquals(Role.PASSIVE, told.get(told.size() - 1).to(), "listeners told of the demotion");
    }

    @Test
    void bothActiveInTheSameEpochKeepsExactlyOne() {
        RoleStateMachine a = machine("a", 100, new AlwaysAllowTakeover());
        a.start(true);
        a.startupWaitExpired();
        a.peerState(peer("b", Role.ACTIVE, 1, 100));
        assertEquals(Role.ACTIVE, a.role(), "a wins on the name");
        a.peerState(peer("b", Role.ACTIVE, 1, 200));
        assertEquals(Role.PASSIVE, a.role(), "b wins on priority");
    }

    @Test
    void activeIgnoresAnOlderActive() {
        RoleStateMachine m = machine("z", 1, new AlwaysAllowTakeover());
        m.start(true);
        m.peerState(peer("b", Role.ACTIVE, 3, 100));
        m.peerLost("gone");
        assertEquals(4, m.epoch());
        m.peerState(peer("b", Role.ACTIVE, 3, 100));
        assertEquals(Role.ACTIVE, m.role());
    }

    @Test
    void switchoverHandsTheRoleToThePeerInANewEpoch() {
        RoleStateMachine active = machine("a", 100, new AlwaysAllowTakeover());
        active.start(true);
        active.startupWaitExpired();
        active.handOver("b");
        assertEquals(Role.PASSIVE, active.role());
        assertEquals(1, active.epoch());

        RoleStateMachine passive = machine("b", 100, new AlwaysAllowTakeover());
        passive.start(true);
        passive.peerState(peer("a", Role.ACTIVE, 1, 100));
        passive.handoverReceived("a", 1);
        assertEquals(Role.ACTIVE, passive.role());
        assertEquals(2, passive.epoch());
    }

    @Test
    void switchoverRefusedUnlessActive() {
        RoleStateMachine m = machine("a", 100, new AlwaysAllowTakeover());
        m.start(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.handOver("b"));
        assertTrue(e.getMessage().contains("STARTING"));
    }

    @Test
    void epochSurvivesARestart() {
        RoleStateMachine m = machine("a", 100, new AlwaysAllowTakeover());
        m.start(true);
        m.startupWaitExpired();
        m.peerLost("x");
        RoleStateMachine restarted = machine("a", 100, new AlwaysAllowTakeover());
        assertEquals(1, restarted.epoch());
        restarted.start(false);
        assertEquals(2, restarted.epoch());
    }

    @Test
    void keepsTheLastFiftyChangesNewestFirst() {
        RoleStateMachine m = machine("a", 100, new AlwaysAllowTakeover());
        m.start(true);
        for (int i = 0; i < 40; i++) {
            m.peerState(peer("b", Role.ACTIVE, m.epoch() + 1, 100));
            m.peerLost("round " + i);
        }
        List<RoleChange> history = m.history();
        assertEquals(RoleStateMachine.HISTORY, history.size());
        assertEquals("takeover: round 39", history.get(0).reason());
    }
}

package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ForwardingGateTest {

    @Test
    void closedUntilOpened() {
        ForwardingGate gate = new ForwardingGate();
        assertFalse(gate.isOpen());
        assertFalse(gate.enter());
        gate.open();
        assertTrue(gate.isOpen());
        assertTrue(gate.enter());
        gate.leave();
    }

    @Test
    void closingWaitsForTheReplicationsUnderWayAndRefusesNewOnes() throws Exception {
        ForwardingGate gate = new ForwardingGate();
        gate.open();
        assertTrue(gate.enter());
        CompletableFuture<Integer> closed = CompletableFuture.supplyAsync(() -> gate.closeAndDrain(10_000));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gate.isOpen() && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertFalse(gate.isOpen(), "closed at once");
        assertFalse(gate.enter(), "nothing new is admitted while the gate drains");
        Thread.sleep(50);
        assertFalse(closed.isDone(), "still waiting for the replication under way");
        gate.leave();
        assertEquals(0, closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void closingGivesUpAfterTheBoundAndSaysHowManyAreLeft() {
        ForwardingGate gate = new ForwardingGate();
        gate.open();
        assertTrue(gate.enter());
        assertTrue(gate.enter());
        long started = System.nanoTime();
        assertEquals(2, gate.closeAndDrain(30));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 29);
        gate.leave();
        gate.leave();
        assertEquals(0, gate.closeAndDrain(30));
    }
}

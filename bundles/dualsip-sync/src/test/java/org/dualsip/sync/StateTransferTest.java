package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StateTransferTest {

    @Test
    void streamsStartRecordsEndWithTheCountAndBacksOffOnRepeatedFailures() throws Exception {
        InMemoryMirror engine = new InMemoryMirror();
        InMemoryMirror.calls(3, 10).forEach(engine::store);
        List<WireMessage> sent = new CopyOnWriteArrayList<>();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            StateTransfer transfer = new StateTransfer(m -> sent.add(m), () -> engine, thread, 100);
            assertTrue(transfer.mayStart());
            transfer.start(4, (id, reason) -> { });
            thread.submit(() -> { }).get(5, TimeUnit.SECONDS);
            assertEquals(new WireMessage.TransferStart(1, 4), sent.get(0));
            assertEquals(5, sent.size());
            assertEquals(new WireMessage.TransferEnd(1, 3), sent.get(4));
            assertFalse(transfer.mayStart(), "one transfer at a time");

            assertTrue(transfer.fail(1));
            assertFalse(transfer.mayStart(), "back-off after a failure");
            assertEquals(200, transfer.nextBackoffMs(), "doubles");
            Thread.sleep(120);
            assertTrue(transfer.mayStart());
            transfer.start(4, (id, reason) -> { });
            assertTrue(transfer.complete(2));
            assertEquals(100, transfer.nextBackoffMs(), "reset by a success");
            assertFalse(transfer.complete(2), "a verdict counts once");
        } finally {
            thread.shutdownNow();
        }
    }
}

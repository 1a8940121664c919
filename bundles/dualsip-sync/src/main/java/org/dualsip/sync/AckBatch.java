package org.dualsip.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The passive's acknowledgements of one delivered batch of records, sent as a single message when the
 * batch ends. JGroups hands over the records a sender sent in a burst together; acknowledging each on
 * its own cost the passive one message and the active one delivery per record, which under load was
 * a large share of both nodes' work. Thread-safe (deliveries of one sender are serial, but status
 * readers and tests may look).
 */
final class AckBatch {

    private final Consumer<List<Long>> sender;
    private List<Long> ids = new ArrayList<>();

    /** @param sender sends one Ack with the ids given (never an empty list) */
    AckBatch(Consumer<List<Long>> sender) {
        this.sender = sender;
    }

    /** Adds the id of a record now held by the mirror. */
    synchronized void add(long id) {
        ids.add(id);
    }

    /** The batch ended: acknowledges every id added since the last flush, in one message. */
    void flush() {
        List<Long> batch;
        synchronized (this) {
            if (ids.isEmpty()) {
                return;
            }
            batch = ids;
            ids = new ArrayList<>();
        }
        sender.accept(batch);
    }
}

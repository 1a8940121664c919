package org.dualsip.sync;

import java.util.List;
import org.dualsip.api.pair.ReplicatedRecord;

/** The messages of the sync link; encoded by {@link WireCodec}. */
sealed interface WireMessage {

    /**
     * The sender's state, sent every heartbeat interval and on every role change, with the name of the
     * pair it belongs to (a node pointed at another pair's node refuses it).
     */
    record State(String cluster, PeerState state) implements WireMessage { }

    /**
     * One live record change from the active; answered with an {@link Ack} naming the same id, or not
     * answered at all when the id is {@link #NO_ACK} (the active does not wait for it).
     */
    record Record(long id, long epoch, ReplicatedRecord record) implements WireMessage {
        static final long NO_ACK = 0;
    }

    /**
     * The passive holds the records with these ids: one ack per batch of records JGroups delivered
     * together, so that under load the passive sends (and the active handles) far fewer messages.
     */
    record Ack(List<Long> ids) implements WireMessage {
        public Ack {
            ids = List.copyOf(ids);
        }
    }

    /** A full state transfer begins: the passive clears its mirror. */
    record TransferStart(long transfer, long epoch) implements WireMessage { }

    /** One record of the active's snapshot within transfer {@code transfer}. */
    record TransferRecord(long transfer, ReplicatedRecord record) implements WireMessage { }

    /** The transfer is complete after {@code count} records. */
    record TransferEnd(long transfer, long count) implements WireMessage { }

    /** The passive's verdict on a transfer: {@code ok} only when the counts matched. */
    record TransferDone(long transfer, long received, boolean ok) implements WireMessage { }

    /** Graceful switchover: the sender (no longer active) hands the active role to the receiver. */
    record Handover(String from, long epoch) implements WireMessage { }
}

package org.dualsip.sync;

import org.dualsip.api.pair.ReplicatedRecord;

/** The messages of the sync link; encoded by {@link WireCodec}. */
sealed interface WireMessage {

    /** The sender's state, sent every heartbeat interval and on every role change. */
    record State(PeerState state) implements WireMessage { }

    /** One live record change from the active; answered with an {@link Ack} of the same id. */
    record Record(long id, long epoch, ReplicatedRecord record) implements WireMessage { }

    /** The passive holds record {@code id}. */
    record Ack(long id) implements WireMessage { }

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

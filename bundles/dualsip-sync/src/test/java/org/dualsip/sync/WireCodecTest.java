package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.ReplicatedRecord;
import org.dualsip.api.pair.SyncState;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    @Test
    void everyMessageSurvivesTheRoundTrip() throws Exception {
        List<WireMessage> messages = List.of(
                new WireMessage.State("dualsip", new PeerState("a", Role.PASSIVE, 3, 100, SyncState.SYNCING)),
                new WireMessage.Ack(List.of(42L, 43L, 7L)),
                new WireMessage.Ack(List.of()),
                new WireMessage.TransferStart(7, 3),
                new WireMessage.TransferEnd(7, 10_000),
                new WireMessage.TransferDone(7, 9_999, false),
                new WireMessage.Handover("b", 9));
        for (WireMessage m : messages) {
            assertEquals(m, WireCodec.decode(WireCodec.encode(m)));
        }
        ReplicatedRecord r = new ReplicatedRecord("call-1", 5, false, new byte[] {1, 2, 3});
        WireMessage.Record decoded = (WireMessage.Record) WireCodec.decode(
                WireCodec.encode(new WireMessage.Record(11, 3, r)));
        assertEquals(11, decoded.id());
        assertEquals("call-1", decoded.record().key());
        assertEquals(5, decoded.record().version());
        assertArrayEquals(new byte[] {1, 2, 3}, decoded.record().payload());
    }

    @Test
    void refusesAnotherWireVersionWithAClearReason() {
        byte[] data = WireCodec.encode(new WireMessage.Ack(List.of(1L)));
        data[4] = 1;
        WireCodec.UndecodableException e = assertThrows(WireCodec.UndecodableException.class,
                () -> WireCodec.decode(data));
        assertTrue(e.getMessage().contains("incompatible wire version 1"), e.getMessage());
        assertTrue(e.foreign(), "another version is a foreign peer, not a damaged message");
    }

    @Test
    void refusesGarbageTruncationAndBadLengths() {
        assertThrows(WireCodec.UndecodableException.class, () -> WireCodec.decode(new byte[] {1, 2, 3, 4, 5, 6}));
        byte[] record = WireCodec.encode(new WireMessage.TransferRecord(1,
                new ReplicatedRecord("k", 1, false, new byte[100])));
        assertThrows(WireCodec.UndecodableException.class,
                () -> WireCodec.decode(Arrays.copyOf(record, record.length - 10)));
        byte[] hugeLength = record.clone();
        ByteBuffer.wrap(hugeLength).putInt(record.length - 104, Integer.MAX_VALUE);
        assertThrows(WireCodec.UndecodableException.class, () -> WireCodec.decode(hugeLength));
        byte[] badType = WireCodec.encode(new WireMessage.Ack(List.of(1L)));
        badType[5] = 99;
        assertThrows(WireCodec.UndecodableException.class, () -> WireCodec.decode(badType));
        byte[] hugeAckCount = WireCodec.encode(new WireMessage.Ack(List.of(1L)));
        ByteBuffer.wrap(hugeAckCount).putInt(6, 1 << 28);
        assertThrows(WireCodec.UndecodableException.class, () -> WireCodec.decode(hugeAckCount));
    }
}

package org.dualsip.sip.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.junit.jupiter.api.Test;

class CallRecordCodecTest {

    static CallRecord full() {
        DialogState d = new DialogState("cid@x", "lt", "rt", "\"Bob\" <sip:bob@x>", "<sip:a@y>", "sip:b@x",
                "sip:a@y:5060", List.of("<sip:p1@z;lr>", "<sip:p2@z;lr>"), "TCP");
        PendingTransaction invite = new PendingTransaction("INVITE", 7,
                List.of("SIP/2.0/UDP y:5060;branch=z9hG4bK1;received=10.0.0.1;rport=5062", "SIP/2.0/UDP q;branch=z9hG4bK0"),
                "v=0\r\nm=audio 1 RTP/AVP 0\r\n", "v=0 answer é",
                java.util.Map.of("P-Asserted-Identity", "<sip:+4420@x>", "X-Trunk", "é1"));
        PendingTransaction reoffer = new PendingTransaction("UPDATE", 9, List.of("SIP/2.0/UDP y;branch=z9hG4bK9"), null, null);
        return new CallRecord("c1", 42, Direction.OUTBOUND, CallState.ANSWERED_WAITING_ACK, "app", 1_700_000_000_123L,
                d, 12, 9, "offer", "answer", invite, reoffer, true, true,
                new SessionTimer(1800, true, 1_700_000_001_000L, 120, true, false, 13),
                new ReliableProvisionals(true, false, 77, 183, "v=0 early", true, 5), 487, "CANCELLED");
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() throws Exception {
        CallRecord r = full();
        assertEquals(r, CallRecordCodec.decode(CallRecordCodec.encode(r)));
    }

    @Test
    void nullsAndEmptyListsSurviveTheRoundTrip() throws Exception {
        DialogState d = new DialogState("cid", "lt", null, "<sip:b@x>", "<sip:a@y>", "sip:b@x", "sip:a@y", List.of(), "UDP");
        CallRecord r = new CallRecord("c2", 1, Direction.INBOUND, CallState.OFFERED, null, 0, d, 0, 1, null, null,
                new PendingTransaction("INVITE", 1, List.of(), null, null), null, false, false, null, null, 0, null);
        CallRecord back = CallRecordCodec.decode(CallRecordCodec.encode(r));
        assertEquals(r, back);
        assertEquals(null, back.reoffer());
        assertEquals(List.of(), back.dialog().routeSet());
    }

    @Test
    void aLargeSdpIsNotCutAt64Kilobytes() throws Exception {
        String sdp = "a=x\r\n".repeat(20_000);
        CallRecord r = full().withSdp(sdp, sdp);
        assertEquals(sdp, CallRecordCodec.decode(CallRecordCodec.encode(r)).sdpOffer());
    }

    @Test
    void encodingIsStableForEqualRecords() {
        assertArrayEquals(CallRecordCodec.encode(full()), CallRecordCodec.encode(full()));
    }

    @Test
    void refusesAnotherFormatVersionTruncatedBytesAndTrailingGarbage() {
        byte[] good = CallRecordCodec.encode(full());
        byte[] otherVersion = good.clone();
        otherVersion[0] = 99;
        assertThrows(CallRecordCodec.UndecodableRecordException.class, () -> CallRecordCodec.decode(otherVersion));
        assertThrows(CallRecordCodec.UndecodableRecordException.class,
                () -> CallRecordCodec.decode(Arrays.copyOf(good, good.length / 2)));
        assertThrows(CallRecordCodec.UndecodableRecordException.class,
                () -> CallRecordCodec.decode(Arrays.copyOf(good, good.length + 3)));
        assertThrows(CallRecordCodec.UndecodableRecordException.class, () -> CallRecordCodec.decode(new byte[0]));
    }

    @Test
    void theInvitesSdpIsTheOfferItselfAfterDecoding() throws Exception {
        CallRecord r = full().withSdp("v=0 offer", "answer")
                .withInvite(new PendingTransaction("INVITE", 1, List.of(), "v=0 offer", null));
        CallRecord back = CallRecordCodec.decode(CallRecordCodec.encode(r));
        assertEquals(r, back);
        org.junit.jupiter.api.Assertions.assertSame(back.sdpOffer(), back.invite().sdp());
    }

    @Test
    void theTransferStateSurvivesTheRoundTrip() throws Exception {
        Transfer t = new Transfer(Transfer.Role.RECEIVED, Transfer.Stage.ACTIVE, 3,
                List.of("SIP/2.0/UDP y:5060;branch=z9hG4bK3;rport=5062"), "sip:carol@x", "<sip:a@y>",
                "cid2@y;to-tag=1;from-tag=2", false, 180, 14, 0, "c0");
        CallRecord r = full().withTransfer(t);
        assertEquals(r, CallRecordCodec.decode(CallRecordCodec.encode(r)));
        CallRecord link = full().withTransfer(Transfer.replacing("c9"));
        assertEquals(link, CallRecordCodec.decode(CallRecordCodec.encode(link)));
        CallRecord placed = full().withTransfer(Transfer.reporting("c7"));
        assertEquals("c7", CallRecordCodec.decode(CallRecordCodec.encode(placed)).transfer().transferOf());
    }

    @Test
    void readsFormat4WithoutTransferState() throws Exception {
        CallRecord r = full();
        byte[] five = CallRecordCodec.encode(r);
        // format 4 is format 5 without the trailing transfer presence flag (false for this record)
        byte[] four = Arrays.copyOf(five, five.length - 1);
        four[0] = 4;
        assertEquals(r, CallRecordCodec.decode(four));
        byte[] three = four.clone();
        three[0] = 3;
        assertThrows(CallRecordCodec.UndecodableRecordException.class, () -> CallRecordCodec.decode(three));
    }
}

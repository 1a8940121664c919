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
                new ReliableProvisionals(true, false, 77, 183, "v=0 early", true, 5), 487, "CANCELLED",
                new OfferAnswer(OfferAnswer.Phase.LOCAL_RETRY, "UPDATE", 0, "v=0 ours é", true, 1_700_000_002_000L, 2),
                null);
    }

    /**
     * The record as format 4 wrote it: the same bytes without the trailing offer/answer and transfer
     * state. For {@link OfferAnswer#INITIAL} the first tail is the phase name (4 + 7 bytes), a null
     * method (4), the CSeq (8), a null SDP (4), forApplication (1), retryAtMillis (8) and glares (4):
     * 40 bytes; no transfer is its presence flag: 1 byte; no BYE reason is a null string: 4 bytes.
     */
    static byte[] asFormat4(CallRecord r) {
        byte[] five = CallRecordCodec.encode(r.withOfferAnswer(OfferAnswer.INITIAL).withTransfer(null).withByeReason(null),
                CallRecordCodec.FORMAT_VERSION);
        byte[] four = Arrays.copyOf(five, five.length - 45);
        four[0] = 4;
        return four;
    }

    @Test
    void anOrdinaryCallIsWrittenInTheFormatThePreviousReleaseReads() throws Exception {
        CallRecord confirmed = full().withState(CallState.CONFIRMED).withReoffer(null).withOfferAnswer(OfferAnswer.STABLE);
        byte[] bytes = CallRecordCodec.encode(confirmed);
        assertEquals(4, bytes[0], "a passive of the previous release keeps this call during a rolling upgrade");
        assertArrayEquals(asFormat4(confirmed), bytes);
        // read back INITIAL, which in a confirmed call means what STABLE means (OfferAnswer.Phase.INITIAL)
        assertEquals(confirmed.withOfferAnswer(OfferAnswer.INITIAL), CallRecordCodec.decode(bytes));
        CallRecord offered = full().withState(CallState.OFFERED).withReoffer(null).withOfferAnswer(OfferAnswer.INITIAL);
        assertEquals(4, CallRecordCodec.encode(offered)[0]);
        assertEquals(offered, CallRecordCodec.decode(CallRecordCodec.encode(offered)));
    }

    @Test
    void whatThePreviousFormatLacksIsWrittenInFormat5() throws Exception {
        CallRecord confirmed = full().withState(CallState.CONFIRMED).withReoffer(null).withOfferAnswer(OfferAnswer.STABLE);
        CallRecord early = full().withState(CallState.RINGING).withReoffer(null).withOfferAnswer(OfferAnswer.STABLE);
        for (CallRecord r : java.util.List.of(full(), confirmed.withTransfer(Transfer.replacing("c9")),
                confirmed.withByeReason("SIP;cause=408"), early)) {
            byte[] bytes = CallRecordCodec.encode(r);
            assertEquals(5, bytes[0], () -> "format 5 for " + r.offerAnswer() + " " + r.transfer() + " " + r.byeReason());
            assertEquals(r, CallRecordCodec.decode(bytes));
        }
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
    void everyOfferAnswerPhaseSurvivesTheRoundTrip() throws Exception {
        assertEquals(5, CallRecordCodec.encode(full())[0], "format 5 is written");
        for (OfferAnswer oa : List.of(OfferAnswer.INITIAL, OfferAnswer.STABLE,
                OfferAnswer.localOffer("INVITE", 14, "v=0 x", false, 1), OfferAnswer.remoteOffer("UPDATE", 10),
                OfferAnswer.localOffer("UPDATE", 15, "v=0 y", true, 0).retryAt(1_700_000_003_000L))) {
            CallRecord r = full().withOfferAnswer(oa);
            assertEquals(r, CallRecordCodec.decode(CallRecordCodec.encode(r)), oa.toString());
        }
    }

    @Test
    void aFormat4RecordIsReadWithItsOfferAnswerStateDerived() throws Exception {
        CallRecord pendingUpdate = full(); // its reoffer: the far end's UPDATE 9, unanswered
        CallRecord back = CallRecordCodec.decode(asFormat4(pendingUpdate));
        assertEquals(pendingUpdate.withOfferAnswer(OfferAnswer.remoteOffer("UPDATE", 9)), back);

        CallRecord quiet = full().withReoffer(null);
        assertEquals(quiet.withOfferAnswer(OfferAnswer.INITIAL), CallRecordCodec.decode(asFormat4(quiet)));

        byte[] three = asFormat4(quiet);
        three[0] = 3;
        assertThrows(CallRecordCodec.UndecodableRecordException.class, () -> CallRecordCodec.decode(three));
        byte[] truncated = Arrays.copyOf(CallRecordCodec.encode(quiet), asFormat4(quiet).length);
        assertThrows(CallRecordCodec.UndecodableRecordException.class, () -> CallRecordCodec.decode(truncated),
                "format 5 without its offer/answer state");
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
    void theReasonOfABYEOfOurOwnSurvivesTheRoundTrip() throws Exception {
        CallRecord ending = full().endingWithBye("SESSION_EXPIRED", "SIP;cause=408;text=\"session expired é\"");
        CallRecord back = CallRecordCodec.decode(CallRecordCodec.encode(ending));
        assertEquals(ending, back);
        assertEquals(CallState.TERMINATING, back.state());
        assertEquals("SESSION_EXPIRED", back.endReason());
        org.junit.jupiter.api.Assertions.assertTrue(back.endDecided());
        byte[] withoutReason = CallRecordCodec.encode(ending.withByeReason(null));
        assertThrows(CallRecordCodec.UndecodableRecordException.class,
                () -> CallRecordCodec.decode(Arrays.copyOf(withoutReason, withoutReason.length - 4)),
                "format 5 without its last field");
        assertEquals(null, CallRecordCodec.decode(asFormat4(ending)).byeReason(), "format 4 has none");
    }

    @Test
    void readsFormat4WithoutTransferState() throws Exception {
        CallRecord r = full().withTransfer(Transfer.replacing("c9"));
        byte[] four = asFormat4(r);
        CallRecord back = CallRecordCodec.decode(four);
        assertEquals(null, back.transfer(), "format 4 has no transfer state");
        // the offer/answer state is derived (its own test above); every other field as written
        assertEquals(r.withTransfer(null).withOfferAnswer(back.offerAnswer()), back);
        byte[] three = four.clone();
        three[0] = 3;
        assertThrows(CallRecordCodec.UndecodableRecordException.class, () -> CallRecordCodec.decode(three));
    }
}

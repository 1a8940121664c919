package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.dualsip.sip.engine.OfferAnswerRules.Verdict;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.DialogState;
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.record.PendingTransaction;
import org.junit.jupiter.api.Test;

/** The offer/answer rules on records alone: what a far end's request gets, when we may offer, glare back-off. */
class OfferAnswerRulesTest {

    private static CallRecord call(Direction dir, CallState state, boolean offerLocal, String inviteSdp) {
        DialogState d = new DialogState("cid", "lt", "rt", "<sip:a@x>", "<sip:b@y>", "sip:b@y", "sip:b@y", List.of(), "UDP");
        PendingTransaction invite = new PendingTransaction("INVITE", 1, List.of(), inviteSdp, null);
        return new CallRecord("c", 1, dir, state, "app", 0, d, 1, 1, "v=0", null, invite, null, false, offerLocal,
                null, null, 0, null);
    }

    @Test
    void glareBackOffIsRfc3261Section14Point1InTenMillisecondUnits() {
        CallRecord owner = call(Direction.OUTBOUND, CallState.CONFIRMED, true, "v=0");
        CallRecord other = call(Direction.INBOUND, CallState.CONFIRMED, false, "v=0");
        long ownerMin = Long.MAX_VALUE;
        long ownerMax = 0;
        long otherMax = 0;
        for (int i = 0; i < 2000; i++) {
            long o = OfferAnswerRules.glareDelayMillis(owner);
            long n = OfferAnswerRules.glareDelayMillis(other);
            assertEquals(0, o % 10);
            assertEquals(0, n % 10);
            assertTrue(o >= 2100 && o <= 4000, "owner " + o);
            assertTrue(n >= 0 && n <= 2000, "not owner " + n);
            ownerMin = Math.min(ownerMin, o);
            ownerMax = Math.max(ownerMax, o);
            otherMax = Math.max(otherMax, n);
        }
        assertTrue(ownerMax - ownerMin > 1000 && otherMax > 1000, "random over the window");
    }

    @Test
    void farEndRequestsMeetGlareOrPendingAsTheRecordSays() {
        CallRecord confirmed = call(Direction.INBOUND, CallState.CONFIRMED, false, "v=0");
        assertEquals(Verdict.TAKE, OfferAnswerRules.onRemoteRequest(confirmed, "INVITE", true));
        CallRecord ours = confirmed.withOfferAnswer(OfferAnswer.localOffer("UPDATE", 2, "v=0", true, 0));
        assertEquals(Verdict.GLARE, OfferAnswerRules.onRemoteRequest(ours, "INVITE", false), "offerless re-INVITE too");
        assertEquals(Verdict.GLARE, OfferAnswerRules.onRemoteRequest(ours, "UPDATE", true));
        assertEquals(Verdict.TAKE, OfferAnswerRules.onRemoteRequest(ours, "UPDATE", false), "a bodiless UPDATE is no offer");
        CallRecord retrying = confirmed.withOfferAnswer(ours.offerAnswer().retryAt(5));
        assertEquals(Verdict.TAKE, OfferAnswerRules.onRemoteRequest(retrying, "INVITE", true),
                "waiting to retry, nothing of ours is outstanding: the winner's offer is taken");
        CallRecord theirs = confirmed.withReoffer(new PendingTransaction("UPDATE", 2, List.of(), "v=0", null))
                .withOfferAnswer(OfferAnswer.remoteOffer("UPDATE", 2));
        assertEquals(Verdict.PENDING, OfferAnswerRules.onRemoteRequest(theirs, "UPDATE", true));

        CallRecord ringingOut = call(Direction.OUTBOUND, CallState.RINGING, true, "v=0");
        assertEquals(Verdict.GLARE, OfferAnswerRules.onRemoteRequest(ringingOut, "UPDATE", true), "our INVITE's offer");
        assertEquals(Verdict.GLARE, OfferAnswerRules.onRemoteRequest(ringingOut, "INVITE", true));
        CallRecord ringingIn = call(Direction.INBOUND, CallState.RINGING, false, "v=0");
        assertEquals(Verdict.PENDING, OfferAnswerRules.onRemoteRequest(ringingIn, "UPDATE", true), "their offer unanswered");
        assertEquals(Verdict.TAKE, OfferAnswerRules.onRemoteRequest(ringingIn.withOfferAnswer(OfferAnswer.STABLE),
                "UPDATE", true), "answered in a reliable 1xx");
        assertEquals(Verdict.PENDING, OfferAnswerRules.onRemoteRequest(ringingIn.withOfferAnswer(OfferAnswer.STABLE),
                "INVITE", true), "no re-INVITE before their INVITE's final response");
    }

    @Test
    void weOfferOnlyWhenNothingIsOutstanding() {
        CallRecord confirmed = call(Direction.INBOUND, CallState.CONFIRMED, false, "v=0");
        assertTrue(OfferAnswerRules.mayOffer(confirmed, "INVITE"));
        assertTrue(OfferAnswerRules.mayOffer(confirmed, "UPDATE"));
        assertFalse(OfferAnswerRules.mayOffer(confirmed.withOfferAnswer(OfferAnswer.localOffer("INVITE", 2, "v", true, 0)), "UPDATE"));
        assertFalse(OfferAnswerRules.mayOffer(confirmed.withOfferAnswer(OfferAnswer.remoteOffer("INVITE", 2)), "UPDATE"));
        assertFalse(OfferAnswerRules.mayOffer(confirmed.withOfferAnswer(
                OfferAnswer.localOffer("INVITE", 2, "v", true, 0).retryAt(9)), "INVITE"), "a glare retry waits");
        CallRecord early = call(Direction.OUTBOUND, CallState.RINGING, true, "v=0");
        assertFalse(OfferAnswerRules.mayOffer(early, "UPDATE"), "our INVITE's offer unanswered");
        assertTrue(OfferAnswerRules.mayOffer(early.withOfferAnswer(OfferAnswer.STABLE), "UPDATE"));
        assertFalse(OfferAnswerRules.mayOffer(early.withOfferAnswer(OfferAnswer.STABLE), "INVITE"), "re-INVITE: confirmed only");
    }
}

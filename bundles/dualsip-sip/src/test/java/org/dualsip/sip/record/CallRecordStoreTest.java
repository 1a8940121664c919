package org.dualsip.sip.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.junit.jupiter.api.Test;

class CallRecordStoreTest {

    static CallRecord record(long version) {
        DialogState d = new DialogState("cid@x", "lt", "rt", "<sip:b@x>", "<sip:a@y>", "sip:b@x", "sip:a@y:5060",
                List.of("<sip:p@z;lr>"), "UDP");
        return new CallRecord("c1", version, Direction.INBOUND, CallState.OFFERED, "app", 0, d, 0, 1, "v=0", null,
                new PendingTransaction("INVITE", 1, List.of("SIP/2.0/UDP y;branch=z9hG4bK1"), "v=0", null), null, false, false, null, null, 0, null);
    }

    @Test
    void savesNewerVersionsAndRefusesOlderOrEqualOnes() {
        CallRecordStore store = new CallRecordStore();
        List<Long> replicated = new ArrayList<>();
        store.onSaved((r, v) -> replicated.add(r.version()));
        store.save(record(1));
        store.save(record(2).withState(CallState.RINGING));
        assertThrows(CallRecordStore.StaleRecordException.class, () -> store.save(record(2)));
        assertThrows(CallRecordStore.StaleRecordException.class, () -> store.save(record(1)));
        assertEquals(CallState.RINGING, store.find("c1").orElseThrow().state());
        assertEquals(List.of(1L, 2L), replicated);
    }

    @Test
    void findsByCallIdAndForgets() {
        CallRecordStore store = new CallRecordStore();
        store.save(record(1));
        assertEquals("c1", store.findBySipCallId("cid@x").orElseThrow().id());
        store.remove("c1");
        assertTrue(store.findBySipCallId("cid@x").isEmpty());
        assertEquals(0, store.size());
    }

    @Test
    void endedRecordKeepsWhyAndDropsThePendingReoffer() {
        CallRecord r = record(1).withReoffer(new PendingTransaction("UPDATE", 2, List.of(), null, null))
                .ended("REMOTE_HANGUP", 200);
        assertEquals(CallState.ENDED, r.state());
        assertEquals(200, r.endCode());
        assertEquals(null, r.reoffer());
        assertEquals("<sip:a@y>", r.toCall().from());
    }

    @Test
    void aPendingHangUpIsPartOfTheRecordAndSurvivesOtherChanges() {
        CallRecord pending = record(1).withState(CallState.ANSWERED_WAITING_ACK).withHangUpPending(true);
        CallRecordStore store = new CallRecordStore();
        store.save(pending);
        CallRecord confirmed = store.find("c1").orElseThrow().withState(CallState.CONFIRMED).withInvite(null)
                .withVersion(2);
        assertTrue(confirmed.hangUpPending(), "kept through the ACK");
        assertTrue(!confirmed.ended("LOCAL_HANGUP", 200).hangUpPending(), "an ended call has nothing pending");
    }

    @Test
    void mirroredRecordsSkipTheReplicationHookAndNeverGoBackInVersion() {
        CallRecordStore store = new CallRecordStore();
        List<Long> replicated = new ArrayList<>();
        store.onSaved((r, v) -> replicated.add(r.version()));
        assertTrue(store.mirror(record(3).withState(CallState.RINGING)));
        assertEquals(false, store.mirror(record(2)));
        assertEquals(false, store.mirror(record(3)));
        assertEquals(CallState.RINGING, store.find("c1").orElseThrow().state());
        assertEquals(List.of(), replicated);
        store.clear();
        assertEquals(0, store.size());
        assertTrue(store.findBySipCallId("cid@x").isEmpty());
    }
}

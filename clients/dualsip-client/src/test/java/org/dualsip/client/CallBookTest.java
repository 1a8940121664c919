package org.dualsip.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CallBookTest {

    private static RemoteCall call(String id, RemoteCall.State state) {
        return new RemoteCall(id, RemoteCall.Direction.INBOUND, "sip:a@h", "sip:b@h", "sip:b@h", state, null, null,
                "app", null);
    }

    @Test
    void aCallEndsOnceAndLateEventsOfItAreDropped() {
        CallBook book = new CallBook();
        assertTrue(book.apply(call("c1", RemoteCall.State.OFFERED)));
        assertTrue(book.apply(call("c1", RemoteCall.State.ENDED)));
        assertFalse(book.apply(call("c1", RemoteCall.State.ENDED)), "a second end is not delivered");
        assertFalse(book.apply(call("c1", RemoteCall.State.CONFIRMED)), "an event after the end is not delivered");
        assertTrue(book.live().isEmpty());
    }

    @Test
    void theNodesListReplacesTheViewButKeepsCallsReportedAfterTheQuestion() {
        CallBook book = new CallBook();
        book.apply(call("old", RemoteCall.State.CONFIRMED));
        book.apply(call("kept", RemoteCall.State.CONFIRMED));
        long asked = book.mark();
        book.apply(call("newer", RemoteCall.State.OFFERED)); // overtook the answer
        List<RemoteCall> vanished = book.replaceAll(List.of(call("kept", RemoteCall.State.CONFIRMED)), asked);
        assertEquals(List.of("old"), vanished.stream().map(RemoteCall::id).toList());
        assertEquals(List.of("kept", "newer"), book.live().stream().map(RemoteCall::id).toList());
        assertFalse(book.apply(call("old", RemoteCall.State.ENDED)), "its real end later is not reported again");
    }
}

package org.dualsip.sip.engine;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dualsip.api.call.CallApplication;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.CallEvent;

/** Test application: rings and answers every offered call, accepts every re-offer, records events. */
class AutoAnswerApplication implements CallApplication {

    static final String SDP = "v=0\r\no=dualsip 1 1 IN IP4 127.0.0.10\r\ns=-\r\nc=IN IP4 127.0.0.10\r\n"
            + "t=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    final List<CallEvent> events = new CopyOnWriteArrayList<>();
    /** Calls created before this are an earlier test's: their late events are not recorded or acted on. */
    private volatile Instant since = Instant.EPOCH;
    private final CallControl control;
    volatile boolean autoAnswer = true;
    volatile boolean ring = true;

    AutoAnswerApplication(CallControl control) {
        this.control = control;
    }

    /**
     * Starts a new test: forgets the events so far and ignores from now on every event of a call created
     * before (tests share one engine, and an earlier call's Ended can arrive after the next test began).
     */
    void forget() {
        since = Instant.ofEpochMilli(System.currentTimeMillis());
        events.clear();
    }

    /**
     * Waits for the first recorded event of that type (of that call when {@code callId} is not null).
     *
     * @throws AssertionError naming what was recorded when none came within {@code millis}
     */
    <T extends CallEvent> T await(Class<T> type, String callId, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        do {
            for (CallEvent e : events) {
                if (type.isInstance(e) && (callId == null || callId.equals(e.call().id()))) {
                    return type.cast(e);
                }
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + type.getSimpleName() + (callId == null ? "" : " of " + callId) + " in " + events);
    }

    /** Whether the event belongs to a call of an earlier test. */
    boolean stale(CallEvent event) {
        return event.call().createdAt().isBefore(since);
    }

    @Override
    public void onEvent(CallEvent event) {
        if (stale(event)) {
            return;
        }
        events.add(event);
        String id = event.call().id();
        if (event instanceof CallEvent.Offered && autoAnswer) {
            if (ring) {
                control.ring(id, 180, null);
            }
            control.answer(id, SDP);
        } else if (event instanceof CallEvent.ReofferReceived && autoAnswer) {
            control.acceptReoffer(id, SDP);
        }
    }
}

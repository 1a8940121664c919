package org.dualsip.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.dualsip.api.call.EndReason;
import org.junit.jupiter.api.Test;

class DemoApplicationTest {

    private final RecordingCallControl control = new RecordingCallControl();
    private final ManualScheduler scheduler = new ManualScheduler();

    private DemoApplication demo(String delay, String hangup, String ring) {
        return new DemoApplication(control, scheduler, DemoSettings.parse(".*", delay, hangup, ring, ""));
    }

    private static Call call(String id, CallState state) {
        return new Call(id, Direction.INBOUND, "sip:alice@127.0.0.1", "sip:demo@127.0.0.10",
                "sip:demo@127.0.0.10", state, "v=0\r\n", null, "demo", Instant.EPOCH);
    }

    @Test
    void ringsAndAnswersAtOnceByDefault() {
        demo("0", "0", "true").onEvent(new CallEvent.Offered(call("c1", CallState.OFFERED)));

        assertEquals(List.of("ring c1 180", "answer c1 8 lines"), control.commands);
        assertEquals(0, scheduler.pending());
    }

    @Test
    void withoutRingItOnlyAnswers() {
        demo("0", "0", "false").onEvent(new CallEvent.Offered(call("c1", CallState.OFFERED)));

        assertEquals(List.of("answer c1 8 lines"), control.commands);
    }

    @Test
    void answersAfterTheDelay() {
        demo("500", "0", "true").onEvent(new CallEvent.Offered(call("c1", CallState.OFFERED)));
        assertEquals(List.of("ring c1 180"), control.commands);

        scheduler.advance(499);
        assertEquals(List.of("ring c1 180"), control.commands);

        scheduler.advance(1);
        assertEquals(List.of("ring c1 180", "answer c1 8 lines"), control.commands);
    }

    @Test
    void hangsUpAfterTheConfiguredTimeOnceConfirmed() {
        DemoApplication demo = demo("0", "2000", "false");
        demo.onEvent(new CallEvent.Offered(call("c1", CallState.OFFERED)));
        demo.onEvent(new CallEvent.Confirmed(call("c1", CallState.CONFIRMED)));

        scheduler.advance(1999);
        assertEquals(List.of("answer c1 8 lines"), control.commands);
        scheduler.advance(1);
        assertEquals(List.of("answer c1 8 lines", "hangUp c1"), control.commands);
        assertEquals(0, demo.pendingTimers());
    }

    @Test
    void neverHangsUpWhenHangupIsZero() {
        DemoApplication demo = demo("0", "0", "false");
        demo.onEvent(new CallEvent.Confirmed(call("c1", CallState.CONFIRMED)));

        assertEquals(0, scheduler.pending());
        assertTrue(control.commands.isEmpty());
    }

    @Test
    void endingACallCancelsItsPendingAnswer() {
        DemoApplication demo = demo("1000", "0", "true");
        demo.onEvent(new CallEvent.Offered(call("c1", CallState.OFFERED)));
        demo.onEvent(new CallEvent.Ended(call("c1", CallState.ENDED), EndReason.CANCELLED, 487));

        scheduler.advance(5000);
        assertEquals(List.of("ring c1 180"), control.commands);
        assertEquals(0, demo.pendingTimers());
    }

    @Test
    void endingACallCancelsItsPendingHangup() {
        DemoApplication demo = demo("0", "1000", "false");
        demo.onEvent(new CallEvent.Confirmed(call("c1", CallState.CONFIRMED)));
        demo.onEvent(new CallEvent.Ended(call("c1", CallState.ENDED), EndReason.REMOTE_HANGUP, 200));

        scheduler.advance(5000);
        assertTrue(control.commands.isEmpty(), control.commands.toString());
    }

    @Test
    void acceptsAReofferWithItsSdp() {
        demo("0", "0", "true").onEvent(
                new CallEvent.ReofferReceived(call("c1", CallState.CONFIRMED), "INVITE", "v=0\r\n"));

        assertEquals(List.of("acceptReoffer c1 sdp"), control.commands);
    }

    @Test
    void aRefusedCommandIsSwallowedAndOtherCallsCarryOn() {
        DemoApplication demo = demo("100", "0", "false");
        demo.onEvent(new CallEvent.Offered(call("gone", CallState.OFFERED)));
        demo.onEvent(new CallEvent.Offered(call("c2", CallState.OFFERED)));
        control.gone.add("gone");

        scheduler.advance(100);

        assertEquals(List.of("answer c2 8 lines"), control.commands);
    }

    @Test
    void outboundOffersAreNotAnswered() {
        Call outbound = new Call("o1", Direction.OUTBOUND, "sip:a@x", "sip:b@y", "sip:b@y",
                CallState.OFFERED, "v=0\r\n", null, "demo", Instant.EPOCH);
        demo("0", "0", "true").onEvent(new CallEvent.Offered(outbound));

        assertTrue(control.commands.isEmpty());
    }

    @Test
    void newSettingsApplyToTheNextCall() {
        DemoApplication demo = demo("0", "0", "true");
        demo.update(DemoSettings.parse(".*", "300", "0", "false", ""));
        demo.onEvent(new CallEvent.Offered(call("c1", CallState.OFFERED)));
        assertTrue(control.commands.isEmpty());

        scheduler.advance(300);
        assertEquals(List.of("answer c1 8 lines"), control.commands);
    }

    @Test
    void closeCancelsEveryTimer() {
        DemoApplication demo = demo("1000", "0", "false");
        demo.onEvent(new CallEvent.Offered(call("c1", CallState.OFFERED)));
        demo.onEvent(new CallEvent.Offered(call("c2", CallState.OFFERED)));

        demo.close();
        scheduler.advance(1000);

        assertTrue(control.commands.isEmpty());
        assertEquals(0, demo.pendingTimers());
    }
}

package org.dualsip.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallApplication;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import org.dualsip.api.call.Takeover;
import org.dualsip.api.node.Role;
import org.junit.jupiter.api.Test;

/** What happens to an application's calls when its connection drops, with time under the test's control. */
class OrphanPolicyTest {

    private static CallApplication whiteboard(Fixture fx, String name) {
        return fx.registrar.registered.get(name).application();
    }

    @Test
    void heldCallsComeBackWithinTheGracePeriodAndEndedOnesAreReportedAfterTheHello() {
        Fixture fx = new Fixture(Map.of("orphan.grace.ms", "30000"));
        Fixture.Connected first = fx.connect("app1");
        first.request("{\"type\":\"request\",\"id\":1,\"op\":\"register\",\"patterns\":[\"sip:1.*\"]}");
        Call kept = fx.control.add("kept", "app1", CallState.CONFIRMED);
        Call gone = fx.control.add("gone", "app1", CallState.CONFIRMED);
        first.drop();

        fx.scheduler.advance(10_000);
        CallApplication app = whiteboard(fx, "app1");
        app.onEvent(new CallEvent.Ended(FakeCallControl.call("gone", "app1", CallState.ENDED), EndReason.REMOTE_HANGUP, 200));
        fx.control.calls.remove("gone");
        app.onEvent(new CallEvent.Confirmed(kept)); // not replayed
        fx.scheduler.advance(19_000);
        assertTrue(fx.control.commands.isEmpty(), "nothing hung up within the grace period");

        Fixture.Connected back = fx.connect("app1");
        List<ObjectNode> frames = back.peer().frames;
        assertEquals("result", frames.get(0).path("type").asText(), "the hello result comes first");
        assertEquals("ended", frames.get(1).path("event").asText());
        assertEquals("gone", frames.get(1).path("call").path("id").asText());
        assertEquals("REMOTE_HANGUP", frames.get(1).path("reason").asText());
        assertEquals(2, frames.size(), "events while away are not replayed, only the ends");
        ObjectNode calls = back.request("{\"type\":\"request\",\"id\":2,\"op\":\"calls\"}");
        assertEquals("kept", calls.path("calls").get(0).path("id").asText());
        assertEquals("(?:sip:1.*)", fx.registrar.registered.get("app1").pattern(), "patterns kept");

        fx.scheduler.advance(60_000);
        assertTrue(fx.control.commands.isEmpty(), "the cancelled grace timer hangs up nothing");
        assertEquals(gone.id(), "gone");
    }

    @Test
    void theEndsKeptForAnAbsentApplicationAreBoundedByHalfItsQueue() {
        Fixture fx = new Fixture(Map.of("queue.limit", "16"));
        fx.connect("app1").drop();
        CallApplication wb = whiteboard(fx, "app1");
        for (int i = 0; i < 20; i++) {
            wb.onEvent(new CallEvent.Ended(FakeCallControl.call("c" + i, "app1", CallState.ENDED), EndReason.REMOTE_HANGUP, 200));
        }
        List<ObjectNode> frames = fx.connect("app1").peer().frames;
        assertEquals(1 + 8, frames.size(), "the hello result and the 8 newest ends");
        assertEquals("c12", frames.get(1).path("call").path("id").asText());
        assertEquals("c19", frames.get(8).path("call").path("id").asText());
    }

    @Test
    void afterTheGracePeriodItsCallsAreHungUpAndItLeavesTheWhiteboard() {
        Fixture fx = new Fixture(Map.of("orphan.grace.ms", "30000"));
        Fixture.Connected app = fx.connect("app1");
        fx.control.add("c1", "app1", CallState.CONFIRMED);
        fx.control.add("c2", "app1", CallState.OFFERED);
        fx.control.add("other", "app2", CallState.CONFIRMED);
        app.drop();
        fx.scheduler.advance(29_999);
        assertTrue(fx.control.commands.isEmpty());
        fx.scheduler.advance(1);
        assertEquals(2, fx.control.commands.size());
        assertTrue(fx.control.commands.containsAll(List.of("hangup c1", "hangup c2")));
        assertFalse(fx.registrar.registered.containsKey("app1"));
        assertTrue(fx.directory.list().isEmpty());
    }

    @Test
    void hangupPolicyHangsUpAtOnce() {
        Fixture fx = new Fixture(Map.of("orphan.policy", "hangup"));
        Fixture.Connected app = fx.connect("app1");
        fx.control.add("c1", "app1", CallState.CONFIRMED);
        app.drop();
        assertEquals(List.of("hangup c1"), fx.control.commands);
        assertFalse(fx.registrar.registered.containsKey("app1"));
    }

    @Test
    void whileAwayNewCallsAreRejected480AndReoffersRefused488() {
        Fixture fx = new Fixture();
        Fixture.Connected app = fx.connect("app1");
        app.drop();
        CallApplication wb = whiteboard(fx, "app1");
        Call offered = fx.control.add("new", "app1", CallState.OFFERED);
        wb.onEvent(new CallEvent.Offered(offered));
        Call confirmed = fx.control.add("up", "app1", CallState.CONFIRMED);
        wb.onEvent(new CallEvent.ReofferReceived(confirmed, "INVITE", "v=0"));
        assertEquals(List.of("reject new 480 Temporarily Unavailable", "refuse-reoffer up 488"), fx.control.commands);
        List<org.dualsip.api.connector.ConnectedApplication> apps = fx.directory.list();
        assertEquals(1, apps.size());
        assertFalse(apps.get(0).connected(), "listed as away");
    }

    @Test
    void onAPassiveTheCallsAreHungUpOnlyWhenItTakesOver() {
        Fixture fx = new Fixture(Map.of("orphan.grace.ms", "1000"));
        fx.pair.role = Role.PASSIVE;
        Fixture.Connected app = fx.connect("app1");
        Call c1 = fx.control.add("c1", "app1", CallState.CONFIRMED);
        app.drop();
        fx.scheduler.advance(5_000);
        assertTrue(fx.control.commands.isEmpty(), "a passive hangs up nothing: its calls are mirrors");
        assertTrue(fx.registrar.registered.containsKey("app1"), "kept on the whiteboard for the takeover");

        fx.pair.role = Role.ACTIVE;
        whiteboard(fx, "app1").onTakeover(new Takeover(4, "peer gone", List.of(c1)));
        assertEquals(List.of("hangup c1"), fx.control.commands);
        assertFalse(fx.registrar.registered.containsKey("app1"));
    }

    @Test
    void aConnectedApplicationGetsEventsTheTakeoverOnceAndRoleChanges() {
        Fixture fx = new Fixture();
        Fixture.Connected app = fx.connect("app1");
        Call c1 = fx.control.add("c1", "app1", CallState.RINGING);
        CallApplication wb = whiteboard(fx, "app1");
        wb.onTakeover(new Takeover(4, "peer gone", List.of(c1)));
        wb.onTakeover(new Takeover(4, "peer gone", List.of(c1))); // the same takeover via a second registration
        wb.onEvent(new CallEvent.Ringing(c1, 183, "v=0 early"));
        fx.directory.roleChanged(new org.dualsip.api.pair.RoleChange(Role.PASSIVE, Role.ACTIVE, "takeover", 4,
                java.time.Instant.EPOCH));
        List<ObjectNode> takeovers = app.peer().events("takeover");
        assertEquals(1, takeovers.size());
        assertEquals(4, takeovers.get(0).path("epoch").asLong());
        assertEquals("c1", takeovers.get(0).path("calls").get(0).path("id").asText());
        ObjectNode ringing = app.peer().events("ringing").get(0);
        assertEquals(183, ringing.path("code").asInt());
        assertEquals("v=0 early", ringing.path("sdp").asText());
        assertEquals("RINGING", ringing.path("call").path("state").asText());
        ObjectNode role = app.peer().events("role").get(0);
        assertEquals("ACTIVE", role.path("role").asText());
        assertEquals("takeover", role.path("reason").asText());
    }

    @Test
    void aTakeoverWhileAwayIsToldRightAfterTheNextHello() {
        Fixture fx = new Fixture();
        Fixture.Connected app = fx.connect("app1");
        Call c1 = fx.control.add("c1", "app1", CallState.CONFIRMED);
        app.drop();
        whiteboard(fx, "app1").onTakeover(new Takeover(7, "peer gone", List.of(c1)));
        fx.directory.roleChanged(new org.dualsip.api.pair.RoleChange(Role.PASSIVE, Role.ACTIVE, "peer gone", 7,
                java.time.Instant.EPOCH));
        Fixture.Connected back = fx.connect("app1");
        List<ObjectNode> frames = back.peer().frames;
        assertEquals("result", frames.get(0).path("type").asText());
        assertEquals(7, frames.get(0).path("epoch").asLong(), "the hello result has the role heard last");
        assertEquals("takeover", frames.get(1).path("event").asText());
        assertEquals(7, frames.get(1).path("epoch").asLong());
        assertTrue(fx.control.commands.isEmpty());
    }

    @Test
    void everyEventTypeBecomesItsFrame() {
        Call c = FakeCallControl.call("c", "app", CallState.CONFIRMED);
        assertEquals("offered", EventFrames.of(new CallEvent.Offered(c)).path("event").asText());
        assertEquals("answered", EventFrames.of(new CallEvent.Answered(c)).path("event").asText());
        assertEquals("confirmed", EventFrames.of(new CallEvent.Confirmed(c)).path("event").asText());
        ObjectNode reoffer = EventFrames.of(new CallEvent.ReofferReceived(c, "UPDATE", null));
        assertEquals("reoffer", reoffer.path("event").asText());
        assertEquals("UPDATE", reoffer.path("method").asText());
        assertTrue(reoffer.get("sdp").isNull());
        ObjectNode answered = EventFrames.of(new CallEvent.ReofferAnswered(c, 200, "v=1"));
        assertEquals("reoffer-answered", answered.path("event").asText());
        assertEquals(200, answered.path("code").asInt());
        ObjectNode message = EventFrames.of(new CallEvent.MessageReceived(c, "INFO", "application/dtmf-relay", "Signal=1"));
        assertEquals("message", message.path("event").asText());
        assertEquals("application/dtmf-relay", message.path("contentType").asText());
        assertEquals("Signal=1", message.path("body").asText());
        ObjectNode ended = EventFrames.of(new CallEvent.Ended(c, EndReason.CANCELLED, 487));
        assertEquals("CANCELLED", ended.path("reason").asText());
        assertEquals(487, ended.path("code").asInt());
        assertEquals("c", ended.path("call").path("id").asText());
    }

    @Test
    void reRegisteringNeverLeavesTheApplicationOffTheWhiteboard() {
        Fixture fx = new Fixture();
        Fixture.Connected app = fx.connect("app1");
        CallApplication before = whiteboard(fx, "app1");
        app.request("{\"type\":\"request\",\"id\":1,\"op\":\"register\",\"patterns\":[\"a\"]}");
        CallApplication after = whiteboard(fx, "app1");
        assertTrue(before != after, "a fresh whiteboard object per registration (the engine keys by object)");
        assertEquals(2, fx.registrar.registrations);
        assertEquals("(?:a)", fx.registrar.registered.get("app1").pattern());
    }
}

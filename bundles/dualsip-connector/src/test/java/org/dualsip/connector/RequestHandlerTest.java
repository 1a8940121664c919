package org.dualsip.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallState;
import org.dualsip.api.node.Role;
import org.junit.jupiter.api.Test;

/** The handshake, every operation and every error code of protocol version 1. */
class RequestHandlerTest {

    private final Fixture fx = new Fixture();

    private static String hello(String application, String token) {
        return "{\"type\":\"request\",\"id\":\"h\",\"op\":\"hello\",\"protocol\":1,\"application\":\""
                + application + "\"" + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}";
    }

    private static void assertError(ObjectNode frame, String code) {
        assertEquals("error", frame.path("type").asText(), frame.toString());
        assertEquals(code, frame.path("code").asText(), frame.toString());
        assertFalse(frame.path("message").asText().isEmpty(), frame.toString());
    }

    @Test
    void helloAnswersTheNodeRoleEpochAndPeer() {
        FakePeer peer = new FakePeer();
        RequestHandler handler = new RequestHandler(peer, fx.context);
        assertTrue(handler.handle(hello("app1", Fixture.TOKEN)));
        ObjectNode result = peer.last();
        assertEquals("result", result.path("type").asText());
        assertEquals("h", result.path("id").asText());
        assertEquals(1, result.path("protocol").asInt());
        assertEquals("node-a", result.path("node").asText());
        assertEquals("ACTIVE", result.path("role").asText());
        assertEquals(3, result.path("epoch").asLong());
        assertEquals("node-b", result.path("peerNode").asText());
        assertTrue(fx.registrar.registered.containsKey("app1"), "on the whiteboard from the hello on");
        assertEquals(ApplicationSession.NO_PATTERN, fx.registrar.registered.get("app1").pattern());
        assertEquals(1, fx.counters.authenticated.get());
    }

    @Test
    void wrongOrMissingTokenIsUnauthorizedAndCloses() {
        for (String token : new String[] {"wrong-token-0123456789", null}) {
            FakePeer peer = new FakePeer();
            RequestHandler handler = new RequestHandler(peer, fx.context);
            assertFalse(handler.handle(hello("app1", token)));
            assertError(peer.last(), "unauthorized");
            assertTrue(peer.closed);
            assertFalse(handler.authenticated());
        }
        assertEquals(2, fx.counters.refusedUnauthorized.get());
        assertTrue(fx.registrar.registered.isEmpty());
    }

    @Test
    void verifiedClientCertificateStandsInForTheToken() {
        FakePeer peer = new FakePeer();
        peer.certificate = true;
        RequestHandler handler = new RequestHandler(peer, fx.context);
        assertTrue(handler.handle(hello("app1", null)));
        assertTrue(handler.authenticated());
    }

    @Test
    void unsupportedProtocolListsTheSupportedOnesAndCloses() {
        FakePeer peer = new FakePeer();
        RequestHandler handler = new RequestHandler(peer, fx.context);
        assertFalse(handler.handle("{\"type\":\"request\",\"id\":1,\"op\":\"hello\",\"protocol\":2,"
                + "\"application\":\"a\",\"token\":\"" + Fixture.TOKEN + "\"}"));
        assertError(peer.last(), "unsupported-protocol");
        assertEquals("[1]", peer.last().path("supported").toString());
        assertTrue(peer.closed);
    }

    @Test
    void anyOtherOpBeforeHelloIsNotAuthenticatedAndCloses() {
        FakePeer peer = new FakePeer();
        RequestHandler handler = new RequestHandler(peer, fx.context);
        assertFalse(handler.handle("{\"type\":\"request\",\"id\":7,\"op\":\"calls\"}"));
        assertError(peer.last(), "not-authenticated");
        assertEquals(7, peer.last().path("id").asInt());
        assertTrue(peer.closed);
    }

    @Test
    void invalidApplicationNameIsBadArgumentAndKeepsTheConnection() {
        FakePeer peer = new FakePeer();
        RequestHandler handler = new RequestHandler(peer, fx.context);
        assertTrue(handler.handle(hello("bad name!", Fixture.TOKEN)));
        assertError(peer.last(), "bad-argument");
        assertTrue(peer.last().path("message").asText().contains("application"));
        assertFalse(peer.closed);
        assertTrue(handler.handle(hello("x".repeat(65), Fixture.TOKEN)));
        assertError(peer.last(), "bad-argument");
        assertTrue(handler.handle(hello("good.name_1-2", Fixture.TOKEN)));
        assertTrue(handler.authenticated());
    }

    @Test
    void secondConnectionWithTheSameNameIsNameInUse() {
        fx.connect("app1");
        FakePeer peer = new FakePeer();
        RequestHandler handler = new RequestHandler(peer, fx.context);
        assertFalse(handler.handle(hello("app1", Fixture.TOKEN)));
        assertError(peer.last(), "name-in-use");
        assertTrue(peer.closed);
    }

    @Test
    void badFramesAreAnsweredWithIdNullAndKeepTheConnection() {
        Fixture.Connected app = fx.connect("app1");
        for (String bad : List.of("{not json", "[1,2]", "42", "{\"id\":5,\"op\":\"ping\"}",
                "{\"type\":\"result\",\"id\":5}", "\"text\"")) {
            ObjectNode answer = app.request(bad);
            assertError(answer, "bad-frame");
            assertTrue(answer.get("id").isNull(), bad);
        }
        assertFalse(app.peer().closed);
        assertEquals("result", app.request("{\"type\":\"request\",\"id\":9,\"op\":\"ping\"}").path("type").asText());
    }

    @Test
    void blankLinesAreIgnored() {
        Fixture.Connected app = fx.connect("app1");
        int before = app.peer().frames.size();
        assertTrue(app.handler().handle("   "));
        assertEquals(before, app.peer().frames.size());
    }

    @Test
    void missingIdOrOpIsBadArgument() {
        Fixture.Connected app = fx.connect("app1");
        ObjectNode noId = app.request("{\"type\":\"request\",\"op\":\"ping\"}");
        assertError(noId, "bad-argument");
        assertTrue(noId.get("id").isNull());
        assertError(app.request("{\"type\":\"request\",\"id\":{},\"op\":\"ping\"}"), "bad-argument");
        ObjectNode noOp = app.request("{\"type\":\"request\",\"id\":\"x\"}");
        assertError(noOp, "bad-argument");
        assertEquals("x", noOp.path("id").asText());
    }

    @Test
    void unknownOp() {
        Fixture.Connected app = fx.connect("app1");
        assertError(app.request("{\"type\":\"request\",\"id\":1,\"op\":\"dance\"}"), "unknown-op");
    }

    @Test
    void secondHelloIsBadArgument() {
        Fixture.Connected app = fx.connect("app1");
        assertError(app.request(hello("app1", Fixture.TOKEN)), "bad-argument");
        assertFalse(app.peer().closed);
    }

    @Test
    void registerJoinsThePatternsAndRefusesABadRegex() {
        Fixture.Connected app = fx.connect("app1");
        ObjectNode ok = app.request("{\"type\":\"request\",\"id\":1,\"op\":\"register\",\"patterns\":[\"sip:1.*\",\"sip:2.*\"]}");
        assertEquals("result", ok.path("type").asText());
        assertEquals("(?:sip:1.*)|(?:sip:2.*)", fx.registrar.registered.get("app1").pattern());
        assertEquals(1, fx.registrar.registered.get("app1").ranking());
        ObjectNode bad = app.request("{\"type\":\"request\",\"id\":2,\"op\":\"register\",\"patterns\":[\"ok\",\"(unclosed\"]}");
        assertError(bad, "bad-argument");
        assertTrue(bad.path("message").asText().contains("patterns[1]"), bad.toString());
        assertEquals("(?:sip:1.*)|(?:sip:2.*)", fx.registrar.registered.get("app1").pattern(), "kept");
        assertError(app.request("{\"type\":\"request\",\"id\":3,\"op\":\"register\",\"patterns\":\"x\"}"), "bad-argument");
        assertError(app.request("{\"type\":\"request\",\"id\":4,\"op\":\"register\"}"), "bad-argument");
    }

    @Test
    void everyCallCommandReachesCallControl() {
        Fixture.Connected app = fx.connect("app1");
        fx.control.add("c1", "app1", CallState.OFFERED);
        String[][] cases = {
            {"{\"op\":\"ring\",\"call\":\"c1\",\"code\":183,\"sdp\":\"v=0\"}", "ring c1 183 v=0"},
            {"{\"op\":\"ring\",\"call\":\"c1\",\"code\":180}", "ring c1 180 null"},
            {"{\"op\":\"answer\",\"call\":\"c1\",\"sdp\":\"v=0 a\"}", "answer c1 v=0 a"},
            {"{\"op\":\"reject\",\"call\":\"c1\",\"code\":486,\"reason\":\"Busy\"}", "reject c1 486 Busy"},
            {"{\"op\":\"hangup\",\"call\":\"c1\"}", "hangup c1"},
            {"{\"op\":\"accept-reoffer\",\"call\":\"c1\"}", "accept-reoffer c1 null"},
            {"{\"op\":\"refuse-reoffer\",\"call\":\"c1\",\"code\":488}", "refuse-reoffer c1 488"},
            {"{\"op\":\"reoffer\",\"call\":\"c1\",\"sdp\":\"v=1\"}", "reoffer c1 v=1"},
            {"{\"op\":\"update\",\"call\":\"c1\",\"sdp\":\"v=2\"}", "update c1 v=2"},
            {"{\"op\":\"accept-transfer\",\"call\":\"c1\"}", "accept-transfer c1"},
            {"{\"op\":\"refuse-transfer\",\"call\":\"c1\",\"code\":603}", "refuse-transfer c1 603"},
            {"{\"op\":\"transfer-progress\",\"call\":\"c1\",\"code\":180}", "transfer-progress c1 180"},
            {"{\"op\":\"transfer\",\"call\":\"c1\",\"to\":\"sip:carol@x\"}", "transfer c1 sip:carol@x"},
            {"{\"op\":\"place\",\"from\":\"sip:a@x\",\"to\":\"sip:carol@x\",\"transferOf\":\"c1\"}",
                "place-transfer c1 sip:carol@x"},
        };
        int id = 10;
        for (String[] c : cases) {
            String request = "{\"type\":\"request\",\"id\":" + (++id) + "," + c[0].substring(1);
            ObjectNode answer = app.request(request);
            assertEquals("result", answer.path("type").asText(), answer.toString());
            assertEquals(id, answer.path("id").asInt());
            assertEquals(c[1], fx.control.commands.get(fx.control.commands.size() - 1));
        }
    }

    @Test
    void illTypedOrMissingArgumentsNameTheField() {
        Fixture.Connected app = fx.connect("app1");
        fx.control.add("c1", "app1", CallState.OFFERED);
        String[][] cases = {
            {"{\"op\":\"ring\",\"call\":\"c1\",\"code\":\"180\"}", "code"},
            {"{\"op\":\"ring\",\"call\":\"c1\",\"code\":100}", "code"},
            {"{\"op\":\"ring\",\"code\":180}", "call"},
            {"{\"op\":\"ring\",\"call\":5,\"code\":180}", "call"},
            {"{\"op\":\"answer\",\"call\":\"c1\"}", "sdp"},
            {"{\"op\":\"reject\",\"call\":\"c1\",\"code\":4.5}", "code"},
            {"{\"op\":\"place\",\"from\":\"sip:a@x\",\"sdp\":\"v=0\"}", "to"},
            {"{\"op\":\"refuse-transfer\",\"call\":\"c1\",\"code\":202}", "code"},
            {"{\"op\":\"transfer-progress\",\"call\":\"c1\",\"code\":100}", "code"},
            {"{\"op\":\"transfer\",\"call\":\"c1\"}", "to"},
            {"{\"op\":\"place\",\"from\":\"sip:a@x\",\"to\":\"sip:b@y\",\"sdp\":\"v=0\",\"headers\":{\"X\":1}}", "headers.X"},
        };
        for (String[] c : cases) {
            ObjectNode answer = app.request("{\"type\":\"request\",\"id\":1," + c[0].substring(1));
            assertError(answer, "bad-argument");
            assertTrue(answer.path("message").asText().contains("\"" + c[1] + "\""), answer.toString());
        }
        assertTrue(fx.control.commands.isEmpty());
    }

    @Test
    void unknownCallAndNotOwner() {
        Fixture.Connected app = fx.connect("app1");
        fx.control.add("theirs", "app2", CallState.OFFERED);
        assertError(app.request("{\"type\":\"request\",\"id\":1,\"op\":\"hangup\",\"call\":\"nope\"}"), "unknown-call");
        assertError(app.request("{\"type\":\"request\",\"id\":2,\"op\":\"hangup\",\"call\":\"theirs\"}"), "not-owner");
        assertTrue(fx.control.commands.isEmpty());
    }

    @Test
    void refusalsOfCallControlMapToErrorCodes() {
        Fixture.Connected app = fx.connect("app1");
        fx.control.add("c1", "app1", CallState.CONFIRMED);
        Object[][] cases = {
            {CallControlException.Reason.WRONG_STATE, "call-state"},
            {CallControlException.Reason.UNKNOWN_CALL, "unknown-call"},
            {CallControlException.Reason.BAD_ARGUMENT, "bad-argument"},
            {CallControlException.Reason.NOT_OWNER, "not-owner"},
            {CallControlException.Reason.NOT_ACTIVE, "not-active"},
        };
        for (Object[] c : cases) {
            fx.control.refuseWith = FakeCallControl.refusal((CallControlException.Reason) c[0], "because");
            assertError(app.request("{\"type\":\"request\",\"id\":1,\"op\":\"answer\",\"call\":\"c1\",\"sdp\":\"v\"}"),
                    (String) c[1]);
        }
        fx.control.refuseWith = new IllegalStateException("boom");
        assertError(app.request("{\"type\":\"request\",\"id\":1,\"op\":\"answer\",\"call\":\"c1\",\"sdp\":\"v\"}"), "internal");
        fx.control.refuseWith = null;
        assertEquals("result", app.request("{\"type\":\"request\",\"id\":2,\"op\":\"ping\"}").path("type").asText(),
                "the connection survives an internal error");
    }

    @Test
    void callCommandsOnAPassiveAreNotActiveAndNameTheActive() {
        Fixture.Connected app = fx.connect("app1");
        fx.control.add("c1", "app1", CallState.OFFERED);
        fx.pair.role = Role.PASSIVE;
        fx.pair.peerRole = Role.ACTIVE;
        for (String op : List.of("{\"op\":\"hangup\",\"call\":\"c1\"}", "{\"op\":\"calls\"}",
                "{\"op\":\"place\",\"from\":\"sip:a@x\",\"to\":\"sip:b@y\",\"sdp\":\"v=0\"}")) {
            ObjectNode answer = app.request("{\"type\":\"request\",\"id\":1," + op.substring(1));
            assertError(answer, "not-active");
            assertEquals("PASSIVE", answer.path("role").asText());
            assertEquals("node-b", answer.path("active").asText());
        }
        fx.pair.peerRole = Role.STARTING;
        ObjectNode none = app.request("{\"type\":\"request\",\"id\":1,\"op\":\"hangup\",\"call\":\"c1\"}");
        assertTrue(none.get("active").isNull(), none.toString());
        // state queries are answered on any role
        ObjectNode status = app.request("{\"type\":\"request\",\"id\":2,\"op\":\"pair-status\"}");
        assertEquals("PASSIVE", status.path("pair").path("role").asText());
        assertTrue(fx.control.commands.isEmpty());
    }

    @Test
    void placeReturnsTheCallIdAndUsesTheApplicationName() {
        Fixture.Connected app = fx.connect("app1");
        ObjectNode answer = app.request("{\"type\":\"request\",\"id\":1,\"op\":\"place\",\"from\":\"sip:a@x\","
                + "\"to\":\"sip:b@y\",\"sdp\":\"v=0\",\"headers\":{\"X-Tag\":\"1\"}}");
        assertEquals("out-1", answer.path("call").asText());
        assertEquals("place app1 sip:a@x sip:b@y v=0 {X-Tag=1}", fx.control.commands.get(0));
    }

    @Test
    void placeWithoutSdpIsALateOfferCall() {
        Fixture.Connected app = fx.connect("app1");
        ObjectNode answer = app.request("{\"type\":\"request\",\"id\":1,\"op\":\"place\",\"from\":\"sip:a@x\","
                + "\"to\":\"sip:b@y\"}");
        assertEquals("out-1", answer.path("call").asText(), answer.toString());
        assertEquals("place app1 sip:a@x sip:b@y null {}", fx.control.commands.get(0));
    }

    @Test
    void callsListsOnlyThisApplicationsLiveCalls() {
        Fixture.Connected app = fx.connect("app1");
        fx.control.add("mine", "app1", CallState.CONFIRMED);
        fx.control.add("theirs", "app2", CallState.CONFIRMED);
        fx.control.add("over", "app1", CallState.ENDED);
        ObjectNode answer = app.request("{\"type\":\"request\",\"id\":1,\"op\":\"calls\"}");
        assertEquals(1, answer.path("calls").size(), answer.toString());
        ObjectNode call = (ObjectNode) answer.path("calls").get(0);
        assertEquals("mine", call.path("id").asText());
        assertEquals("INBOUND", call.path("direction").asText());
        assertEquals("CONFIRMED", call.path("state").asText());
        assertTrue(call.has("sdpAnswer") && call.get("sdpAnswer").isNull(), "null fields present");
        assertEquals("2026-01-01T00:00:00Z", call.path("createdAt").asText());
    }

    @Test
    void pairStatusCarriesEveryField() {
        Fixture.Connected app = fx.connect("app1");
        ObjectNode pair = (ObjectNode) app.request("{\"type\":\"request\",\"id\":1,\"op\":\"pair-status\"}").path("pair");
        assertEquals("node-a", pair.path("node").asText());
        assertEquals("ACTIVE", pair.path("role").asText());
        assertEquals(3, pair.path("epoch").asLong());
        assertEquals("127.0.0.1:7810", pair.path("peer").asText());
        assertEquals("node-b", pair.path("peerNode").asText());
        assertEquals("PASSIVE", pair.path("peerRole").asText());
        assertEquals("IN_SYNC", pair.path("sync").asText());
        assertEquals(1.5, pair.path("replicationLagMs").asDouble());
        assertTrue(pair.path("holdsAddress").asBoolean());
        assertEquals("127.0.0.10:5060", pair.path("serviceAddress").asText());
    }

    @Test
    void switchoverIsPassedOnOrRefusedWithTheReason() {
        Fixture.Connected app = fx.connect("app1");
        assertEquals("result", app.request("{\"type\":\"request\",\"id\":1,\"op\":\"switchover\"}").path("type").asText());
        assertEquals(1, fx.pair.switchovers);
        fx.pair.switchoverRefusal = "peer is not IN_SYNC";
        ObjectNode refused = app.request("{\"type\":\"request\",\"id\":2,\"op\":\"switchover\"}");
        assertError(refused, "refused");
        assertEquals("peer is not IN_SYNC", refused.path("message").asText());
    }
}

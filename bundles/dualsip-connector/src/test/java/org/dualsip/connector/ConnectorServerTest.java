package org.dualsip.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallApplication;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.connector.ConnectorStatus;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RoleChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server over real TCP sockets on 127.0.0.1 (ports 46000-46049). */
class ConnectorServerTest {

    private static final String TOKEN = "0123456789abcdef-token";

    private final FakeCallControl control = new FakeCallControl();
    private final FakePair pair = new FakePair();
    private final FakeRegistrar registrar = new FakeRegistrar();
    private Connector connector;

    private Connector start(int port, String... kv) {
        Map<String, Object> props = new HashMap<>();
        props.put("port", String.valueOf(port));
        props.put("token", TOKEN);
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        connector = new Connector(control, pair.view(), registrar);
        connector.configure(props);
        assertTrue(connector.status().listening(), String.valueOf(connector.status().problem()));
        return connector;
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.stop();
        }
    }

    @Test
    void helloRequestsEventsAndRoleChangesOverTcp() throws Exception {
        start(46000);
        try (TestClient c = TestClient.connect(46000)) {
            ObjectNode hello = c.hello("app1", TOKEN);
            assertEquals("result", hello.path("type").asText(), hello.toString());
            assertEquals("ACTIVE", hello.path("role").asText());
            c.send("{\"type\":\"request\",\"id\":1,\"op\":\"register\",\"patterns\":[\"sip:1.*\"]}");
            assertEquals(1, c.read().path("id").asInt());
            c.send("{\"type\":\"request\",\"id\":2,\"op\":\"ping\"}");
            assertEquals(2, c.read().path("id").asInt());

            Call call = control.add("c1", "app1", CallState.OFFERED);
            registrar.registered.get("app1").application().onEvent(new CallEvent.Offered(call));
            ObjectNode offered = c.read();
            assertEquals("offered", offered.path("event").asText());
            assertEquals("c1", offered.path("call").path("id").asText());
            c.send("{\"type\":\"request\",\"id\":3,\"op\":\"answer\",\"call\":\"c1\",\"sdp\":\"v=0\\r\\nline\\r\\n\"}");
            assertEquals("result", c.read().path("type").asText());
            assertEquals("answer c1 v=0\r\nline\r\n", control.commands.get(0), "escaped newlines arrive intact");

            connector.roleChanged(new RoleChange(Role.ACTIVE, Role.PASSIVE, "switchover", 5, Instant.EPOCH));
            ObjectNode role = c.read();
            assertEquals("role", role.path("event").asText());
            assertEquals("PASSIVE", role.path("role").asText());

            assertEquals(1, connector.applications().size());
            assertEquals("app1", connector.applications().get(0).name());
            assertTrue(connector.applications().get(0).remoteAddress().startsWith("127.0.0.1:"));
            assertEquals(1, connector.status().authenticated());
        }
    }

    @Test
    void acceptedSocketsProbeADeadPeerWithinAboutAMinute() throws Exception {
        start(46011);
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.net.Socket().supportedOptions().stream()
                .anyMatch(o -> o.name().equals("TCP_KEEPIDLE")), "no TCP_KEEPIDLE on this platform");
        try (TestClient c = TestClient.connect(46011)) {
            c.hello("app1", TOKEN);
            String remote = connector.applications().get(0).remoteAddress();
            int localPort = c.socket.getLocalPort();
            assertTrue(remote.endsWith(":" + localPort), remote);
            // the kernel reports the keepalive timer of the server's socket: ss -o shows keepalive
            Process ss;
            try {
                ss = new ProcessBuilder("ss", "-tno", "state", "established", "( sport = :46011 )")
                        .redirectErrorStream(true).start();
            } catch (IOException noSs) {
                org.junit.jupiter.api.Assumptions.abort("ss (iproute2) is not installed");
                return;
            }
            String out = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            ss.waitFor();
            assertTrue(out.contains("keepalive"), out);
            assertTrue(out.matches("(?s).*keepalive,(2\\d|30)(\\.\\d+)?sec.*|(?s).*keepalive,\\d+ms.*"), out);
        }
    }

    @Test
    void anOversizeFrameIsAnsweredFrameTooLargeAndClosesOnlyThatConnection() throws Exception {
        start(46001, "max.frame.bytes", "1024");
        try (TestClient other = TestClient.connect(46001); TestClient c = TestClient.connect(46001)) {
            other.hello("other", TOKEN);
            c.hello("app1", TOKEN);
            c.send("{\"type\":\"request\",\"id\":1,\"op\":\"ping\",\"pad\":\"" + "x".repeat(2000) + "\"}");
            ObjectNode error = c.read();
            assertEquals("frame-too-large", error.path("code").asText(), error.toString());
            assertNull(c.readToEnd(), "closed after the error");
            other.send("{\"type\":\"request\",\"id\":9,\"op\":\"ping\"}");
            assertEquals(9, other.read().path("id").asInt(), "the other connection is untouched");
        }
    }

    @Test
    void noHelloInTimeGetsAGoodbyeAndIsClosed() throws Exception {
        start(46002, "hello.timeout.ms", "300");
        try (TestClient c = TestClient.connect(46002)) {
            ObjectNode bye = c.read();
            assertEquals("goodbye", bye.path("type").asText(), String.valueOf(bye));
            assertTrue(bye.path("reason").asText().contains("hello"));
            assertNull(c.read());
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedAndCounted() throws Exception {
        start(46003, "max.connections", "1");
        try (TestClient first = TestClient.connect(46003)) {
            first.hello("app1", TOKEN);
            try (TestClient second = TestClient.connect(46003)) {
                ObjectNode bye = second.read();
                assertEquals("too many connections", bye.path("reason").asText());
                assertNull(second.read());
            }
            ConnectorStatus s = connector.status();
            assertEquals(1, s.refusedOverLimit());
            assertEquals(2, s.accepted());
            assertEquals(1, s.open());
        }
    }

    @Test
    void aWrongTokenIsRefusedCountedAndClosed() throws Exception {
        start(46004);
        try (TestClient c = TestClient.connect(46004)) {
            assertEquals("unauthorized", c.hello("app1", "not-the-token-at-all").path("code").asText());
            assertNull(c.read());
        }
        assertEquals(1, connector.status().refusedUnauthorized());
    }

    @Test
    void aClientThatStopsReadingIsDroppedWithoutBlockingTheSender() throws Exception {
        start(46005, "queue.limit", "16");
        String sdp = "a=x".repeat(16_000); // ~48 KB a frame: the socket buffers fill after some MB
        Call call = new Call("c1", org.dualsip.api.call.Direction.INBOUND, "f", "t", "r", CallState.CONFIRMED,
                sdp, null, "stuck", Instant.EPOCH);
        try (TestClient stuck = TestClient.connect(46005); TestClient fine = TestClient.connect(46005)) {
            stuck.hello("stuck", TOKEN);
            fine.hello("fine", TOKEN);
            CallApplication app = registrar.registered.get("stuck").application();
            long slowest = 0;
            for (int i = 0; i < 2000 && connector.status().droppedSlow() == 0; i++) {
                long t0 = System.nanoTime();
                app.onEvent(new CallEvent.ReofferReceived(call, "INVITE", sdp));
                slowest = Math.max(slowest, System.nanoTime() - t0);
            }
            assertEquals(1, connector.status().droppedSlow(), "dropped once its queue was full");
            assertTrue(slowest < 1_000_000_000L, "an event never waits for the application: " + slowest + " ns");
            fine.send("{\"type\":\"request\",\"id\":1,\"op\":\"ping\"}");
            assertEquals(1, fine.read().path("id").asInt(), "another application is served meanwhile");
            stuck.readToEnd(); // it is closed (a goodbye is best effort behind the frames it did not read)
        }
        // the same name may come back: its connection is gone
        try (TestClient back = TestClient.connect(46005)) {
            ObjectNode hello = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                hello = back.hello("stuck", TOKEN);
                if (hello != null && "result".equals(hello.path("type").asText())) {
                    break;
                }
                Thread.sleep(50);
            }
            assertNotNull(hello);
            assertEquals("result", hello.path("type").asText(), hello.toString());
        }
    }

    @Test
    void aRefusedConfigurationAtStartDoesNotListenAndSaysWhy() throws Exception {
        connector = new Connector(control, pair.view(), registrar);
        connector.configure(Map.of("port", "46006"));
        ConnectorStatus s = connector.status();
        assertFalse(s.listening());
        assertTrue(s.problem().contains("'token'"), s.problem());
        try {
            TestClient.connect(46006).close();
            throw new AssertionError("something listens on 46006");
        } catch (ConnectException expected) {
            // nothing listens
        }
    }

    @Test
    void aLiveChangeMovesThePortAndABadOneKeepsThePrevious() throws Exception {
        start(46007);
        connector.configure(Map.of("port", "46008", "token", TOKEN));
        try (TestClient c = TestClient.connect(46008)) {
            assertEquals("result", c.hello("app1", TOKEN).path("type").asText());
        }
        connector.configure(Map.of("port", "not-a-port", "token", TOKEN));
        assertEquals(46008, connector.settings().port());
        assertTrue(connector.status().listening());
    }

    @Test
    void aBusyPortIsTriedAgainUntilItIsFree() throws Exception {
        java.net.ServerSocket squatter = new java.net.ServerSocket();
        squatter.bind(new java.net.InetSocketAddress("127.0.0.1", 46010));
        connector = new Connector(control, pair.view(), registrar);
        connector.configure(Map.of("port", "46010", "token", TOKEN));
        assertFalse(connector.status().listening());
        assertTrue(connector.status().problem().contains("cannot listen on 127.0.0.1:46010"), connector.status().problem());
        squatter.close();
        long deadline = System.nanoTime() + 4 * ConnectorServer.RETRY_MILLIS * 1_000_000L;
        while (!connector.status().listening() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(connector.status().listening(), "listening once the port is free");
        try (TestClient c = TestClient.connect(46010)) {
            assertEquals("result", c.hello("app1", TOKEN).path("type").asText());
        }
    }

    @Test
    void stoppingSaysGoodbyeToEveryone() throws IOException {
        start(46009);
        try (TestClient c = TestClient.connect(46009)) {
            c.hello("app1", TOKEN);
            connector.stop();
            connector = null;
            ObjectNode bye = c.read();
            assertEquals("goodbye", bye.path("type").asText());
            assertEquals("node shutting down", bye.path("reason").asText());
            assertFalse(registrar.registered.containsKey("app1"));
        }
    }
}

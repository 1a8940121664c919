package org.dualsip.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** The connector's protocol logic with fakes around it: one node, controllable role and time. */
final class Fixture {

    static final String TOKEN = "0123456789abcdef-token";

    final FakeCallControl control = new FakeCallControl();
    final FakePair pair = new FakePair();
    final FakeRegistrar registrar = new FakeRegistrar();
    final ManualScheduler scheduler = new ManualScheduler();
    final ConnectorCounters counters = new ConnectorCounters();
    volatile ConnectorSettings settings;
    final ApplicationDirectory directory;
    final RequestHandler.Context context;

    Fixture() {
        this(Map.of());
    }

    Fixture(Map<String, String> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("token", TOKEN);
        props.putAll(overrides);
        try {
            settings = ConnectorSettings.parse(props);
        } catch (InvalidSettingException e) {
            throw new IllegalArgumentException(e);
        }
        directory = new ApplicationDirectory(control, registrar, scheduler,
                Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC), pair.view(), () -> settings);
        context = new RequestHandler.Context(control, pair.view(), directory, () -> settings, counters);
    }

    /** A connection whose application said hello successfully. */
    Connected connect(String application) {
        FakePeer peer = new FakePeer();
        RequestHandler handler = new RequestHandler(peer, context);
        handler.handle("{\"type\":\"request\",\"id\":0,\"op\":\"hello\",\"protocol\":1,\"application\":\""
                + application + "\",\"token\":\"" + TOKEN + "\"}");
        if (!handler.authenticated()) {
            throw new AssertionError("hello refused: " + peer.frames);
        }
        return new Connected(peer, handler);
    }

    record Connected(FakePeer peer, RequestHandler handler) {
        /** Sends one request and returns the answer to it. */
        ObjectNode request(String json) {
            int before = peer.frames.size();
            handler.handle(json);
            if (peer.frames.size() <= before) {
                throw new AssertionError("no answer to " + json);
            }
            return peer.frames.get(before);
        }

        void drop() {
            peer.closed = true;
            handler.connectionClosed();
        }
    }
}

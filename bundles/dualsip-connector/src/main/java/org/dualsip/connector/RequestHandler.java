package org.dualsip.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.dualsip.api.call.CallControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state of one connection: the hello handshake, then every request dispatched to its
 * operation. Each frame gets exactly one answer; an exception for one request is answered
 * {@code internal} and never ends the connection or touches another.
 */
final class RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    static final int PROTOCOL_VERSION = 1;
    private static final Pattern APPLICATION_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** What every connection shares. */
    record Context(CallControl control, NodeView node, ApplicationDirectory directory,
                   Supplier<ConnectorSettings> settings, ConnectorCounters counters) { }

    private final Peer peer;
    private final Context context;
    private volatile ApplicationSession session;
    private CallCommands calls;

    RequestHandler(Peer peer, Context context) {
        this.peer = peer;
        this.context = context;
    }

    boolean authenticated() {
        return session != null;
    }

    /** Handles one line; false when the connection is to be closed (the answer is already queued). */
    boolean handle(String line) {
        if (line.isBlank()) {
            return true;
        }
        JsonNode id = null;
        try {
            ObjectNode frame = Frames.parse(line);
            if (!"request".equals(frame.get("type").asText())) {
                throw ProtocolError.badFrame("unexpected frame type \"" + frame.get("type").asText()
                        + "\"; an application sends only requests");
            }
            id = requestId(frame);
            JsonNode op = frame.get("op");
            if (op == null || !op.isTextual()) {
                throw ProtocolError.badArgument("op", "missing or not a string");
            }
            ObjectNode result = session == null ? beforeHello(op.asText(), frame, id)
                    : dispatch(op.asText(), new Arguments(frame), id);
            if (result != null) {
                peer.send(result);
            }
            return true;
        } catch (ProtocolError e) {
            peer.send(e.frame(id));
            if (e.closes()) {
                peer.close(null);
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            LOG.error("connector: request from {} failed: {}", peer.remoteAddress(), e.toString(), e);
            peer.send(Frames.error(id, "internal", "internal error: " + e.getClass().getSimpleName()));
            return true;
        }
    }

    /** The connection closed: its application's calls follow the orphan policy. */
    void connectionClosed() {
        ApplicationSession s = session;
        if (s != null) {
            context.directory().detach(s, peer);
        }
    }

    private static JsonNode requestId(ObjectNode frame) throws ProtocolError {
        JsonNode id = frame.get("id");
        if (id == null || !(id.isTextual() || id.isNumber())) {
            throw ProtocolError.badArgument("id", "a request needs an id (string or number)");
        }
        return id;
    }

    private ObjectNode beforeHello(String op, ObjectNode frame, JsonNode id) throws ProtocolError {
        if (!op.equals("hello")) {
            throw ProtocolError.closing("not-authenticated", "the first request must be hello");
        }
        Arguments args = new Arguments(frame);
        JsonNode protocol = frame.get("protocol");
        if (protocol == null || !protocol.isIntegralNumber()) {
            throw ProtocolError.badArgument("protocol", "missing or not an integer");
        }
        if (protocol.asLong() != PROTOCOL_VERSION) {
            ObjectNode extra = Frames.object();
            extra.putArray("supported").add(PROTOCOL_VERSION);
            throw new ProtocolError("unsupported-protocol", "protocol " + protocol.asText()
                    + " is not supported; this node speaks " + PROTOCOL_VERSION, extra, true);
        }
        String application = args.text("application");
        if (!APPLICATION_NAME.matcher(application).matches()) {
            throw ProtocolError.badArgument("application", "1-64 characters of A-Z a-z 0-9 . _ -");
        }
        checkCredential(args.optionalText("token"), application);
        NodeView node = context.node();
        session = context.directory().attach(application, peer, () -> helloResult(id)); // queues the result
        calls = new CallCommands(context.control(), node, application);
        context.counters().authenticated.incrementAndGet();
        return null;
    }

    private ObjectNode helloResult(JsonNode id) {
        NodeView node = context.node();
        ObjectNode result = Frames.result(id);
        result.put("protocol", PROTOCOL_VERSION);
        result.put("node", node.nodeName());
        org.dualsip.api.pair.RoleChange last = context.directory().lastRoleChange();
        result.put("role", last == null ? node.role().name() : last.to().name());
        result.put("epoch", last == null ? node.epoch() : last.epoch());
        result.put("peerNode", node.peerNode());
        return result;
    }

    private void checkCredential(String token, String application) throws ProtocolError {
        String expected = context.settings().get().token();
        boolean ok;
        if (token != null) {
            ok = !expected.isEmpty() && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8));
        } else {
            ok = peer.verifiedClientCertificate();
        }
        if (!ok) {
            context.counters().refusedUnauthorized.incrementAndGet();
            LOG.warn("connector: refused application '{}' from {}: {}", application, peer.remoteAddress(),
                    token == null ? "no token and no verified client certificate" : "wrong token");
            throw ProtocolError.closing("unauthorized", "wrong or missing credential");
        }
    }

    private ObjectNode dispatch(String op, Arguments args, JsonNode id) throws ProtocolError {
        if (CallCommands.handles(op)) {
            return calls.handle(op, args, id);
        }
        switch (op) {
            case "hello":
                throw ProtocolError.of("bad-argument", "hello was already said on this connection");
            case "register":
                register(args);
                return Frames.result(id);
            case "pair-status": {
                ObjectNode result = Frames.result(id);
                result.set("pair", context.node().pairJson());
                return result;
            }
            case "switchover":
                return switchover(id);
            case "ping":
                return Frames.result(id);
            default:
                throw ProtocolError.of("unknown-op", "unknown op \"" + op + "\"");
        }
    }

    private void register(Arguments args) throws ProtocolError {
        JsonNode array = args.array("patterns");
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode p = array.get(i);
            if (!p.isTextual()) {
                throw ProtocolError.badArgument("patterns[" + i + "]", "must be a string");
            }
            try {
                Pattern.compile(p.asText());
            } catch (PatternSyntaxException e) {
                throw ProtocolError.badArgument("patterns[" + i + "]", "not a Java regular expression: "
                        + e.getDescription());
            }
            patterns.add(p.asText());
        }
        session.register(patterns);
        LOG.info("application {} takes request-URIs matching {}", session.name(), patterns);
    }

    private ObjectNode switchover(JsonNode id) throws ProtocolError {
        try {
            context.node().switchover();
        } catch (IllegalStateException e) {
            throw ProtocolError.of("refused", e.getMessage());
        }
        LOG.info("switchover requested by application {} from {}", session.name(), peer.remoteAddress());
        return Frames.result(id);
    }
}

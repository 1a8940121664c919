package org.dualsip.client;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON of protocol version 1: request frames out, frames and call snapshots in. */
final class ProtocolCodec {

    static final int PROTOCOL_VERSION = 1;

    /** A frame the node sent that this client cannot understand. */
    static final class BadFrameException extends IOException {
        private static final long serialVersionUID = 1L;

        BadFrameException(String message) {
            super(message);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** The request frame, '\n'-terminated: {"type":"request","id":id,"op":op, ...args}. */
    byte[] request(long id, String op, ObjectNode args) {
        ObjectNode frame = mapper.createObjectNode();
        frame.put("type", "request");
        frame.put("id", id);
        frame.put("op", op);
        if (args != null) {
            frame.setAll(args);
        }
        try {
            byte[] json = mapper.writeValueAsBytes(frame);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a request frame", e);
        }
    }

    /** A frame: a JSON object with a string "type". */
    JsonNode parse(byte[] line) throws BadFrameException {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadFrameException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadFrameException("unreadable frame: " + e.getMessage());
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            throw new BadFrameException("not an object with a string \"type\"");
        }
        return node;
    }

    /** A {@code <call>} object of the protocol. */
    RemoteCall call(JsonNode node) throws BadFrameException {
        if (node == null || !node.isObject() || !node.path("id").isTextual()) {
            throw new BadFrameException("call without a string id: " + node);
        }
        try {
            return new RemoteCall(node.get("id").asText(),
                    RemoteCall.Direction.valueOf(node.path("direction").asText()),
                    text(node, "from"), text(node, "to"), text(node, "requestUri"),
                    RemoteCall.State.valueOf(node.path("state").asText()),
                    text(node, "sdpOffer"), text(node, "sdpAnswer"), text(node, "application"),
                    instant(text(node, "createdAt")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BadFrameException("bad call object " + node + ": " + e.getMessage());
        }
    }

    List<RemoteCall> calls(JsonNode array) throws BadFrameException {
        if (array == null || !array.isArray()) {
            throw new BadFrameException("expected an array of calls, got " + array);
        }
        List<RemoteCall> calls = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            calls.add(call(element));
        }
        return calls;
    }

    PairView pairView(JsonNode pair) throws BadFrameException {
        if (pair == null || !pair.isObject()) {
            throw new BadFrameException("pair-status without a \"pair\" object");
        }
        return new PairView(text(pair, "node"), text(pair, "role"), pair.path("epoch").asLong(),
                text(pair, "peer"), text(pair, "peerNode"), text(pair, "peerRole"), text(pair, "sync"),
                pair.path("replicationLagMs").asLong(), pair.path("holdsAddress").asBoolean(),
                text(pair, "serviceAddress"));
    }

    /** A string field, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}

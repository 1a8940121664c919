package org.dualsip.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import org.dualsip.api.call.Call;

/** The JSON side of the protocol: parsing a request line and building the server's frames. */
final class Frames {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Frames() {
    }

    /** Parses one line into a JSON object with a "type", or throws a bad-frame error. */
    static ObjectNode parse(String line) throws ProtocolError {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw ProtocolError.badFrame("malformed JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ProtocolError.badFrame("a frame must be a JSON object");
        }
        if (!object.path("type").isTextual()) {
            throw ProtocolError.badFrame("a frame needs a string field \"type\"");
        }
        return object;
    }

    static ObjectNode result(JsonNode id) {
        ObjectNode frame = NODES.objectNode();
        frame.put("type", "result");
        frame.set("id", id == null ? NODES.nullNode() : id);
        return frame;
    }

    static ObjectNode error(JsonNode id, String code, String message) {
        ObjectNode frame = NODES.objectNode();
        frame.put("type", "error");
        frame.set("id", id == null ? NODES.nullNode() : id);
        frame.put("code", code);
        frame.put("message", message);
        return frame;
    }

    static ObjectNode event(String name) {
        ObjectNode frame = NODES.objectNode();
        frame.put("type", "event");
        frame.put("event", name);
        return frame;
    }

    static ObjectNode goodbye(String reason) {
        ObjectNode frame = NODES.objectNode();
        frame.put("type", "goodbye");
        frame.put("reason", reason);
        return frame;
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A call as the protocol carries it: every field present, null when unknown. */
    static ObjectNode call(Call call) {
        ObjectNode c = NODES.objectNode();
        c.put("id", call.id());
        c.put("direction", call.direction().name());
        c.put("from", call.from());
        c.put("to", call.to());
        c.put("requestUri", call.requestUri());
        c.put("state", call.state().name());
        c.put("sdpOffer", call.sdpOffer());
        c.put("sdpAnswer", call.sdpAnswer());
        c.put("application", call.application());
        c.put("createdAt", call.createdAt().toString());
        return c;
    }

    static ArrayNode calls(Collection<Call> calls) {
        ArrayNode array = NODES.arrayNode(calls.size());
        for (Call call : calls) {
            array.add(call(call));
        }
        return array;
    }

    /** Writes one frame and its '\n'; Jackson escapes every newline inside strings. */
    static void write(ObjectNode frame, OutputStream out) throws IOException {
        MAPPER.writeValue(new NonClosingStream(out), frame);
        out.write('\n');
    }

    /**
     * Jackson flushes and closes its target after each value; the socket's buffered stream must stay
     * open and be flushed by the writer once per burst of frames, not once per frame (a system call
     * and a TCP segment each).
     */
    private static final class NonClosingStream extends java.io.FilterOutputStream {
        NonClosingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() {
            // the writer flushes when its queue runs dry
        }

        @Override
        public void close() {
            // the connection closes the socket
        }
    }
}

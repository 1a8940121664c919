package org.dualsip.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request that gets an error frame: the code (protocol.md), the human message, extra fields and
 * whether the connection is closed after it.
 */
final class ProtocolError extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final transient ObjectNode extra;
    private final boolean closes;

    ProtocolError(String code, String message, ObjectNode extra, boolean closes) {
        super(message, null, false, false);
        this.code = code;
        this.extra = extra;
        this.closes = closes;
    }

    static ProtocolError of(String code, String message) {
        return new ProtocolError(code, message, null, false);
    }

    static ProtocolError closing(String code, String message) {
        return new ProtocolError(code, message, null, true);
    }

    static ProtocolError badFrame(String message) {
        return of("bad-frame", message);
    }

    static ProtocolError badArgument(String field, String why) {
        return of("bad-argument", "\"" + field + "\": " + why);
    }

    String code() {
        return code;
    }

    boolean closes() {
        return closes;
    }

    /** The error frame for a request with this id (null when it had none readable). */
    ObjectNode frame(com.fasterxml.jackson.databind.JsonNode id) {
        ObjectNode frame = Frames.error(id, code, getMessage());
        if (extra != null) {
            frame.setAll(extra);
        }
        return frame;
    }
}

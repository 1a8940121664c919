package org.dualsip.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the arguments of one request, refusing a missing or ill-typed one with bad-argument naming it. */
final class Arguments {

    private final ObjectNode frame;

    Arguments(ObjectNode frame) {
        this.frame = frame;
    }

    String text(String field) throws ProtocolError {
        JsonNode value = frame.get(field);
        if (value == null || value.isNull()) {
            throw ProtocolError.badArgument(field, "missing");
        }
        if (!value.isTextual()) {
            throw ProtocolError.badArgument(field, "must be a string");
        }
        return value.asText();
    }

    /** A string or null (absent or JSON null). */
    String optionalText(String field) throws ProtocolError {
        JsonNode value = frame.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ProtocolError.badArgument(field, "must be a string or null");
        }
        return value.asText();
    }

    int integer(String field) throws ProtocolError {
        JsonNode value = frame.get(field);
        if (value == null || value.isNull()) {
            throw ProtocolError.badArgument(field, "missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ProtocolError.badArgument(field, "must be an integer");
        }
        return value.asInt();
    }

    JsonNode array(String field) throws ProtocolError {
        JsonNode value = frame.get(field);
        if (value == null || value.isNull()) {
            throw ProtocolError.badArgument(field, "missing");
        }
        if (!value.isArray()) {
            throw ProtocolError.badArgument(field, "must be an array");
        }
        return value;
    }

    /** An object of string values, or an empty map when absent. */
    Map<String, String> headers(String field) throws ProtocolError {
        JsonNode value = frame.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isObject()) {
            throw ProtocolError.badArgument(field, "must be an object of header name to value");
        }
        var fields = value.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            if (!entry.getValue().isTextual()) {
                throw ProtocolError.badArgument(field + "." + entry.getKey(), "must be a string");
            }
            out.put(entry.getKey(), entry.getValue().asText());
        }
        return out;
    }
}

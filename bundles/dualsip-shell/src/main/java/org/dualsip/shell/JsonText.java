package org.dualsip.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON for {@code --json}. Reports hand over plain maps and lists of strings, numbers and booleans
 * (times already turned into text and milliseconds), so plain jackson-databind suffices.
 */
public final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonText() {
    }

    public static String of(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Only maps, lists and scalars are passed in: this cannot happen short of a bug.
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}

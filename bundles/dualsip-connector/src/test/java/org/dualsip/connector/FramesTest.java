package org.dualsip.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void aFrameIsOneLineWhateverItsStringsHold() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectNode frame = Frames.event("reoffer");
        frame.put("sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n");
        Frames.write(frame, bytes);
        Frames.write(Frames.goodbye("bye"), bytes);
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        assertEquals(3, lines.length, text);
        assertEquals("", lines[2]);
        assertEquals("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n", Frames.parse(lines[0]).path("sdp").asText());
        assertEquals("bye", Frames.parse(lines[1]).path("reason").asText());
    }

    @Test
    void writingNeitherFlushesNorClosesTheSocketStream() throws IOException {
        int[] flushes = new int[1];
        boolean[] closed = new boolean[1];
        OutputStream target = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                flushes[0]++;
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        for (int i = 0; i < 10; i++) {
            Frames.write(Frames.goodbye("x"), target);
        }
        assertEquals(0, flushes[0], "the writer flushes once per burst, not per frame");
        assertFalse(closed[0]);
        assertTrue(target.toString().contains("goodbye"));
    }
}

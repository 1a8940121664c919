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

    @Test
    void transferEventsAndAReplacingOfferCarryTheirFields() {
        org.dualsip.api.call.Call call = new org.dualsip.api.call.Call("c1", org.dualsip.api.call.Direction.INBOUND,
                "sip:a@x", "sip:b@y", "sip:b@y", org.dualsip.api.call.CallState.CONFIRMED, null, null, "app1",
                java.time.Instant.EPOCH);
        ObjectNode asked = EventFrames.of(new org.dualsip.api.call.CallEvent.TransferRequested(call, "sip:carol@z",
                "<sip:a@x>", "cid;to-tag=1;from-tag=2"));
        assertEquals("transfer-requested", asked.path("event").asText());
        assertEquals("sip:carol@z", asked.path("referTo").asText());
        assertEquals("<sip:a@x>", asked.path("referredBy").asText());
        assertEquals("cid;to-tag=1;from-tag=2", asked.path("replaces").asText());
        assertEquals("c1", asked.path("call").path("id").asText());
        ObjectNode status = EventFrames.of(new org.dualsip.api.call.CallEvent.TransferStatus(call, 200, true));
        assertEquals("transfer-status", status.path("event").asText());
        assertEquals(200, status.path("code").asInt());
        assertTrue(status.path("finished").asBoolean());
        assertEquals("c0", EventFrames.of(new org.dualsip.api.call.CallEvent.Offered(call, "c0")).path("replaces").asText());
        assertTrue(EventFrames.of(new org.dualsip.api.call.CallEvent.Offered(call)).path("replaces").isMissingNode());
    }
}

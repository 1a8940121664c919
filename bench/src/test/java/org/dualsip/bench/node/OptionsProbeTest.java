package org.dualsip.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class OptionsProbeTest {

    @Test
    void readsTheStatusOfOurResponseOnly() {
        assertEquals(OptionalInt.of(200), OptionsProbe.statusOf("SIP/2.0 200 OK\r\nCall-ID: abc\r\n", "abc"));
        assertTrue(OptionsProbe.statusOf("SIP/2.0 200 OK\r\nCall-ID: other\r\n", "abc").isEmpty());
        assertTrue(OptionsProbe.statusOf("OPTIONS sip:x SIP/2.0\r\nCall-ID: abc\r\n", "abc").isEmpty());
    }

    @Test
    void buildsAWellFormedRequest() {
        String request = new OptionsProbe("127.0.0.31").request("127.0.0.30", 35060, 40000, "0123456789abcdef-x");
        assertTrue(request.startsWith("OPTIONS sip:127.0.0.30:35060 SIP/2.0\r\n"));
        assertTrue(request.contains("Via: SIP/2.0/UDP 127.0.0.31:40000;branch=z9hG4bK"));
        assertTrue(request.endsWith("Content-Length: 0\r\n\r\n"));
    }
}

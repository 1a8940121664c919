package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Over TCP JAIN-SIP alone drops a request it cannot parse; the engine answers it 400 on the same
 * connection, which stays usable. The engine listens on 127.0.0.13:15067 (TCP).
 */
class MalformedOverTcpTest {

    static final String HOST = "127.0.0.13";
    static final int PORT = 15067;
    static CallEngine engine;

    @BeforeAll
    static void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("tcp")).withTimers(50, 400, 2000);
        engine = new CallEngine("test-tcp", s);
        engine.bind(HOST, PORT, List.of("tcp"));
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    private static String options(String branch, String cseq) {
        return "OPTIONS sip:probe@" + HOST + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:15068;branch=z9hG4bK" + branch + ";rport\r\n"
                + "From: <sip:tester@127.0.0.1>;tag=t" + branch + "\r\n"
                + "To: <sip:probe@" + HOST + ">\r\n"
                + "Call-ID: " + branch + "@test\r\n"
                + "CSeq: " + cseq + " OPTIONS\r\n"
                + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    /** Reads one message head (responses here carry no body). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            while (!out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                out.write(b);
            }
        } catch (SocketTimeoutException e) {
            // return what came
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anUnreadableCSeqGets400AndTheConnectionCarriesOn() throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            s.connect(new InetSocketAddress(HOST, PORT), 2000);
            s.setSoTimeout(3000);
            s.getOutputStream().write(options("bad1", "123456789012345678901234567890").getBytes(StandardCharsets.ISO_8859_1));
            String bad = readResponse(s.getInputStream());
            assertTrue(bad.startsWith("SIP/2.0 400 "), bad);
            assertTrue(bad.contains("branch=z9hG4bKbad1"), bad);

            s.getOutputStream().write(options("good1", "2").getBytes(StandardCharsets.ISO_8859_1));
            String good = readResponse(s.getInputStream());
            assertTrue(good.startsWith("SIP/2.0 200 "), good);
        }
    }

    @Test
    void aDuplicateCallIdGets400OverTcpToo() throws Exception {
        try (Socket s = new Socket(HOST, PORT)) {
            s.setSoTimeout(3000);
            String dup = options("dup1", "1").replace("Max-Forwards", "i: other@test\r\nMax-Forwards");
            s.getOutputStream().write(dup.getBytes(StandardCharsets.ISO_8859_1));
            String resp = readResponse(s.getInputStream());
            assertEquals("SIP/2.0 400", resp.substring(0, Math.min(11, resp.length())), resp);
        }
    }
}

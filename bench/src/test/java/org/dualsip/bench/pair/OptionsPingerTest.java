package org.dualsip.bench.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class OptionsPingerTest {

    @Test
    void recognisesOnlyAnswersToItsOwnProbes() {
        OptionsPinger pinger = new OptionsPinger("127.0.0.1", 0, "127.0.0.1", 5060, Duration.ofMillis(2), 100);
        String request = pinger.request(7);
        String callId = request.lines().filter(l -> l.startsWith("Call-ID: ")).findFirst().orElseThrow().substring(9);
        Optional<ProbeAnswer> answer = pinger.answerOf("SIP/2.0 200 OK\r\nCall-ID: " + callId + "\r\n\r\n", 42);
        assertEquals(7, answer.orElseThrow().sequence());
        assertEquals(42, answer.orElseThrow().receivedNanos());
        assertTrue(pinger.answerOf("SIP/2.0 200 OK\r\nCall-ID: pinger-other-7\r\n\r\n", 1).isEmpty());
        assertTrue(pinger.answerOf(request, 1).isEmpty(), "a request is not an answer");
        assertTrue(pinger.answerOf("SIP/2.0 200 OK\r\nCall-ID: " + callId.replace("-7", "-100") + "\r\n\r\n", 1)
                .isEmpty(), "a sequence beyond the bound");
    }

    @Test
    void timesTheAnswersOfALoopbackResponder() throws Exception {
        ExecutorService responderThread = Executors.newSingleThreadExecutor();
        try (DatagramSocket responder = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            responder.setSoTimeout(2000);
            responderThread.execute(() -> answerOptions(responder, 20));
            try (OptionsPinger pinger = new OptionsPinger("127.0.0.1", 0, "127.0.0.1", responder.getLocalPort(),
                    Duration.ofMillis(2), 20).start()) {
                assertTrue(pinger.awaitSuccessSentAfter(0, Duration.ofSeconds(5)).isPresent());
                Thread.sleep(200);
                assertTrue(pinger.answers().size() >= 10, () -> "answers: " + pinger.answers().size());
                assertTrue(pinger.answers().stream().allMatch(a -> a.receivedNanos() >= a.sentNanos()));
            }
        } finally {
            responderThread.shutdownNow();
            responderThread.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Answers 200 to up to {@code count} OPTIONS, echoing the Call-ID. */
    private static void answerOptions(DatagramSocket socket, int count) {
        Pattern callId = Pattern.compile("Call-ID: (\\S+)");
        byte[] buffer = new byte[4096];
        try {
            for (int i = 0; i < count; i++) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Matcher m = callId.matcher(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII));
                if (m.find()) {
                    byte[] answer = ("SIP/2.0 200 OK\r\nCall-ID: " + m.group(1) + "\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            }
        } catch (SocketTimeoutException e) {
            // The pinger stopped: nothing more to answer.
        } catch (java.io.IOException e) {
            // Socket closed by the test's end.
        }
    }
}

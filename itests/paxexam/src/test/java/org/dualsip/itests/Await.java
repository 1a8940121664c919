package org.dualsip.itests;

import java.io.IOException;

/** Bounded waits for things that happen asynchronously in the container. */
final class Await {

    private Await() {
    }

    /** Retries OPTIONS until a 200 comes back; fails after {@code timeoutMillis}. */
    static SipMessage optionsOk(SipUdpClient client, String host, int port, long timeoutMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        SipMessage last = null;
        while (System.nanoTime() < deadline) {
            last = client.options(host, port, 500);
            if (last != null && last.status() == 200) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no 200 to OPTIONS on " + host + ":" + port + " within "
                + timeoutMillis + " ms; last response: " + last);
    }

    /** True when OPTIONS gets no answer at all, asked {@code attempts} times. */
    static boolean silent(SipUdpClient client, String host, int port, int attempts) throws IOException {
        for (int i = 0; i < attempts; i++) {
            if (client.options(host, port, 500) != null) {
                return false;
            }
        }
        return true;
    }
}

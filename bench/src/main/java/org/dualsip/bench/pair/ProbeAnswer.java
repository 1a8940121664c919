package org.dualsip.bench.pair;

/**
 * One answered probe: when its OPTIONS left, when the answer came back ({@link System#nanoTime()})
 * and its status code.
 */
public record ProbeAnswer(long sequence, long sentNanos, long receivedNanos, int status) {

    public boolean success() {
        return status >= 200 && status < 300;
    }
}

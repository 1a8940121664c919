package org.dualsip.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delays with jitter: min, 2×min, ... up to max, each drawn uniformly from
 * [half, full] of its step so that many clients cut off at once do not reconnect in lockstep.
 * Not thread-safe: one per connection loop.
 */
final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private long nextStep;

    Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + ", " + max);
        }
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.nextStep = minMillis;
    }

    /** The delay before the next attempt; each call doubles the step up to the maximum. */
    long nextDelayMillis() {
        long step = nextStep;
        nextStep = Math.min(maxMillis, step * 2);
        long half = step / 2;
        return half + ThreadLocalRandom.current().nextLong(step - half + 1);
    }

    /** After a successful handshake: the next failure starts from the minimum again. */
    void reset() {
        nextStep = minMillis;
    }
}

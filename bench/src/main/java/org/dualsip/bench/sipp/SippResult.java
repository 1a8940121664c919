package org.dualsip.bench.sipp;

import java.time.Duration;

/**
 * What a SIPp run ended with.
 *
 * @param exitCode   SIPp's exit code (0: every call succeeded; 1: at least one failed; others: fatal)
 * @param successful successful calls, from SIPp's statistics
 * @param failed     failed calls, from SIPp's statistics
 * @param elapsed    wall time of the run
 * @param killed     true when SIPp overran its bound and was killed
 * @param report     the end of SIPp's screen output and error log, for failure messages
 */
public record SippResult(int exitCode, long successful, long failed, Duration elapsed, boolean killed,
        String report) {

    public long total() {
        return successful + failed;
    }

    /** True when SIPp exited normally, placed every requested call, and none failed. */
    public boolean allSucceeded(int expectedCalls) {
        return !killed && exitCode == 0 && failed == 0 && successful == expectedCalls;
    }

    /** Calls per second actually completed over the wall time of the run. */
    public double achievedRate() {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        return successful / seconds;
    }

    @Override
    public String toString() {
        return "exit=" + exitCode + " successful=" + successful + " failed=" + failed
                + " elapsed=" + elapsed.toMillis() + "ms" + (killed ? " KILLED" : "");
    }
}

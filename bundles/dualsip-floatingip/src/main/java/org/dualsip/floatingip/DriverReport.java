package org.dualsip.floatingip;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The linux driver's diagnostics, written by the threads that probe and announce and read by the
 * status. Each distinct alarm is logged here at ERROR, so that no failure goes unseen.
 */
final class DriverReport {

    private static final Logger LOG = LoggerFactory.getLogger(DriverReport.class);

    private final Clock clock;
    private Instant lastAnnounce;
    private String probeResult;
    private String alarm;

    DriverReport(Clock clock) {
        this.clock = clock;
    }

    synchronized void announced() {
        lastAnnounce = clock.instant();
        alarm = null;
    }

    synchronized void probed(String result) {
        probeResult = result;
    }

    synchronized void alarm(String text) {
        // Once per distinct failure: a failing refresh must not flood the log.
        if (text.equals(alarm)) {
            LOG.debug("{} (again)", text);
        } else {
            LOG.error("{}", text);
        }
        alarm = text;
    }

    synchronized void clearAlarm() {
        alarm = null;
    }

    synchronized DriverDiagnostics snapshot() {
        return new DriverDiagnostics(lastAnnounce, probeResult, alarm);
    }
}

package org.dualsip.floatingip;

import java.time.Instant;

/**
 * What a driver that announces and probes can tell about its last actions.
 *
 * @param lastAnnounce when the last announcement went out, or null
 * @param probeResult  the last probe's outcome in words, or null
 * @param alarm        a failure after acquire returned (a background announcement, a removal), or null
 */
record DriverDiagnostics(Instant lastAnnounce, String probeResult, String alarm) {

    static final DriverDiagnostics NONE = new DriverDiagnostics(null, null, null);
}

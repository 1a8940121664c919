package org.dualsip.floatingip;

import java.time.Duration;

/**
 * The linux driver's own keys of {@code org.dualsip.floatingip}, validated.
 *
 * @param announceCount    announcements in the burst after acquiring (the first goes out at once)
 * @param announceInterval time between two announcements of the burst
 * @param refreshPeriod    time between refresh announcements while held; zero = no refresh
 * @param probeCount       ARP probes before acquiring an IPv4 address; 0 = no probe
 * @param probeTimeout     how long to listen for an answer to the probe before taking the address
 * @param commandTimeout   limit for every other command (ip, arping -U, ndptool)
 */
record DriverSettings(int announceCount, Duration announceInterval, Duration refreshPeriod, int probeCount,
        Duration probeTimeout, Duration commandTimeout) {

    static final DriverSettings DEFAULTS = new DriverSettings(5, Duration.ofMillis(200), Duration.ZERO, 1,
            Duration.ofMillis(30), Duration.ofSeconds(2));

    /**
     * @throws InvalidSettingException naming the first bad key
     */
    static DriverSettings parse(String announceCount, String announceIntervalMs, String refreshPeriodMs,
            String probeCount, String probeTimeoutMs, String commandTimeoutMs) {
        int announces = number("announce.count", announceCount, 1, 100);
        long interval = number("announce.interval.ms", announceIntervalMs, 10, 10_000);
        long refresh = number("refresh.period.ms", refreshPeriodMs, 0, 3_600_000);
        if (refresh > 0 && refresh < 100) {
            throw new InvalidSettingException(AddressSettings.PID, "refresh.period.ms", refreshPeriodMs.trim(),
                    "expected 0 (no refresh) or at least 100");
        }
        int probes = number("probe.count", probeCount, 0, 10);
        long probeWait = number("probe.timeout.ms", probeTimeoutMs, 10, 30_000);
        long commandWait = number("command.timeout.ms", commandTimeoutMs, 100, 60_000);
        return new DriverSettings(announces, Duration.ofMillis(interval), Duration.ofMillis(refresh), probes,
                Duration.ofMillis(probeWait), Duration.ofMillis(commandWait));
    }

    private static int number(String key, String text, int min, int max) {
        String value = text == null ? "" : text.trim();
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new InvalidSettingException(AddressSettings.PID, key, value,
                "expected a whole number from " + min + " to " + max);
    }

    @Override
    public String toString() {
        return "announce " + announceCount + " x " + announceInterval.toMillis() + " ms, refresh "
                + (refreshPeriod.isZero() ? "off" : refreshPeriod.toMillis() + " ms") + ", probe "
                + (probeCount == 0 ? "off" : probeCount + " within " + probeTimeout.toMillis() + " ms")
                + ", command timeout " + commandTimeout.toMillis() + " ms";
    }
}

package org.dualsip.api.address;

import java.time.Instant;

/**
 * The floating (service) address as this node sees it, for {@code dualsip:status} and scripts.
 *
 * @param driver       the configured driver name (e.g. {@code linux}), or null without a valid
 *                     configuration
 * @param address      the configured address with its prefix and interface, or null likewise
 * @param held         whether this node holds the address now (configured, announced, SIP may bind)
 * @param alarm        why the address is not held when it should be, or why an announcement
 *                     failed; null when all is well
 * @param lastAnnounce when the last announcement (gratuitous ARP / unsolicited neighbour
 *                     advertisement) went out, or null when none was sent since start
 * @param probeResult  the outcome of the last duplicate-address probe in words (e.g. "no answer
 *                     within 100 ms"), or null when the driver does not probe or has not probed
 */
public record FloatingAddressStatus(String driver, FloatingAddress address, boolean held, String alarm,
        Instant lastAnnounce, String probeResult) {
}

package org.dualsip.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.dualsip.itest.netns.BridgeCapture.CapturedFrame;
import org.junit.jupiter.api.Test;

/** Reading tshark's field lines (no capture, no root): what counts as announcing the floating address. */
class CapturedFrameTest {

    private static CapturedFrame frame(String line) {
        return CapturedFrame.parse(line).orElseThrow();
    }

    @Test
    void aGratuitousArpAnnouncesTheAddressAndCarriesItsTimeToTheNanosecond() {
        CapturedFrame garp = frame("1795693979.736353473|02:99:00:00:00:12|1|10.99.0.10|10.99.0.10||||||");
        assertEquals(Instant.ofEpochSecond(1795693979L, 736353473L), garp.time());
        assertEquals("02:99:00:00:00:12", garp.sourceMac());
        assertTrue(garp.isGratuitousFor("10.99.0.10"));
        assertTrue(garp.announces("10.99.0.10"));
        assertFalse(garp.announces("10.99.0.11"));
    }

    @Test
    void aProbeFromZeroAndAReplyForAnotherAddressDoNotAnnounceIt() {
        CapturedFrame probe = frame("1795693979.5|02:99:00:00:00:11|1|0.0.0.0|10.99.0.10||||||");
        assertFalse(probe.announces("10.99.0.10"), "an RFC 5227 probe claims nothing");
        assertFalse(probe.isGratuitousFor("10.99.0.10"));
        CapturedFrame reply = frame("1795693979.5|02:99:00:00:00:11|2|10.99.0.11|10.99.0.100||||||");
        assertFalse(reply.announces("10.99.0.10"));
    }

    @Test
    void anArpReplyForTheAddressAnnouncesItWithoutBeingGratuitous() {
        CapturedFrame reply = frame("1795693979.5|02:99:00:00:00:11|2|10.99.0.10|10.99.0.100||||||");
        assertTrue(reply.announces("10.99.0.10"));
        assertFalse(reply.isGratuitousFor("10.99.0.10"));
    }

    @Test
    void aNeighbourAdvertisementForTheIpv6AddressAnnouncesIt() {
        CapturedFrame advert = frame("1795693980.000001|02:99:00:00:00:12||||136|FD99::10||fd99::10||");
        assertTrue(advert.announces("fd99::10"));
        assertTrue(advert.isGratuitousFor("fd99::10"));
        CapturedFrame solicitation = frame("1795693980.000001|02:99:00:00:01:00||||135|||fd99::100||");
        assertFalse(solicitation.announces("fd99::10"));
    }

    @Test
    void aSipResponseIsRecognisedByItsSourceAddress() {
        CapturedFrame ok = frame("1795693981.25|02:99:00:00:00:12||||||10.99.0.10||200|");
        assertTrue(ok.isSipResponseFrom("10.99.0.10"));
        CapturedFrame request = frame("1795693981.25|02:99:00:00:01:00||||||10.99.0.100|||OPTIONS");
        assertFalse(request.isSipResponseFrom("10.99.0.10"));
        assertEquals("OPTIONS", request.sipMethod());
    }

    @Test
    void blankOrShortLinesAreSkipped() {
        assertTrue(CapturedFrame.parse("").isEmpty());
        assertTrue(CapturedFrame.parse("1795693981.25|02:99").isEmpty());
    }
}

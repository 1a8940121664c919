package org.dualsip.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DemoSettingsTest {

    @Test
    void defaultsAreUsable() {
        DemoSettings settings = DemoSettings.parse(".*", "0", "0", "true", DemoSettings.DEFAULT_SDP);
        assertEquals(".*", settings.pattern());
        assertEquals(0, settings.answerDelayMs());
        assertEquals(0, settings.hangupAfterMs());
        assertTrue(settings.ring());
        assertEquals(DemoSettings.DEFAULT_SDP, settings.sdp());
    }

    @Test
    void defaultSdpIsAPcmuAudioAnswerOnLoopback() {
        String sdp = DemoSettings.DEFAULT_SDP;
        assertTrue(sdp.startsWith("v=0\r\n"));
        assertTrue(sdp.contains("c=IN IP4 127.0.0.1\r\n"));
        assertTrue(sdp.contains("m=audio 6000 RTP/AVP 0\r\n"));
        assertTrue(sdp.contains("a=rtpmap:0 PCMU/8000\r\n"));
        assertTrue(sdp.endsWith("\r\n"));
    }

    @Test
    void sdpLineEndsAreNormalisedToCrlf() {
        String sdp = DemoSettings.parseSdp("v=0\no=x 1 1 IN IP4 127.0.0.1\n  s=-  \r\n\nt=0 0");
        assertEquals("v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", sdp);
        assertEquals(DemoSettings.DEFAULT_SDP, DemoSettings.parseSdp(" "));
        assertEquals("v=0\r\ns=-\r\n", DemoSettings.parseSdp("v=0\\r\\ns=-\\n"));
    }

    @Test
    void parsesValuesGivenAsText() {
        DemoSettings settings = DemoSettings.parse(" sip:9.*@.* ", " 250 ", "60000", "FALSE", null);
        assertEquals("sip:9.*@.*", settings.pattern());
        assertEquals(250, settings.answerDelayMs());
        assertEquals(60000, settings.hangupAfterMs());
        assertFalse(settings.ring());
        assertEquals(".*", DemoSettings.parse("", "0", "0", "true", "").pattern());
    }

    @Test
    void refusesBadValuesNamingPidAndKey() {
        assertRefused("pattern", () -> DemoSettings.parse("sip:[", "0", "0", "true", ""));
        assertRefused("answer.delay.ms", () -> DemoSettings.parse(".*", "-1", "0", "true", ""));
        assertRefused("answer.delay.ms", () -> DemoSettings.parse(".*", "soon", "0", "true", ""));
        assertRefused("hangup.after.ms", () -> DemoSettings.parse(".*", "0", "3600001", "true", ""));
        assertRefused("ring", () -> DemoSettings.parse(".*", "0", "0", "yes", ""));
        assertRefused("sdp", () -> DemoSettings.parse(".*", "0", "0", "true", "hello"));
        assertRefused("sdp", () -> DemoSettings.parse(".*", "0", "0", "true", "v=0\nbroken line"));
    }

    private static void assertRefused(String key, org.junit.jupiter.api.function.Executable parse) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, parse);
        assertEquals(key, e.key());
        assertTrue(e.getMessage().startsWith("org.dualsip.demo: ") && e.getMessage().contains("'" + key + "'"),
                e.getMessage());
    }
}

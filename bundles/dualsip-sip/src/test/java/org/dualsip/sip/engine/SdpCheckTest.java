package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What SdpCheck accepts and refuses, without a network. */
class SdpCheckTest {

    static final String SIPP_LIKE = "v=0\r\no=sipp 53655765 2 IN IP4 127.0.0.31\r\ns=-\r\nc=IN IP4 127.0.0.31\r\n"
            + "t=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendonly\r\n";

    @Test
    void wellFormedOffersAndAnswersPass() {
        assertNull(SdpCheck.problem(Dialogs.OFFER));
        assertNull(SdpCheck.problem(AutoAnswerApplication.SDP));
        assertNull(SdpCheck.problem(SIPP_LIKE));
        assertNull(SdpCheck.problem(SIPP_LIKE.replace("c=IN IP4 127.0.0.31\r\n", "")
                .replace("m=audio 6000 RTP/AVP 0\r\n", "m=audio 6000 RTP/AVP 0\r\nc=IN IP4 127.0.0.31\r\n")),
                "a connection per media instead of one for the session");
        assertNull(SdpCheck.problemOrNull(null), "no body is no problem (late offer)");
    }

    @Test
    void malformedBodiesAreRefusedWithAReason() {
        assertNotNull(SdpCheck.problem("hello world"));
        assertNotNull(SdpCheck.problem(""));
        assertNotNull(SdpCheck.problem(SIPP_LIKE.replace("v=0", "v=1")));
        assertNotNull(SdpCheck.problem(SIPP_LIKE.replace("o=sipp 53655765 2 IN IP4 127.0.0.31", "o=sipp")));
        assertNotNull(SdpCheck.problem(SIPP_LIKE.replace("m=audio 6000 RTP/AVP 0", "m=audio port RTP/AVP 0")));
        assertNotNull(SdpCheck.problem(SIPP_LIKE.replace("m=audio 6000 RTP/AVP 0\r\n", "")), "no media");
        assertNotNull(SdpCheck.problem(SIPP_LIKE.replace("c=IN IP4 127.0.0.31\r\n", "")), "no connection address");
        assertNotNull(SdpCheck.problem(SIPP_LIKE.replace("t=0 0\r\n", "")), "no t= line");
        assertNotNull(SdpCheck.problem(SIPP_LIKE + "this is not SDP\r\n"));
    }
}

package org.dualsip.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.junit.jupiter.api.Test;

class MalformedRequestStandInTest {

    private static final String REQUEST = "%s sip:a@b SIP/2.0\r\n"
            + "%sFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\n"
            + "Call-ID: c1\r\nCSeq: %s %s\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    private static final String VIA = "Via: SIP/2.0/TCP h;branch=z9hG4bK1\r\n";
    private static final String TOO_BIG = "99999999999999999999999";

    private static SIPMessage parse(MalformedRequestStandIn guard, String method, String via, String cseq)
            throws ParseException {
        String text = String.format(REQUEST, method, via, cseq, method);
        return new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.ISO_8859_1), true, false, guard);
    }

    @Test
    void anUnreadableCSeqBecomesAMarkedRequestWithAPlaceholder() throws ParseException {
        MalformedRequestStandIn guard = new MalformedRequestStandIn(null);
        SIPMessage parsed = parse(guard, "OPTIONS", VIA, TOO_BIG);
        assertNotNull(guard.problem(), "the unreadable CSeq is noted, not thrown");
        SIPRequest standIn = (SIPRequest) MalformedRequestStandIn.standIn(parsed, guard.problem());
        assertEquals(StrictMessageParser.BAD_REQUEST, standIn.getApplicationData());
        assertEquals(0, standIn.getCSeq().getSeqNumber());
        assertEquals("OPTIONS", standIn.getCSeq().getMethod());
        assertEquals("c1", standIn.getCallId().getCallId());
    }

    @Test
    void whatCannotBeAnsweredIsStillRefused() throws ParseException {
        MalformedRequestStandIn guard = new MalformedRequestStandIn(null);
        SIPMessage ack = parse(guard, "ACK", VIA, TOO_BIG);
        assertThrows(ParseException.class, () -> MalformedRequestStandIn.standIn(ack, guard.problem()));
        MalformedRequestStandIn noVia = new MalformedRequestStandIn(null);
        SIPMessage unaddressable = parse(noVia, "OPTIONS", "", "1");
        ParseException why = new ParseException("no Via", 0);
        assertThrows(ParseException.class, () -> MalformedRequestStandIn.standIn(unaddressable, why));
    }
}

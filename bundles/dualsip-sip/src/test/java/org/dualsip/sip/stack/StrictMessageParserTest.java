package org.dualsip.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gov.nist.javax.sip.message.SIPMessage;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.junit.jupiter.api.Test;

class StrictMessageParserTest {

    private static final String OPTIONS = "OPTIONS sip:a@b SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: %s<sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\n"
            + "Call-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n%sContent-Length: 0\r\n\r\n";

    private static SIPMessage parse(String text) throws ParseException {
        return new StrictMessageParser().parseSIPMessage(text.getBytes(StandardCharsets.ISO_8859_1), true, false, null);
    }

    @Test
    void acceptsAWellFormedRequest() throws ParseException {
        assertNull(parse(String.format(OPTIONS, "\"Bell, A.\" ", "")).getApplicationData());
        parse(String.format(OPTIONS, "A. Bell ", ""));
    }

    @Test
    void refusesDuplicateSingletonHeadersAndUnquotedSeparators() {
        assertThrows(ParseException.class, () -> parse(String.format(OPTIONS, "", "i: c2\r\n")));
        assertThrows(ParseException.class, () -> parse(String.format(OPTIONS, "Bell, Alexander ", "")));
    }

    @Test
    void marksAnotherSipVersion() throws ParseException {
        SIPMessage m = parse(String.format(OPTIONS, "", "").replaceFirst("SIP/2.0\r\n", "SIP/7.0\r\n"));
        assertEquals(StrictMessageParser.BAD_VERSION, m.getApplicationData());
    }
}

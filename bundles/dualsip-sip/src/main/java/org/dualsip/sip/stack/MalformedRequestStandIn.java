package org.dualsip.sip.stack;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.text.ParseException;
import java.util.Set;
import javax.sip.message.Request;

/**
 * Over a connection (TCP) JAIN-SIP 1.3.0-91 never answers a request it cannot parse: its pipeline
 * drops a message whose parse throws, and its TCP channel closes the connection when a mandatory
 * header is unreadable; it could not address a 400 anyway, because a connection learns where to
 * answer (protocol, cached socket) only from a first good message. RFC 3261 wants a 400.
 * <p>
 * This listener stands between the parser and the connection while a message is parsed: it notes
 * an unreadable mandatory header instead of letting the connection close. {@link #standIn} then turns
 * such a request into one the stack can carry to our listener like any good request (missing
 * mandatory headers get obvious placeholders) and marks it {@value StrictMessageParser#BAD_REQUEST},
 * so that the engine answers it 400 on the connection it came on. Requests without a readable top
 * Via, ACKs and responses cannot (or must not) be answered: they are still dropped.
 */
final class MalformedRequestStandIn implements ParseExceptionListener {

    private static final Set<Class<?>> MANDATORY =
            Set.of(From.class, To.class, CSeq.class, Via.class, CallID.class, ContentLength.class);

    private final ParseExceptionListener channel;
    private ParseException problem;

    MalformedRequestStandIn(ParseExceptionListener channel) {
        this.channel = channel;
    }

    @Override
    public void handleException(ParseException ex, SIPMessage message, Class headerClass, String header,
                                String rawMessage) throws ParseException {
        if (headerClass == RequestLine.class || headerClass == StatusLine.class) {
            throw ex; // not even a request: nothing to answer
        }
        if (headerClass != null && MANDATORY.contains(headerClass)) {
            if (problem == null) {
                problem = ex;
            }
            return;
        }
        if (channel != null) {
            channel.handleException(ex, message, headerClass, header, rawMessage); // keeps it as unparsed
        }
    }

    /** The first unreadable mandatory header seen, or null. */
    ParseException problem() {
        return problem;
    }

    /**
     * The request, made answerable and marked {@value StrictMessageParser#BAD_REQUEST}; throws
     * {@code why} when no 400 can be addressed or none is due (response, ACK, no top Via).
     */
    static SIPMessage standIn(SIPMessage message, ParseException why) throws ParseException {
        if (!(message instanceof SIPRequest request) || request.getRequestLine() == null
                || request.getTopmostVia() == null || Request.ACK.equals(request.getMethod())) {
            throw why;
        }
        String method = request.getMethod();
        if (request.getCSeq() == null) {
            request.setHeader(new CSeq(0, method)); // a CSeq it could not read cannot be echoed
        }
        if (request.getCallId() == null) {
            request.setHeader(new CallID("malformed.invalid"));
        }
        if (request.getFrom() == null) {
            request.setHeader(StringMsgParser.parseSIPHeader("From: <sip:malformed@invalid>"));
        }
        if (request.getTo() == null) {
            request.setHeader(StringMsgParser.parseSIPHeader("To: <sip:malformed@invalid>"));
        }
        request.setApplicationData(StrictMessageParser.BAD_REQUEST);
        return request;
    }
}

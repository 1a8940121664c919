package org.dualsip.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.MessageChannel;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * JAIN-SIP's parser is lenient where RFC 3261 wants a 400: it keeps one of several Call-ID, CSeq,
 * From, To, Content-Length or Max-Forwards headers, takes an unquoted display name with separators
 * and silently reads any SIP version as 2.0. This parser checks the raw header section first
 * (a {@link ParseException} makes the stack answer 400 over UDP; over TCP the request is passed on
 * marked {@value #BAD_REQUEST} for the engine to answer 400, see {@link MalformedRequestStandIn}) and
 * marks a request of another SIP version (application data {@value #BAD_VERSION}) so that the
 * engine answers 505.
 */
public final class StrictMessageParser implements MessageParser {

    /** Application data of a message whose start line names a SIP version other than 2.0. */
    public static final String BAD_VERSION = "dualsip:bad-sip-version";

    /** Application data of a malformed request received over TCP, to be answered 400 ({@link MalformedRequestStandIn}). */
    public static final String BAD_REQUEST = "dualsip:bad-request";

    private static final Map<String, String> COMPACT = Map.of("i", "call-id", "f", "from", "t", "to", "l", "content-length",
            "r", "refer-to");
    /** Headers a message carries once at most; a REFER exactly one Refer-To (RFC 3515 2.1). */
    private static final Set<String> SINGLETONS = Set.of("call-id", "cseq", "from", "to", "content-length", "max-forwards",
            "refer-to");
    private static final Pattern TOKENS = Pattern.compile("[A-Za-z0-9\\-.!%*_+`'~]+([ \\t]+[A-Za-z0-9\\-.!%*_+`'~]+)*");

    private final StringMsgParser delegate = new StringMsgParser();

    @Override
    public SIPMessage parseSIPMessage(byte[] msgBuffer, boolean readBody, boolean strict,
                                      ParseExceptionListener listener) throws ParseException {
        if (overConnection(listener)) {
            return parseFromConnection(msgBuffer, readBody, strict, listener);
        }
        // over UDP a ParseException makes the stack answer 400 itself, echoing the raw header lines
        boolean badVersion = checkHeaderSection(msgBuffer);
        SIPMessage message = delegate.parseSIPMessage(msgBuffer, readBody, strict, listener);
        requireMandatoryHeaders(message);
        requireReferTo(message);
        return markVersion(message, badVersion);
    }

    /** Over TCP the stack drops what does not parse: a malformed request becomes a marked stand-in. */
    private SIPMessage parseFromConnection(byte[] msgBuffer, boolean readBody, boolean strict,
                                           ParseExceptionListener listener) throws ParseException {
        ParseException problem = null;
        boolean badVersion = false;
        try {
            badVersion = checkHeaderSection(msgBuffer);
        } catch (ParseException e) {
            problem = e;
        }
        MalformedRequestStandIn guard = new MalformedRequestStandIn(listener);
        SIPMessage message = delegate.parseSIPMessage(msgBuffer, readBody, strict, guard);
        if (message == null) {
            return null;
        }
        if (problem == null) {
            problem = guard.problem();
        }
        if (problem == null) {
            try {
                requireMandatoryHeaders(message);
                requireReferTo(message);
            } catch (ParseException e) {
                problem = e;
            }
        }
        return problem != null ? MalformedRequestStandIn.standIn(message, problem) : markVersion(message, badVersion);
    }

    private static boolean overConnection(ParseExceptionListener listener) {
        return listener instanceof MessageChannel channel && channel.isReliable();
    }

    private static SIPMessage markVersion(SIPMessage message, boolean badVersion) {
        if (badVersion && message != null) {
            message.setApplicationData(BAD_VERSION);
        }
        return message;
    }

    /** The stack drops a request whose mandatory header it could not read; RFC 3261 wants a 400. */
    private static void requireMandatoryHeaders(SIPMessage m) throws ParseException {
        if (m instanceof gov.nist.javax.sip.message.SIPRequest
                && (m.getCSeq() == null || m.getCallId() == null || m.getFrom() == null || m.getTo() == null
                    || m.getTopmostVia() == null)) {
            throw new ParseException("a mandatory header is missing or unreadable", 0);
        }
    }

    /** A REFER names what to call in exactly one Refer-To (RFC 3515 2.4.1): without it, 400 like any malformed request. */
    private static void requireReferTo(SIPMessage m) throws ParseException {
        if (m instanceof gov.nist.javax.sip.message.SIPRequest r && "REFER".equals(r.getMethod())
                && r.getHeader("Refer-To") == null) {
            throw new ParseException("REFER without Refer-To", 0);
        }
    }

    /** Throws for a malformed header section; returns true when the request line is not SIP/2.0. */
    static boolean checkHeaderSection(byte[] raw) throws ParseException {
        if (raw == null) {
            return false;
        }
        String text = new String(raw, 0, headerEnd(raw), StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n");
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first >= lines.length) {
            return false;
        }
        String startLine = lines[first].trim();
        boolean badVersion = !startLine.startsWith("SIP/") && !startLine.endsWith(" SIP/2.0")
                && startLine.matches(".*\\sSIP/\\d+\\.\\d+$");
        Set<String> seen = new HashSet<>();
        String current = null;
        for (int i = first + 1; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                current = current == null ? null : current + " " + line.trim();
                continue;
            }
            check(current, seen);
            current = line;
        }
        check(current, seen);
        return badVersion;
    }

    private static int headerEnd(byte[] raw) {
        for (int i = 0; i + 3 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                return i;
            }
        }
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && raw[i + 1] == '\n') {
                return i;
            }
        }
        return raw.length;
    }

    private static void check(String header, Set<String> seen) throws ParseException {
        if (header == null) {
            return;
        }
        int colon = header.indexOf(':');
        if (colon <= 0) {
            return; // the stack's own parser judges this line
        }
        String name = header.substring(0, colon).trim().toLowerCase();
        name = COMPACT.getOrDefault(name, name);
        if (SINGLETONS.contains(name) && !seen.add(name)) {
            throw new ParseException("more than one " + name + " header", 0);
        }
        if (name.equals("from") || name.equals("to")) {
            checkDisplayName(name, header.substring(colon + 1).trim());
        }
    }

    private static void checkDisplayName(String name, String value) throws ParseException {
        int lt = value.indexOf('<');
        if (lt <= 0) {
            return;
        }
        String display = value.substring(0, lt).trim();
        if (!display.isEmpty() && !display.startsWith("\"") && !TOKENS.matcher(display).matches()) {
            throw new ParseException(name + ": display name must be quoted: " + display, 0);
        }
    }
}

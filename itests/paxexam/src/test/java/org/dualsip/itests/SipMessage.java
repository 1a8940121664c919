package org.dualsip.itests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A SIP response as received: status code, headers (compact names expanded) and body. */
record SipMessage(String startLine, List<Map.Entry<String, String>> headers, String body) {

    private static final Map<String, String> COMPACT_NAMES = Map.of(
            "i", "call-id", "f", "from", "t", "to", "v", "via", "m", "contact",
            "l", "content-length", "c", "content-type", "k", "supported");

    static SipMessage parse(byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 4);
        String[] lines = head.split("\r\n");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                headers.add(Map.entry(COMPACT_NAMES.getOrDefault(name, name), lines[i].substring(colon + 1).trim()));
            }
        }
        return new SipMessage(lines[0], headers, body);
    }

    boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    /** The status code of a response, -1 for a request. */
    int status() {
        return isResponse() ? Integer.parseInt(startLine.substring(8, 11)) : -1;
    }

    /** The first value of a header (full lower-case name), or null. */
    String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equals(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    String callId() {
        return header("call-id");
    }

    /** The method named in CSeq, e.g. INVITE. */
    String cseqMethod() {
        String cseq = header("cseq");
        return cseq == null ? "" : cseq.substring(cseq.indexOf(' ') + 1).trim();
    }

    /** The tag parameter of the To header, or null. */
    String toTag() {
        String to = header("to");
        int at = to == null ? -1 : to.indexOf(";tag=");
        if (at < 0) {
            return null;
        }
        String tag = to.substring(at + 5);
        int end = tag.indexOf(';');
        return end < 0 ? tag : tag.substring(0, end);
    }

    /** The URI of the Contact header (remote target), or null. */
    String contactUri() {
        String contact = header("contact");
        if (contact == null) {
            return null;
        }
        int open = contact.indexOf('<');
        int close = contact.indexOf('>');
        if (open >= 0 && close > open) {
            return contact.substring(open + 1, close);
        }
        int semicolon = contact.indexOf(';');
        return semicolon < 0 ? contact : contact.substring(0, semicolon);
    }

    @Override
    public String toString() {
        return startLine + " (" + cseqMethod() + ", Call-ID " + callId() + ")";
    }
}

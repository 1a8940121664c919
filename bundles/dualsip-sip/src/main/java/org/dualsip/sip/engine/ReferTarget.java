package org.dualsip.sip.engine;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The Refer-To of a REFER (RFC 3515 2.1), read from the header's raw text: exactly one, a sip:, sips: or
 * tel: URI, and the Replaces it may carry as a URI header (attended transfer). JAIN-SIP's own parse is not
 * trusted with the escaped URI headers; a problem is named for the 400's reason phrase.
 *
 * @param uri      the URI without its header part ({@code ?...}); what the transferee calls
 * @param replaces the unescaped Replaces value, or null
 */
record ReferTarget(String uri, String replaces) {

    /** A Refer-To we refuse (400), with the problem named. */
    static final class BadReferTo extends Exception {
        private static final long serialVersionUID = 1L;

        BadReferTo(String problem) {
            super(problem, null, false, false);
        }
    }

    static ReferTarget parse(List<String> values) throws BadReferTo {
        if (values.isEmpty()) {
            throw new BadReferTo("Refer-To missing");
        }
        if (values.size() > 1 || splitsIntoSeveral(values.get(0))) {
            throw new BadReferTo("more than one Refer-To");
        }
        String uri = addressOf(values.get(0).trim());
        int colon = uri.indexOf(':');
        String scheme = colon > 0 ? uri.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("sip") && !scheme.equals("sips") && !scheme.equals("tel")) {
            throw new BadReferTo("Refer-To is not a SIP or tel URI");
        }
        if (uri.length() == colon + 1 || uri.chars().anyMatch(Character::isWhitespace)) {
            throw new BadReferTo("Refer-To URI malformed");
        }
        int q = uri.indexOf('?');
        String base = q < 0 ? uri : uri.substring(0, q);
        String replaces = q < 0 ? null : replacesOf(uri.substring(q + 1));
        return new ReferTarget(base, replaces);
    }

    /** A comma outside angle brackets and quotes: several addresses in one header line. */
    private static boolean splitsIntoSeveral(String value) {
        boolean quoted = false;
        int depth = 0;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                return true;
            }
        }
        return false;
    }

    /** The URI of a name-addr ({@code "x" <uri>;params}) or an addr-spec ({@code uri;params}). */
    private static String addressOf(String value) throws BadReferTo {
        int open = value.indexOf('<');
        if (open >= 0) {
            int close = value.indexOf('>', open);
            if (close < 0) {
                throw new BadReferTo("Refer-To without closing '>'");
            }
            return value.substring(open + 1, close).trim();
        }
        // without angle brackets a URI carries neither '?' headers nor ';' parameters of its own (RFC 3261 20)
        int semi = value.indexOf(';');
        return semi < 0 ? value : value.substring(0, semi).trim();
    }

    private static String replacesOf(String headers) throws BadReferTo {
        for (String h : headers.split("&")) {
            int eq = h.indexOf('=');
            if (eq > 0 && h.substring(0, eq).equalsIgnoreCase("Replaces")) {
                try {
                    return URLDecoder.decode(h.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new BadReferTo("Replaces in Refer-To badly escaped");
                }
            }
        }
        return null;
    }
}

package org.dualsip.sip.engine;

import java.util.List;
import java.util.Locale;

/**
 * A Replaces header (RFC 3891 6.1): {@code callid;to-tag=x;from-tag=y[;early-only]}. The tags are seen
 * from the receiver's side: to-tag is our local tag, from-tag the far end's (RFC 3891 3).
 */
record ReplacesHeader(String sipCallId, String toTag, String fromTag, boolean earlyOnly) {

    /** A Replaces header we cannot read (400). */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String problem) {
            super(problem, null, false, false);
        }
    }

    /** The header of a request, or null when it has none. */
    static ReplacesHeader of(List<String> values) throws Malformed {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new Malformed("more than one Replaces");
        }
        return parse(values.get(0));
    }

    static ReplacesHeader parse(String value) throws Malformed {
        String[] parts = value.trim().split(";");
        String callId = parts[0].trim();
        String toTag = null;
        String fromTag = null;
        boolean earlyOnly = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? null : p.substring(eq + 1).trim();
            switch (name) {
                case "to-tag" -> toTag = v;
                case "from-tag" -> fromTag = v;
                case "early-only" -> earlyOnly = true;
                default -> { } // generic parameters are allowed and mean nothing to us
            }
        }
        if (callId.isEmpty() || callId.chars().anyMatch(Character::isWhitespace)) {
            throw new Malformed("Replaces without a Call-ID");
        }
        if (toTag == null || toTag.isEmpty() || fromTag == null || fromTag.isEmpty()) {
            throw new Malformed("Replaces needs to-tag and from-tag");
        }
        return new ReplacesHeader(callId, toTag, fromTag, earlyOnly);
    }
}

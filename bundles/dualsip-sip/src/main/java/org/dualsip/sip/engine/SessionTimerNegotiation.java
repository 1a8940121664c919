package org.dualsip.sip.engine;

import java.util.ListIterator;
import java.util.Locale;
import javax.sip.header.Header;
import javax.sip.message.Message;
import org.dualsip.sip.stack.StackSettings;

/**
 * RFC 4028 negotiation, without timers: what a request or response says about the session timer
 * (Session-Expires, its refresher, Min-SE, 'timer' in Supported/Require) and what we grant as the UAS
 * of a request (RFC 4028 9). Plain values so that the rules are tested without a network.
 */
final class SessionTimerNegotiation {

    /** 422 Session Interval Too Small (RFC 4028). */
    static final int TOO_SMALL = 422;

    /** The refresher named in a Session-Expires: the UAC or the UAS of that request, or none. */
    enum Refresher { UAC, UAS, NONE }

    /**
     * The session-timer part of one message.
     *
     * @param sessionExpires the Session-Expires delta-seconds, 0 when absent
     * @param refresher      its refresher parameter
     * @param minSe          the Min-SE, 0 when absent
     * @param supportsTimer  'timer' in Supported or Require
     */
    record Terms(int sessionExpires, Refresher refresher, int minSe, boolean supportsTimer) {
        static final Terms NONE = new Terms(0, Refresher.NONE, 0, false);
    }

    /** Thrown for a Session-Expires or Min-SE that is not a number: the request gets 400. */
    static final class BadTerms extends Exception {
        private static final long serialVersionUID = 1L;

        BadTerms(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What we answer to a request as its UAS.
     *
     * @param tooSmallMinSe  when above 0: refuse with 422 and this Min-SE
     * @param interval       the granted session interval, 0 for no session timer
     * @param localRefresher whether we (the UAS) refresh
     * @param requireTimer   the 2xx carries Require: timer (the UAC supports timers)
     * @param minSe          the larger of the two Min-SE, for our own refreshes
     */
    record Grant(int tooSmallMinSe, int interval, boolean localRefresher, boolean requireTimer, int minSe) {
        static final Grant NONE = new Grant(0, 0, false, false, 0);

        boolean granted() {
            return interval > 0;
        }
    }

    private SessionTimerNegotiation() {
    }

    /** The session-timer terms of a message (compact form 'x' included). */
    static Terms terms(Message m) throws BadTerms {
        String se = first(m, "Session-Expires", "x");
        String minSe = first(m, "Min-SE", null);
        boolean supports = lists(m, "Supported", "timer") || lists(m, "Require", "timer");
        return parse(se, minSe, supports);
    }

    static Terms parse(String sessionExpires, String minSe, boolean supportsTimer) throws BadTerms {
        int se = 0;
        Refresher refresher = Refresher.NONE;
        if (sessionExpires != null) {
            String[] parts = sessionExpires.split(";");
            se = seconds(parts[0], "Session-Expires");
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim().toLowerCase(Locale.ROOT);
                if (p.equals("refresher=uac")) {
                    refresher = Refresher.UAC;
                } else if (p.equals("refresher=uas")) {
                    refresher = Refresher.UAS;
                }
            }
        }
        int min = minSe == null ? 0 : seconds(minSe.split(";")[0], "Min-SE");
        return new Terms(se, refresher, min, supportsTimer);
    }

    private static int seconds(String text, String header) throws BadTerms {
        try {
            long v = Long.parseLong(text.trim());
            if (v < 1) {
                throw new BadTerms(header + " must be positive: " + text);
            }
            return (int) Math.min(v, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw new BadTerms(header + " is not a number: " + text);
        }
    }

    /**
     * RFC 4028 9, as the UAS of an INVITE, re-INVITE or UPDATE: 422 when the asked interval is below our
     * Min-SE and the UAC can act on it (supports timers); otherwise the asked interval lowered to our
     * configured one (never below either Min-SE), or ours when none was asked. The refresher is the
     * one asked, else the UAC when it supports timers, else us.
     */
    static Grant grant(Terms asked, StackSettings settings) {
        if (!settings.sessionTimers()) {
            return Grant.NONE;
        }
        int ourMin = settings.minSe();
        if (asked.sessionExpires() > 0 && asked.sessionExpires() < ourMin && asked.supportsTimer()) {
            return new Grant(ourMin, 0, false, false, 0);
        }
        int floor = Math.max(ourMin, asked.minSe());
        int wanted = asked.sessionExpires() > 0 ? Math.min(asked.sessionExpires(), settings.sessionExpires())
                : settings.sessionExpires();
        int interval = Math.max(wanted, floor);
        boolean uasRefreshes = switch (asked.refresher()) {
            case UAS -> true;
            case UAC -> !asked.supportsTimer(); // a UAC without timer support cannot refresh
            case NONE -> !asked.supportsTimer();
        };
        return new Grant(0, interval, uasRefreshes, asked.supportsTimer(), floor);
    }

    /** The Session-Expires value we send: interval and, when known, who refreshes. */
    static String sessionExpiresValue(int interval, Refresher refresher) {
        return refresher == Refresher.NONE ? Integer.toString(interval)
                : interval + ";refresher=" + refresher.name().toLowerCase(Locale.ROOT);
    }

    private static String first(Message m, String name, String compact) {
        Header h = m.getHeader(name);
        if (h == null && compact != null) {
            h = m.getHeader(compact);
        }
        if (h == null) {
            return null;
        }
        String text = h.toString();
        int colon = text.indexOf(':');
        return text.substring(colon + 1).trim();
    }

    /** Whether any header of this name lists the option tag (headers may hold comma lists). */
    static boolean lists(Message m, String name, String tag) {
        ListIterator<?> it = m.getHeaders(name);
        while (it.hasNext()) {
            String text = it.next().toString();
            int colon = text.indexOf(':');
            for (String t : text.substring(colon + 1).split(",")) {
                if (t.trim().equalsIgnoreCase(tag)) {
                    return true;
                }
            }
        }
        return false;
    }
}

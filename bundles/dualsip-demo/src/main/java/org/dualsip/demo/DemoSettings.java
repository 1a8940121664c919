package org.dualsip.demo;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A validated {@code org.dualsip.demo} configuration.
 *
 * @param pattern       the request-URI pattern the application takes calls for (Java regex)
 * @param answerDelayMs how long to wait before answering; 0 answers at once
 * @param hangupAfterMs how long after the ACK to hang up; 0 never hangs up
 * @param ring          whether to send 180 Ringing before answering
 * @param sdp           the SDP answer, with CRLF line ends
 */
public record DemoSettings(String pattern, long answerDelayMs, long hangupAfterMs, boolean ring, String sdp,
                           boolean acceptTransfers) {

    /** Settings that refuse transfers (the default of key {@code transfer}). */
    public DemoSettings(String pattern, long answerDelayMs, long hangupAfterMs, boolean ring, String sdp) {
        this(pattern, answerDelayMs, hangupAfterMs, ring, sdp, false);
    }

    public static final String PID = "org.dualsip.demo";

    /** One hour: beyond that a timer is surely a typo (and would pin the call for as long). */
    static final long MAX_DELAY_MS = 3_600_000L;

    /** A valid audio answer, PCMU on 127.0.0.1 (no media is actually sent). */
    public static final String DEFAULT_SDP = "v=0\r\n"
            + "o=dualsip 1 1 IN IP4 127.0.0.1\r\n"
            + "s=dualsip demo\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n"
            + "m=audio 6000 RTP/AVP 0\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=sendrecv\r\n";

    public DemoSettings {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(sdp, "sdp");
    }

    /**
     * Validates raw configuration values (as text, so that a bad number is refused with its key
     * rather than coerced by the framework).
     *
     * @throws InvalidSettingException naming the first bad key
     */
    public static DemoSettings parse(String pattern, String answerDelayMs, String hangupAfterMs, String ring,
                                     String sdp) {
        return parse(pattern, answerDelayMs, hangupAfterMs, ring, sdp, "refuse");
    }

    /** As above, with key {@code transfer}: {@code accept} or {@code refuse} (empty: refuse). */
    public static DemoSettings parse(String pattern, String answerDelayMs, String hangupAfterMs, String ring,
                                     String sdp, String transfer) {
        return new DemoSettings(parsePattern(pattern),
                parseDelay("answer.delay.ms", answerDelayMs),
                parseDelay("hangup.after.ms", hangupAfterMs),
                parseBoolean("ring", ring),
                parseSdp(sdp),
                parseTransfer(transfer));
    }

    private static boolean parseTransfer(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "accept" -> true;
            case "refuse", "" -> false;
            default -> throw new InvalidSettingException("transfer", value, "expected accept or refuse");
        };
    }

    /** For log lines: the settings without the multi-line SDP. */
    public String withoutSdp() {
        return "pattern=" + pattern + ", answer.delay.ms=" + answerDelayMs + ", hangup.after.ms="
                + hangupAfterMs + ", ring=" + ring + ", transfer=" + (acceptTransfers ? "accept" : "refuse");
    }

    private static String parsePattern(String text) {
        String value = text == null || text.isBlank() ? ".*" : text.trim();
        try {
            Pattern.compile(value);
            return value;
        } catch (PatternSyntaxException e) {
            throw new InvalidSettingException("pattern", value, "not a Java regular expression ("
                    + e.getDescription() + ")");
        }
    }

    private static long parseDelay(String key, String text) {
        String value = text == null ? "" : text.trim();
        try {
            long delay = Long.parseLong(value);
            if (delay >= 0 && delay <= MAX_DELAY_MS) {
                return delay;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new InvalidSettingException(key, value, "expected milliseconds from 0 to " + MAX_DELAY_MS);
    }

    private static boolean parseBoolean(String key, String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(key, value, "expected true or false");
        };
    }

    /**
     * Accepts the SDP with any line ends (a .cfg file is easier to write with \n) and sends it with
     * the CRLF that RFC 4566 requires. A backslash-n left as two characters (as a shell may pass it)
     * also ends a line: no SDP line contains one.
     */
    static String parseSdp(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_SDP;
        }
        String[] lines = text.replace("\\r", "").replace("\\n", "\n").strip().split("\r\n|\r|\n");
        if (!lines[0].strip().equals("v=0")) {
            throw new InvalidSettingException("sdp", lines[0], "an SDP body starts with v=0");
        }
        StringBuilder sdp = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.length() < 2 || trimmed.charAt(1) != '=') {
                throw new InvalidSettingException("sdp", trimmed, "every SDP line has the form x=value");
            }
            sdp.append(trimmed).append("\r\n");
        }
        return sdp.toString();
    }
}

package org.dualsip.sip.engine;

import java.util.Vector;
import javax.sdp.Connection;
import javax.sdp.MediaDescription;
import javax.sdp.SdpFactory;
import javax.sdp.SessionDescription;

/**
 * Validates an SDP body we receive (RFC 4566 / RFC 3264) before an offer or answer in it is taken:
 * a malformed offer gets 488, a malformed answer ends the call with a Reason. The body itself is
 * never changed: it stays the application's. Two stages: a line check of our own (the mandatory
 * lines, in order, and the fields JAIN-SIP's parser would otherwise only complain about on stderr),
 * then JAIN-SIP's {@code javax.sdp} parser for the fields, and the media and connection rules.
 */
final class SdpCheck {

    private SdpCheck() {
    }

    /** Why a body that may be absent is not acceptable: null when there is none or when it is fine. */
    static String problemOrNull(String sdp) {
        return sdp == null ? null : problem(sdp);
    }

    /** Why the SDP is not acceptable, or null when it is. */
    static String problem(String sdp) {
        if (sdp == null || sdp.isBlank()) {
            return "empty SDP";
        }
        String lines = lineProblem(sdp);
        if (lines != null) {
            return lines;
        }
        try {
            SessionDescription sd = SdpFactory.getInstance().createSessionDescription(sdp);
            return mediaProblem(sd);
        } catch (Exception e) {
            return "SDP not parsed: " + e.getMessage();
        }
    }

    /** v=0 first, then o= (6 fields), s=, at least one t= and m=; every line "x=value". */
    private static String lineProblem(String sdp) {
        String[] lines = sdp.split("\r?\n");
        if (!lines[0].equals("v=0")) {
            return "SDP must start with v=0";
        }
        boolean origin = false;
        boolean name = false;
        boolean time = false;
        boolean media = false;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=' || !Character.isLowerCase(line.charAt(0))) {
                return "not an SDP line: " + shorten(line);
            }
            String value = line.substring(2).trim();
            switch (line.charAt(0)) {
                case 'o' -> origin = value.split("\\s+").length == 6;
                case 's' -> name = true;
                case 't' -> time = true;
                case 'm' -> {
                    String[] f = value.split("\\s+");
                    if (f.length < 4 || !f[1].matches("[0-9]+(/[0-9]+)?")) {
                        return "bad media line: " + shorten(line);
                    }
                    media = true;
                }
                case 'c' -> {
                    if (value.split("\\s+").length != 3) {
                        return "bad connection line: " + shorten(line);
                    }
                }
                default -> { }
            }
        }
        if (!origin || !name || !time) {
            return "SDP lacks a valid o=, s= or t= line";
        }
        return media ? null : "SDP without a media line";
    }

    /** Every media has a connection address, its own or the session's (RFC 4566 5.7). */
    private static String mediaProblem(SessionDescription sd) throws Exception {
        Vector<?> media = sd.getMediaDescriptions(false);
        if (media == null || media.isEmpty()) {
            return "SDP without a media line";
        }
        Connection session = sd.getConnection();
        for (Object o : media) {
            MediaDescription m = (MediaDescription) o;
            if (m.getMedia().getMediaPort() < 0 || m.getMedia().getMediaFormats(false) == null) {
                return "bad media line: " + m.getMedia();
            }
            if (session == null && m.getConnection() == null && m.getMedia().getMediaPort() != 0) {
                return "media without a connection address: " + m.getMedia().getMediaType();
            }
        }
        return null;
    }

    private static String shorten(String line) {
        return (line.length() > 40 ? line.substring(0, 40) + "..." : line).replace('"', '\'');
    }
}

package org.dualsip.bench.connector;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SIPp's message trace ({@code -trace_msg -message_file F}): for each call, when SIPp first sent
 * its INVITE and when it first received the 200 OK to it, keyed by the user part of the INVITE's
 * request-URI (the scenario puts the call number there). SIPp stamps each message with the local wall
 * clock in microseconds, as it sends or reads it.
 */
final class SippMessageTrace {

    /** One call's SIP-side timestamps; either may be null when the trace lacks the message. */
    record CallTimes(String user, Instant inviteSent, Instant okReceived) { }

    private static final Pattern STAMP = Pattern.compile("^-{10,} (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d+)");
    private static final Pattern INVITE = Pattern.compile("^INVITE sip:([^@]+)@");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private SippMessageTrace() {
    }

    /** Per request-URI user: the call's INVITE and 200 OK times. */
    static Map<String, CallTimes> read(Path trace, ZoneId zone) throws IOException {
        Map<String, String> userByCallId = new HashMap<>();
        Map<String, Instant> invites = new HashMap<>();
        Map<String, Instant> oks = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(trace, StandardCharsets.ISO_8859_1)) {
            Block block = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Matcher stamp = STAMP.matcher(line);
                if (stamp.find()) {
                    if (block != null) {
                        block.record(userByCallId, invites, oks);
                    }
                    block = new Block(LocalDateTime.parse(pad(stamp.group(1)), FORMAT).atZone(zone).toInstant());
                } else if (block != null) {
                    block.add(line.trim());
                }
            }
            if (block != null) {
                block.record(userByCallId, invites, oks);
            }
        }
        Map<String, CallTimes> calls = new HashMap<>();
        userByCallId.forEach((callId, user) -> calls.put(user, new CallTimes(user, invites.get(callId), oks.get(callId))));
        return calls;
    }

    private static String pad(String stamp) {
        int dot = stamp.indexOf('.');
        StringBuilder fraction = new StringBuilder(stamp.substring(dot + 1));
        while (fraction.length() < 6) {
            fraction.append('0');
        }
        return stamp.substring(0, dot + 1) + fraction.substring(0, 6);
    }

    /** One traced message: direction, first line, Call-ID, CSeq. */
    private static final class Block {
        private final Instant at;
        private Boolean sent;
        private String firstLine;
        private String callId;
        private String cseq;

        Block(Instant at) {
            this.at = at;
        }

        void add(String line) {
            if (sent == null && line.contains("message sent")) {
                sent = true;
            } else if (sent == null && line.contains("message received")) {
                sent = false;
            } else if (firstLine == null && sent != null && !line.isEmpty()) {
                firstLine = line;
            } else if (callId == null && line.regionMatches(true, 0, "Call-ID:", 0, 8)) {
                callId = line.substring(8).trim();
            } else if (cseq == null && line.regionMatches(true, 0, "CSeq:", 0, 5)) {
                cseq = line.substring(5).trim();
            }
        }

        void record(Map<String, String> users, Map<String, Instant> invites, Map<String, Instant> oks) {
            if (firstLine == null || callId == null || sent == null) {
                return;
            }
            Matcher invite = INVITE.matcher(firstLine);
            if (sent && invite.find()) {
                users.putIfAbsent(callId, invite.group(1));
                invites.putIfAbsent(callId, at); // retransmissions keep the first
            } else if (!sent && firstLine.startsWith("SIP/2.0 200") && cseq != null && cseq.endsWith("INVITE")) {
                oks.putIfAbsent(callId, at);
            }
        }
    }
}

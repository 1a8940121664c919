package org.dualsip.itests.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SIP messages a linphone user agent sent and received, read from its debug log ({@code -d 6}):
 * belle-sip logs {@code message sent to [...]} or {@code received [...] new bytes from [...]:} and then
 * the message itself, up to the next timestamped log line. This is the test's evidence of what went on
 * the wire from the UA's point of view (a refresh, a PRACK), not a guess from elapsed time.
 */
final class SipTrace {

    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}:\\d{3} .*");
    private static final Pattern SENT = Pattern.compile(".*belle-sip-message-channel \\[[^]]+\\]: message sent to .*");
    private static final Pattern RECEIVED = Pattern.compile(
            ".*belle-sip-message-channel \\[[^]]+\\]: received \\[\\d+\\] new bytes from .*");

    /**
     * One SIP message as the UA logged it.
     *
     * @param sent      true when the UA sent it, false when it received it
     * @param startLine the request or status line
     * @param text      the whole message, lines joined with '\n'
     */
    record Message(boolean sent, String startLine, String text) {

        boolean isRequest(String method) {
            return startLine.startsWith(method + " ");
        }

        boolean isResponse() {
            return startLine.startsWith("SIP/2.0 ");
        }

        int status() {
            return isResponse() ? Integer.parseInt(startLine.substring(8, 11)) : 0;
        }

        /** The value of the first header of that name (case-insensitive; compact forms not handled). */
        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return text.lines().skip(1).takeWhile(line -> !line.isBlank())
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).trim()).findFirst();
        }

        /** "21 UPDATE" style CSeq value. */
        String cseq() {
            return header("CSeq").orElse("");
        }

        int cseqNumber() {
            String cseq = cseq();
            return cseq.isEmpty() ? -1 : Integer.parseInt(cseq.split("\\s+")[0]);
        }

        String cseqMethod() {
            String[] parts = cseq().split("\\s+");
            return parts.length > 1 ? parts[1] : "";
        }

        boolean hasBody() {
            return header("Content-Length").map(v -> !v.equals("0")).orElse(false);
        }

        @Override
        public String toString() {
            return (sent ? ">> " : "<< ") + startLine + " (" + cseq() + ")";
        }
    }

    private final List<Message> messages;

    private SipTrace(List<Message> messages) {
        this.messages = List.copyOf(messages);
    }

    static SipTrace read(Path log) {
        List<String> lines;
        try {
            lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            lines = List.of();
        }
        List<Message> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            boolean sent = SENT.matcher(lines.get(i)).matches();
            if (!sent && !RECEIVED.matcher(lines.get(i)).matches()) {
                continue;
            }
            List<String> body = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && !LOG_LINE.matcher(lines.get(j)).matches()) {
                body.add(lines.get(j));
                j++;
            }
            // A keep-alive (CRLF) or a fragment without a start line is not a message.
            String start = body.isEmpty() ? "" : body.get(0);
            if (start.startsWith("SIP/2.0 ") || start.matches("[A-Z]+ \\S+ SIP/2\\.0")) {
                found.add(new Message(sent, body.get(0), String.join("\n", body)));
            }
            i = j - 1;
        }
        return new SipTrace(found);
    }

    List<Message> messages() {
        return messages;
    }

    List<Message> matching(Predicate<Message> wanted) {
        return messages.stream().filter(wanted).toList();
    }

    /** The response (in the other direction) to a request: same CSeq, final or the given status. */
    Optional<Message> responseTo(Message request, int status) {
        return messages.stream().filter(m -> m.isResponse() && m.sent() != request.sent() && m.status() == status
                && m.cseq().equals(request.cseq())).findFirst();
    }

    /**
     * Session refreshes in the confirmed dialog: re-INVITEs or UPDATEs with a Session-Expires, sent
     * ({@code bySelf}) or received, each with the 200 that answered it.
     */
    List<Message> answeredRefreshes(boolean bySelf) {
        return matching(m -> m.sent() == bySelf && (m.isRequest("UPDATE") || m.isRequest("INVITE"))
                && m.header("To").map(to -> to.contains("tag=")).orElse(false) // in the dialog: not the initial INVITE
                && m.header("Session-Expires").isPresent() && responseTo(m, 200).isPresent());
    }

    /** Every message, one per line, for failure messages. */
    String summary() {
        return messages.stream().map(Message::toString).collect(Collectors.joining("\n  ", "  ", ""));
    }
}

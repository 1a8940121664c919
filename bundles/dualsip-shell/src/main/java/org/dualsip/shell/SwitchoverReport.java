package org.dualsip.shell;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dualsip.api.pair.PairStatus;

/**
 * The outcome of {@code dualsip:switchover} as one line of text and as a JSON-ready map.
 *
 * @param ok     whether this node handed the active role over
 * @param node   this node's name, or null when unknown
 * @param epoch  the epoch the peer takes over in (ok), else this node's current epoch; -1 when unknown
 * @param reason why it was refused or failed (null when ok)
 */
public record SwitchoverReport(boolean ok, String node, long epoch, String reason) {

    /** The reason given when the sync bundle (which provides the pair service) is not running. */
    static final String NO_PAIR = "the pair service is not running (is bundle dualsip-sync started?)";

    private static final String REFUSED = "switchover refused: ";
    private static final String FAILED = "switchover failed: ";

    /**
     * This node was active in the epoch of {@code before}; the peer takes over in the next one (the
     * pair moves to a new epoch on every takeover). The status is taken before the switchover
     * because the peer's takeover may already have reached this node afterwards.
     */
    public static SwitchoverReport done(PairStatus before) {
        return new SwitchoverReport(true, before.node(), before.epoch() + 1, null);
    }

    /** No pair service: nothing to hand over. */
    public static SwitchoverReport noPair() {
        return new SwitchoverReport(false, null, -1, NO_PAIR);
    }

    /** The pair refused or could not complete the switchover; its message says why. */
    public static SwitchoverReport refused(PairStatus now, String message) {
        return new SwitchoverReport(false, now == null ? null : now.node(), now == null ? -1 : now.epoch(),
                reasonOf(message));
    }

    /** The one line for the console. */
    public String text() {
        if (ok) {
            return "switchover done: " + node + " is now PASSIVE, peer takes over in epoch " + epoch;
        }
        return REFUSED + reason;
    }

    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", ok);
        json.put("node", node);
        json.put("role", ok ? "PASSIVE" : null);
        json.put("peerEpoch", ok ? epoch : null);
        json.put("epoch", ok || epoch < 0 ? null : epoch);
        json.put("reason", reason);
        return json;
    }

    // The pair's messages already start with "switchover refused: " (or "failed: ", or "switchover"): not twice.
    private static String reasonOf(String message) {
        if (message == null || message.isBlank()) {
            return "no reason given";
        }
        String text = message.strip();
        if (text.startsWith(REFUSED)) {
            return text.substring(REFUSED.length());
        }
        if (text.startsWith(FAILED)) {
            return text.substring(FAILED.length());
        }
        return text.startsWith("switchover ") ? text.substring("switchover ".length()) : text;
    }
}

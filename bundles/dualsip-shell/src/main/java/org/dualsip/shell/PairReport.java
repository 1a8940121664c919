package org.dualsip.shell;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dualsip.api.pair.PairStatus;
import org.dualsip.api.pair.RoleChange;

/** The pair's part of {@code dualsip:status}: epoch, peer, sync state, lag and the last role changes. */
public final class PairReport {

    /** Role changes shown in the text output; {@code --json} has all that the pair keeps. */
    public static final int ROLE_CHANGES_IN_TEXT = 5;

    private final PairStatus pair;

    public PairReport(PairStatus pair) {
        this.pair = pair;
    }

    /** "Label", "value" pairs in display order (the role itself is shown by {@link StatusReport}). */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Epoch", Long.toString(pair.epoch()));
        fields.put("Peer", !hasPeer() ? "none" : pair.peerNode() == null ? pair.peer()
                : pair.peerNode() + " (" + pair.peer() + ")");
        fields.put("Peer role", !hasPeer() ? "-" : pair.peerRole() == null ? "unknown" : pair.peerRole().name());
        fields.put("Sync", pair.sync() == null ? "-" : pair.sync().name());
        fields.put("Replication lag", lagText(pair.replicationLagMicros()));
        if (pair.alarm() != null) {
            fields.put("Pair alarm", pair.alarm()); // only when there is one: the node's Alarm line follows
        }
        return fields;
    }

    /** The newest role changes first, at most {@link #ROLE_CHANGES_IN_TEXT}, one line each. */
    public List<String> roleChangeLines() {
        return pair.roleChanges().stream().limit(ROLE_CHANGES_IN_TEXT).map(PairReport::line).toList();
    }

    /** The same facts for scripts: lag in milliseconds (null when none), every role change kept. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("epoch", pair.epoch());
        json.put("peer", hasPeer() ? pair.peer() : null);
        json.put("peerNode", pair.peerNode());
        json.put("peerRole", pair.peerRole() == null ? null : pair.peerRole().name());
        json.put("sync", pair.sync() == null ? null : pair.sync().name());
        json.put("replicationLagMs", lagMillis(pair.replicationLagMicros()));
        json.put("alarm", pair.alarm());
        json.put("roleChanges", pair.roleChanges().stream().map(PairReport::json).toList());
        return json;
    }

    /** E.g. {@code 0.42 ms}, or {@code -} when nothing was replicated yet. */
    static String lagText(long micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    /** Milliseconds rounded to 2 decimals, or null when nothing was replicated yet. */
    static Double lagMillis(long micros) {
        return micros < 0 ? null : Math.round(micros / 10.0) / 100.0;
    }

    private boolean hasPeer() {
        return pair.peer() != null && !pair.peer().isBlank();
    }

    private static String line(RoleChange change) {
        return time(change.at()) + "  " + change.from() + " -> " + change.to() + "  (" + change.reason()
                + ", epoch " + change.epoch() + ")";
    }

    private static Map<String, Object> json(RoleChange change) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", time(change.at()));
        json.put("from", change.from() == null ? null : change.from().name());
        json.put("to", change.to() == null ? null : change.to().name());
        json.put("reason", change.reason());
        json.put("epoch", change.epoch());
        return json;
    }

    // Milliseconds are enough to order changes and to match them with log lines.
    private static String time(Instant at) {
        return at == null ? "-" : at.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}

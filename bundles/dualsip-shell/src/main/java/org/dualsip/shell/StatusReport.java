package org.dualsip.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dualsip.api.address.FloatingAddressStatus;
import org.dualsip.api.call.CallState;
import org.dualsip.api.node.NodeStatus;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.PairStatus;

/**
 * {@code dualsip:status} as aligned text lines and as a JSON-ready map: the node (from the SIP
 * bundle) and, when the sync bundle runs, the pair. Either part may be absent, not both.
 */
public final class StatusReport {

    /** Printed (and given as the alarm) when the SIP bundle's services are absent. */
    static final String SIP_NOT_RUNNING = "dualsip SIP service is not running";

    private static final String ROLE_CHANGES = "Role changes";

    private final NodeStatus status;
    private final PairStatus pair;
    private final FloatingAddressStatus floating;

    /** A node without a pair service (the sync bundle is not running). */
    public StatusReport(NodeStatus status) {
        this(status, null);
    }

    /**
     * @param status the node, or null when the SIP bundle is not running
     * @param pair   the pair, or null when the sync bundle is not running
     */
    public StatusReport(NodeStatus status, PairStatus pair) {
        this(status, pair, null);
    }

    /**
     * @param floating the floating address as the floating-IP bundle sees it (driver, alarm, last
     *                 announcement, probe), or null when that bundle's status service is absent
     */
    public StatusReport(NodeStatus status, PairStatus pair, FloatingAddressStatus floating) {
        if (status == null && pair == null) {
            throw new IllegalArgumentException("nothing to report: neither node nor pair status");
        }
        this.status = status;
        this.pair = pair;
        this.floating = floating;
    }

    /** "Label : value" lines, labels padded to one width; role changes one per line, newest first. */
    public List<String> lines() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Node", text(node()));
        fields.put("Role", role() == null ? "-" : role().name());
        if (pair != null) {
            fields.putAll(new PairReport(pair).fields());
        }
        if (status != null) {
            fields.put("Service address", text(status.serviceAddress()));
            fields.put("Holds address", status.holdsAddress() ? "yes" : "no");
        }
        if (floating != null) {
            fields.putAll(floatingFields());
        }
        if (status != null) {
            fields.put("Transports", text(status.transports()));
            fields.put("Calls", callsText());
            fields.put("Uptime", DurationText.of(status.uptime()));
            fields.put("Started at", status.startedAt() == null ? "-" : status.startedAt().toString());
        }
        fields.put("Alarm", alarm() == null ? "none" : alarm());
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        fields.forEach((label, value) -> lines.add(String.format("%-" + width + "s : %s", label, value)));
        if (pair != null) {
            lines.addAll(roleChangeLines(width));
        }
        return lines;
    }

    /**
     * The same facts for scripts; every call state is present, times are ISO-8601 text and
     * milliseconds. Keys of an absent part are null (role changes: empty).
     */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("node", node());
        json.put("role", role() == null ? null : role().name());
        json.putAll(pair == null ? emptyPairJson() : new PairReport(pair).json());
        json.put("serviceAddress", status == null ? null : status.serviceAddress());
        json.put("holdsAddress", status != null && status.holdsAddress());
        json.put("transports", status == null ? null : status.transports());
        json.put("liveCalls", status == null ? 0L : liveCalls());
        json.put("callsByState", countsByState());
        json.put("uptime", status == null ? null : DurationText.of(status.uptime()));
        json.put("uptimeMs", status == null || status.uptime() == null ? null : status.uptime().toMillis());
        json.put("startedAt", status == null || status.startedAt() == null ? null : status.startedAt().toString());
        json.put("alarm", alarm());
        json.put("floatingAddress", floating == null ? null : floatingJson());
        return json;
    }

    /** The floating-IP bundle's view: who holds the address how, and what went wrong. */
    private Map<String, String> floatingFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        String where = floating.address() == null ? "no valid configuration"
                : floating.address().host() + "/" + floating.address().prefix()
                        + (floating.address().iface().isEmpty() ? "" : " on " + floating.address().iface());
        String held = floating.held() ? "held" : "not held";
        fields.put("Address driver", text(floating.driver()) + " (" + where + ", " + held + ")");
        fields.put("Last announce", floating.lastAnnounce() == null ? "-" : floating.lastAnnounce().toString());
        fields.put("Address probe", text(floating.probeResult()));
        fields.put("Address alarm", floating.alarm() == null ? "none" : floating.alarm());
        return fields;
    }

    private Map<String, Object> floatingJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("driver", floating.driver());
        json.put("address", floating.address() == null ? null : floating.address().host());
        json.put("prefix", floating.address() == null ? null : floating.address().prefix());
        json.put("interface", floating.address() == null ? null : floating.address().iface());
        json.put("held", floating.held());
        json.put("lastAnnounce", floating.lastAnnounce() == null ? null : floating.lastAnnounce().toString());
        json.put("probeResult", floating.probeResult());
        json.put("alarm", floating.alarm());
        return json;
    }

    /** The pair's node name is the configured one (org.dualsip.sync node.name); the node's may be the host name. */
    private String node() {
        return pair != null ? pair.node() : status.node();
    }

    /** The pair decides the role; the node's own idea of it is only used without a pair service. */
    private Role role() {
        return pair != null ? pair.role() : status.role();
    }

    private String alarm() {
        return status == null ? SIP_NOT_RUNNING : status.alarm();
    }

    private List<String> roleChangeLines(int width) {
        List<String> changes = new PairReport(pair).roleChangeLines();
        String first = String.format("%-" + width + "s : ", ROLE_CHANGES);
        if (changes.isEmpty()) {
            return List.of(first + "none");
        }
        String indent = " ".repeat(first.length());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            lines.add((i == 0 ? first : indent) + changes.get(i));
        }
        return lines;
    }

    private static Map<String, Object> emptyPairJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (String key : List.of("epoch", "peer", "peerRole", "sync", "replicationLagMs")) {
            json.put(key, null);
        }
        json.put("roleChanges", List.of());
        return json;
    }

    private Map<String, Long> countsByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CallState state : CallState.values()) {
            counts.put(state.name(), status == null ? 0L : status.callsByState().getOrDefault(state, 0L));
        }
        return counts;
    }

    private long liveCalls() {
        return status.callsByState().entrySet().stream()
                .filter(e -> e.getKey().isLive())
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** E.g. "3 live (RINGING 1, CONFIRMED 2), 7 ended": live states with calls, in life-cycle order. */
    private String callsText() {
        List<String> parts = new ArrayList<>();
        for (CallState state : CallState.values()) {
            long count = status.callsByState().getOrDefault(state, 0L);
            if (state.isLive() && count > 0) {
                parts.add(state + " " + count);
            }
        }
        long ended = status.callsByState().getOrDefault(CallState.ENDED, 0L);
        return liveCalls() + " live" + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")")
                + (ended > 0 ? ", " + ended + " ended" : "");
    }

    private static String text(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}

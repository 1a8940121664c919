package org.dualsip.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dualsip.api.call.CallState;
import org.dualsip.api.node.NodeStatus;

/** {@code dualsip:status} as aligned text lines and as a JSON-ready map. */
public final class StatusReport {

    private final NodeStatus status;

    public StatusReport(NodeStatus status) {
        this.status = status;
    }

    /** "Label : value" lines, labels padded to one width. */
    public List<String> lines() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Node", text(status.node()));
        fields.put("Role", status.role() == null ? "-" : status.role().name());
        fields.put("Service address", text(status.serviceAddress()));
        fields.put("Holds address", status.holdsAddress() ? "yes" : "no");
        fields.put("Transports", text(status.transports()));
        fields.put("Calls", callsText());
        fields.put("Uptime", DurationText.of(status.uptime()));
        fields.put("Started at", status.startedAt() == null ? "-" : status.startedAt().toString());
        fields.put("Alarm", status.alarm() == null ? "none" : status.alarm());
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        fields.forEach((label, value) -> lines.add(String.format("%-" + width + "s : %s", label, value)));
        return lines;
    }

    /** The same facts for scripts; every call state is present, times are ISO-8601 text and milliseconds. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("node", status.node());
        json.put("role", status.role() == null ? null : status.role().name());
        json.put("serviceAddress", status.serviceAddress());
        json.put("holdsAddress", status.holdsAddress());
        json.put("transports", status.transports());
        json.put("liveCalls", liveCalls());
        json.put("callsByState", countsByState());
        json.put("uptime", DurationText.of(status.uptime()));
        json.put("uptimeMs", status.uptime() == null ? null : status.uptime().toMillis());
        json.put("startedAt", status.startedAt() == null ? null : status.startedAt().toString());
        json.put("alarm", status.alarm());
        return json;
    }

    private Map<String, Long> countsByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CallState state : CallState.values()) {
            counts.put(state.name(), status.callsByState().getOrDefault(state, 0L));
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

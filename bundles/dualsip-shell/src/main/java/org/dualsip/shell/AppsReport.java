package org.dualsip.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dualsip.api.connector.ConnectedApplication;
import org.dualsip.api.connector.ConnectorStatus;

/** {@code dualsip:apps}: the connector's state and counters, and one row per remote application. */
public final class AppsReport {

    /** The table's column headers, in row order. */
    public static final List<String> COLUMNS = List.of("Name", "Address", "State", "Since", "Calls", "Patterns");

    private final ConnectorStatus status;
    private final List<ConnectedApplication> applications;
    private final Instant now;

    public AppsReport(ConnectorStatus status, List<ConnectedApplication> applications, Instant now) {
        this.status = status;
        this.applications = List.copyOf(applications);
        this.now = now;
    }

    public boolean isEmpty() {
        return applications.isEmpty();
    }

    /** One line on the connector: where it listens (or why not) and its counters. */
    public String summary() {
        String where = status.listening()
                ? "listening on " + status.endpoint() + (status.tls() ? " (TLS)" : "")
                : "NOT listening on " + status.endpoint()
                        + (status.problem() == null ? "" : ": " + status.problem());
        return "Connector " + where + "\nConnections: " + status.open() + " open, " + status.accepted() + " accepted, "
                + status.authenticated() + " authenticated, " + status.refusedUnauthorized() + " refused (credential), "
                + status.refusedOverLimit() + " refused (max.connections), " + status.droppedSlow()
                + " dropped (slow consumer)";
    }

    /** Table rows, cells in {@link #COLUMNS} order. */
    public List<List<String>> rows() {
        return applications.stream()
                .map(a -> List.of(a.name(), text(a.remoteAddress()) + (a.tls() ? " (TLS)" : ""),
                        a.connected() ? "connected" : "away", a.since() + " (" + DurationText.of(age(a.since())) + ")",
                        String.valueOf(a.calls()), a.patterns().isEmpty() ? "-" : String.join(" ", a.patterns())))
                .toList();
    }

    /** For scripts: the connector and the applications, times as ISO-8601 text and milliseconds. */
    public Map<String, Object> json() {
        Map<String, Object> connector = new LinkedHashMap<>();
        connector.put("listening", status.listening());
        connector.put("endpoint", status.endpoint());
        connector.put("tls", status.tls());
        connector.put("problem", status.problem());
        connector.put("open", status.open());
        connector.put("accepted", status.accepted());
        connector.put("authenticated", status.authenticated());
        connector.put("refusedUnauthorized", status.refusedUnauthorized());
        connector.put("refusedOverLimit", status.refusedOverLimit());
        connector.put("droppedSlow", status.droppedSlow());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("connector", connector);
        json.put("applications", applications.stream().map(this::json).toList());
        return json;
    }

    private Map<String, Object> json(ConnectedApplication a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", a.name());
        json.put("address", a.remoteAddress());
        json.put("connected", a.connected());
        json.put("since", a.since().toString());
        json.put("sinceMs", age(a.since()).toMillis());
        json.put("calls", a.calls());
        json.put("patterns", a.patterns());
        json.put("tls", a.tls());
        return json;
    }

    private Duration age(Instant since) {
        Duration age = Duration.between(since, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    private static String text(String value) {
        return value == null ? "-" : value;
    }
}

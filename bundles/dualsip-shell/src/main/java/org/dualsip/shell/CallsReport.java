package org.dualsip.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallState;

/** {@code dualsip:calls}: one row per call, oldest first, optionally only the calls in one state. */
public final class CallsReport {

    /** The table's column headers, in row order. */
    public static final List<String> COLUMNS = List.of("Id", "Direction", "From", "To", "State", "Age");

    private final List<Call> calls;
    private final Instant now;

    /**
     * @param calls the calls to show
     * @param now   the time ages are measured against
     * @param state only calls in this state, or empty for all
     */
    public CallsReport(List<Call> calls, Instant now, Optional<CallState> state) {
        this.calls = calls.stream()
                .filter(call -> state.isEmpty() || call.state() == state.get())
                .sorted(Comparator.comparing(Call::createdAt).thenComparing(Call::id))
                .toList();
        this.now = now;
    }

    /**
     * Parses a {@code --state} argument, case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid states
     */
    public static Optional<CallState> parseState(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CallState.valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown call state '" + text.trim() + "'; one of "
                    + List.of(CallState.values()));
        }
    }

    public boolean isEmpty() {
        return calls.isEmpty();
    }

    /** Table rows, cells in {@link #COLUMNS} order. */
    public List<List<String>> rows() {
        return calls.stream()
                .map(call -> List.of(call.id(), call.direction().name(), text(call.from()), text(call.to()),
                        call.state().name(), DurationText.of(age(call))))
                .toList();
    }

    /** The calls for scripts: ages in milliseconds and as text, creation time as ISO-8601 text. */
    public List<Map<String, Object>> json() {
        return calls.stream().map(this::json).toList();
    }

    private Map<String, Object> json(Call call) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", call.id());
        json.put("direction", call.direction().name());
        json.put("from", call.from());
        json.put("to", call.to());
        json.put("requestUri", call.requestUri());
        json.put("state", call.state().name());
        json.put("application", call.application());
        json.put("createdAt", call.createdAt().toString());
        json.put("ageMs", age(call).toMillis());
        json.put("age", DurationText.of(age(call)));
        return json;
    }

    private Duration age(Call call) {
        Duration age = Duration.between(call.createdAt(), now);
        // A call created a hair after "now" was taken (or a clock step) is simply new.
        return age.isNegative() ? Duration.ZERO : age;
    }

    private static String text(String value) {
        return value == null ? "-" : value;
    }
}

package org.dualsip.sip.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.dualsip.api.call.CallApplication;

/**
 * The CallApplication whiteboard: which application takes a request-URI (the first whose pattern
 * matches the whole URI, highest ranking first, then oldest registration).
 */
public final class ApplicationRegistry {

    /** One registered application. */
    public record Entry(String name, Pattern pattern, int ranking, long serviceId, CallApplication app) { }

    private static final Comparator<Entry> ORDER =
            Comparator.comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Adds an application; the pattern defaults to ".*"; throws IllegalArgumentException when invalid. */
    public synchronized void add(CallApplication app, String name, String pattern, int ranking, long serviceId) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("application without " + CallApplication.NAME);
        }
        Pattern compiled = Pattern.compile(pattern == null || pattern.isBlank() ? ".*" : pattern);
        List<Entry> next = new ArrayList<>(entries);
        next.removeIf(e -> e.app() == app);
        next.add(new Entry(name, compiled, ranking, serviceId, app));
        next.sort(ORDER);
        entries.clear();
        entries.addAll(next);
    }

    public synchronized void remove(CallApplication app) {
        entries.removeIf(e -> e.app() == app);
    }

    public Optional<Entry> match(String requestUri) {
        for (Entry e : entries) {
            if (e.pattern().matcher(requestUri).matches()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Every registered application, in matching order. */
    public List<Entry> all() {
        return List.copyOf(entries);
    }

    public Optional<CallApplication> byName(String name) {
        for (Entry e : entries) {
            if (e.name().equals(name)) {
                return Optional.of(e.app());
            }
        }
        return Optional.empty();
    }
}

package org.dualsip.itests.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.dualsip.client.RemoteCallEvent;
import org.dualsip.client.RemoteCallListener;

/**
 * A remote application's ear in a test: every {@link RemoteCallEvent} the client delivers is kept in
 * arrival order, and the test thread waits (bounded) for the one it expects. The test itself decides
 * what the application does (ring, answer, hang up), so each step is explicit in the test.
 */
final class RecordedEvents implements RemoteCallListener {

    private final List<RemoteCallEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(RemoteCallEvent event) {
        events.add(event);
        notifyAll();
    }

    /** The first event, in arrival order, that matches; empty when none came within the timeout. */
    synchronized Optional<RemoteCallEvent> await(Predicate<RemoteCallEvent> wanted, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<RemoteCallEvent> found = events.stream().filter(wanted).findFirst();
            long left = deadline - System.nanoTime();
            if (found.isPresent() || left <= 0) {
                return found;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The first event of {@code type} for the call that satisfies {@code also}, or an AssertionError. */
    <T extends RemoteCallEvent> T expect(String callId, Class<T> type, Predicate<T> also, Duration timeout)
            throws InterruptedException {
        Optional<RemoteCallEvent> found = await(e -> e.call().id().equals(callId) && type.isInstance(e)
                && also.test(type.cast(e)), timeout);
        return type.cast(found.orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " event for call "
                + callId + " within " + timeout.toSeconds() + " s; its events: " + describe(callId))));
    }

    <T extends RemoteCallEvent> T expect(String callId, Class<T> type, Duration timeout) throws InterruptedException {
        return expect(callId, type, e -> true, timeout);
    }

    /** The first Offered event whose request-URI contains {@code user}, e.g. "sip:app2@". */
    RemoteCallEvent.Offered expectOffer(String requestUriPart, Duration timeout) throws InterruptedException {
        Optional<RemoteCallEvent> found = await(e -> e instanceof RemoteCallEvent.Offered
                && e.call().requestUri() != null && e.call().requestUri().contains(requestUriPart), timeout);
        return (RemoteCallEvent.Offered) found.orElseThrow(() -> new AssertionError("no call offered to "
                + requestUriPart + " within " + timeout.toSeconds() + " s; events: " + describe(null)));
    }

    /** Every event of the call (of every call when null), one per line, for failure messages. */
    synchronized String describe(String callId) {
        return events.stream().filter(e -> callId == null || e.call().id().equals(callId))
                .map(e -> e.getClass().getSimpleName() + " " + e.call().state() + " " + e.call().id())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The names of the call's events in order, e.g. [Ringing, Answered, Confirmed]. */
    synchronized List<String> names(String callId) {
        return events.stream().filter(e -> e.call().id().equals(callId)).map(e -> e.getClass().getSimpleName())
                .toList();
    }
}

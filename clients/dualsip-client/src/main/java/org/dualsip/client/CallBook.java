package org.dualsip.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The client's one view of the application's live calls: the latest snapshot per call id, whichever
 * node reported it. Remembers recently ended ids so that an end reported twice (by the node after a
 * reconnect, or by the client after a takeover) and late events of an ended call reach the application
 * at most once. Thread-safe (both links' reader threads update it).
 */
final class CallBook {

    private static final int ENDED_MEMORY = 50_000;

    private final Map<String, RemoteCall> live = new LinkedHashMap<>();
    /** When each live call was last updated, in {@link #mark()} units. */
    private final Map<String, Long> updated = new HashMap<>();
    private long updates;
    private final Map<String, Boolean> recentlyEnded = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_MEMORY;
        }
    };

    /**
     * Records a snapshot from an event; false when the call has already ended for the application (the
     * event must then not be delivered). A snapshot in state ENDED removes the call.
     */
    synchronized boolean apply(RemoteCall snapshot) {
        if (recentlyEnded.containsKey(snapshot.id())) {
            return false;
        }
        if (snapshot.state().isLive()) {
            live.put(snapshot.id(), snapshot);
            updated.put(snapshot.id(), ++updates);
        } else {
            forget(snapshot.id());
        }
        return true;
    }

    /**
     * The book's position now: take it before asking a node for its list, and pass it to
     * {@link #replaceAll} so that calls reported after the question are not taken for vanished.
     */
    synchronized long mark() {
        return updates;
    }

    private void forget(String id) {
        live.remove(id);
        updated.remove(id);
        recentlyEnded.put(id, Boolean.TRUE);
    }

    /**
     * Makes the node's list authoritative (a takeover, or a {@code calls} answer after a reconnect):
     * its snapshots replace the known ones; known calls missing from it and last updated before
     * {@code asked} (a {@link #mark()}) are returned, removed and remembered as ended. A call updated
     * after the question (an event that overtook the answer) is kept.
     */
    synchronized List<RemoteCall> replaceAll(List<RemoteCall> authoritative, long asked) {
        Set<String> present = new HashSet<>();
        for (RemoteCall call : authoritative) {
            present.add(call.id());
            if (call.state().isLive() && !recentlyEnded.containsKey(call.id())) {
                live.put(call.id(), call);
                updated.put(call.id(), ++updates);
            }
        }
        List<RemoteCall> vanished = new ArrayList<>();
        for (RemoteCall known : List.copyOf(live.values())) {
            if (!present.contains(known.id()) && updated.getOrDefault(known.id(), 0L) <= asked) {
                forget(known.id());
                vanished.add(known);
            }
        }
        return vanished;
    }

    synchronized Optional<RemoteCall> find(String id) {
        return Optional.ofNullable(live.get(id));
    }

    synchronized List<RemoteCall> live() {
        return List.copyOf(live.values());
    }
}

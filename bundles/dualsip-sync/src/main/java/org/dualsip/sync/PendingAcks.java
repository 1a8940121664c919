package org.dualsip.sync;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** Replications waiting for the passive's acknowledgement, by message id. Thread-safe. */
final class PendingAcks {

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    /** Reserves the next id; the caller sends the record under it, then {@link #await}s it. */
    long register() {
        long id = ids.incrementAndGet();
        waiting.put(id, new CompletableFuture<>());
        return id;
    }

    /** The acks for these ids arrived; a late ack (after its wait gave up) is ignored. */
    void acknowledged(List<Long> ids) {
        for (Long id : ids) {
            CompletableFuture<Void> future = waiting.remove(id);
            if (future != null) {
                future.complete(null);
            }
        }
    }

    /**
     * Waits at most {@code timeoutMs} for the ack of {@code id}.
     *
     * @return true when acknowledged in time
     */
    boolean await(long id, long timeoutMs) {
        CompletableFuture<Void> future = waiting.get(id);
        if (future == null) {
            return true; // acknowledged before we started waiting
        }
        try {
            future.get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.remove(id);
        }
    }

    /** Forgets an id whose record could not be sent. */
    void cancel(long id) {
        waiting.remove(id);
    }

    int size() {
        return waiting.size();
    }
}

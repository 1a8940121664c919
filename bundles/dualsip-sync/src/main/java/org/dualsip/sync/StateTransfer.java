package org.dualsip.sync;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dualsip.api.pair.RecordMirror;
import org.dualsip.api.pair.ReplicatedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active's side of a full state transfer: a start marker, every record of the local engine's
 * snapshot, then an end marker with the count. The passive answers with its verdict; only a good
 * verdict makes the pair IN_SYNC. At most one transfer runs; a new one supersedes an abandoned one.
 *
 * <p>Correctness with live changes relies on the engine storing a change where {@code snapshot()}
 * reads it before it calls {@code replicate()}: a record replicated before the start marker is then in
 * the snapshot, and one replicated after it follows the marker on the ordered link.
 */
final class StateTransfer {

    private static final Logger LOG = LoggerFactory.getLogger(StateTransfer.class);
    /** A transfer without a verdict after this long is failed and retried. */
    static final long VERDICT_TIMEOUT_MS = 30_000;
    /** Repeated failures (e.g. a passive whose call engine is not running yet) back off up to this. */
    static final long MAX_BACKOFF_MS = 10_000;

    /** Told when a transfer could not be sent completely. */
    interface Failure {
        void failed(long transfer, String reason);
    }

    private final Predicate<WireMessage> send;
    private final Supplier<RecordMirror> mirror;
    private final ExecutorService thread;
    private final long retryBackoffMs;
    private final AtomicLong ids = new AtomicLong();
    private volatile long current;
    private volatile long startedAt;
    private volatile long notBefore;
    private volatile long backoffMs;

    StateTransfer(Predicate<WireMessage> send, Supplier<RecordMirror> mirror, ExecutorService thread,
                  long retryBackoffMs) {
        this.send = send;
        this.mirror = mirror;
        this.thread = thread;
        this.retryBackoffMs = retryBackoffMs;
        this.backoffMs = retryBackoffMs;
    }

    long current() {
        return current;
    }

    /** No transfer runs and the retry back-off (after a failure) is over. */
    boolean mayStart() {
        return current == 0 && System.nanoTime() - notBefore >= 0;
    }

    boolean overdue() {
        return current != 0 && System.nanoTime() - startedAt > TimeUnit.MILLISECONDS.toNanos(VERDICT_TIMEOUT_MS);
    }

    void start(long epoch, Failure onFailure) {
        long id = ids.incrementAndGet();
        current = id;
        startedAt = System.nanoTime();
        try {
            thread.execute(() -> stream(id, epoch, onFailure));
        } catch (RejectedExecutionException e) {
            current = 0;
        }
    }

    /** The peer confirmed transfer {@code id}; false when it is not the current one. */
    boolean complete(long id) {
        if (id != 0 && id == current) {
            current = 0;
            backoffMs = retryBackoffMs;
            return true;
        }
        return false;
    }

    /**
     * Transfer {@code id} failed: the next one waits for the back-off, which doubles with every
     * failure in a row. False when not current.
     */
    boolean fail(long id) {
        if (id != 0 && id == current) {
            current = 0;
            notBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            return true;
        }
        return false;
    }

    /** The back-off the next failure will wait (for the log). */
    long nextBackoffMs() {
        return backoffMs;
    }

    /** Stops the running transfer (peer lost, role change, pair degraded); the stream stops at once. */
    void abandon() {
        current = 0;
    }

    /** Delays the next transfer by the back-off (after a replication timeout: the peer is slow). */
    void holdOff() {
        notBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryBackoffMs);
    }

    private void stream(long id, long epoch, Failure onFailure) {
        long started = System.nanoTime();
        RecordMirror source = mirror.get();
        Iterable<ReplicatedRecord> records = source == null ? java.util.List.of() : source.snapshot();
        if (!send.test(new WireMessage.TransferStart(id, epoch))) {
            onFailure.failed(id, "the peer is not in the sync group");
            return;
        }
        long count = 0;
        for (ReplicatedRecord record : records) {
            if (current != id) {
                LOG.info("State transfer {} abandoned after {} records", id, count);
                return;
            }
            if (!send.test(new WireMessage.TransferRecord(id, record))) {
                onFailure.failed(id, "sending failed after " + count + " records");
                return;
            }
            count++;
        }
        if (current == id && !send.test(new WireMessage.TransferEnd(id, count))) {
            onFailure.failed(id, "the end marker could not be sent");
            return;
        }
        LOG.info("State transfer {} sent: {} records in {} ms", id, count,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}

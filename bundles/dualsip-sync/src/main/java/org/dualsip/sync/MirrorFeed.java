package org.dualsip.sync;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.dualsip.api.pair.RecordMirror;
import org.dualsip.api.pair.ReplicatedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passive's side of replication: hands records to the {@link RecordMirror} in version order per
 * key and receives full state transfers. Keeps the last version of every key so that an older
 * version never overwrites a newer one, even when live changes and a transfer's snapshot interleave.
 *
 * <p>Removed keys are remembered (tombstones) only while a transfer runs: outside a transfer the
 * link is ordered, so an older version of a removed key cannot arrive and the map stays as small as
 * the live record set. Called on the single JGroups delivery thread of the active (one sender, in
 * order); synchronized only so tests and status readers see a consistent state.
 */
final class MirrorFeed {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorFeed.class);

    /** A transfer's result as the passive sees it. */
    record Verdict(long transfer, long received, boolean ok) { }

    private final Supplier<RecordMirror> mirror;
    private final Map<String, Long> versions = new HashMap<>();
    private final Set<String> tombstones = new HashSet<>();
    private long transfer;
    private long received;
    private long stale;

    MirrorFeed(Supplier<RecordMirror> mirror) {
        this.mirror = mirror;
    }

    /**
     * Applies one record unless an equal or newer version of its key is already held.
     *
     * @return false when no mirror is registered (the record is not held, so it must not be acked)
     */
    synchronized boolean apply(ReplicatedRecord record) {
        RecordMirror target = mirror.get();
        if (target == null) {
            return false;
        }
        Long held = versions.get(record.key());
        if (held != null && held >= record.version()) {
            stale++;
            LOG.debug("Ignored version {} of {}: version {} already held", record.version(), record.key(), held);
            return true;
        }
        if (record.removed() && transfer == 0) {
            versions.remove(record.key());
        } else {
            versions.put(record.key(), record.version());
            if (record.removed()) {
                tombstones.add(record.key());
            } else {
                tombstones.remove(record.key());
            }
        }
        try {
            target.apply(record);
        } catch (RuntimeException e) {
            LOG.error("The record mirror failed on {} version {}", record.key(), record.version(), e);
        }
        return true;
    }

    /** A transfer begins: everything held so far is dropped; the transfer's records rebuild it. */
    synchronized void transferStarted(long id) {
        if (transfer != 0) {
            LOG.info("Transfer {} abandoned after {} records; transfer {} starts over", transfer, received, id);
        }
        transfer = id;
        received = 0;
        versions.clear();
        tombstones.clear();
        RecordMirror target = mirror.get();
        if (target != null) {
            target.clear();
        }
    }

    /** One record of the current transfer; records of an abandoned transfer are ignored. */
    synchronized boolean transferRecord(long id, ReplicatedRecord record) {
        if (id != transfer) {
            return false;
        }
        received++;
        return apply(record);
    }

    /** The end marker: the transfer is good only when every record arrived (and a mirror holds them). */
    synchronized Verdict transferEnded(long id, long count) {
        if (id != transfer) {
            return new Verdict(id, 0, false);
        }
        boolean ok = count == received && mirror.get() != null;
        Verdict verdict = new Verdict(id, received, ok);
        transfer = 0;
        received = 0;
        dropTombstones();
        return verdict;
    }

    /** The active is gone: a half-done transfer will start over from its marker. */
    synchronized void peerLost() {
        if (transfer != 0) {
            LOG.info("Transfer {} cut off after {} records", transfer, received);
            transfer = 0;
            received = 0;
            dropTombstones();
        }
    }

    synchronized int heldKeys() {
        return versions.size();
    }

    synchronized long staleIgnored() {
        return stale;
    }

    private void dropTombstones() {
        // Versions of removed keys were kept only to fence the transfer; the snapshot is complete now.
        versions.keySet().removeAll(tombstones);
        tombstones.clear();
    }
}

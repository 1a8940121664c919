package org.dualsip.sip.record;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the current record of every call, by our call id and by SIP Call-ID. {@link #save} is the one
 * way in for changes made here, and the hook where replication attaches ({@link #onSaved}); {@link #mirror}
 * is the way in for records replicated from the active, which must not be replicated back. Both refuse
 * a record that is not newer than the stored one, so an old version never overwrites a newer one.
 */
public final class CallRecordStore {

    private final Map<String, CallRecord> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idBySipCallId = new ConcurrentHashMap<>();
    private volatile SaveListener onSaved = (r, v) -> { };

    /** What shows a saved change next, which decides whether replication must wait for the peer. */
    public enum Visibility {
        /** A SIP message or an application event shows the change next: the peer must hold it first. */
        SHOWN,
        /**
         * Nothing shows it (an ACK that confirms an inbound call, the purge of an ended call): the peer is
         * sent it in order but nobody waits; a takeover before it arrives resumes from the version before,
         * which the far end's retransmissions bring forward again.
         */
        UNSEEN
    }

    /** The replication hook. */
    @FunctionalInterface
    public interface SaveListener {
        void saved(CallRecord record, Visibility visibility);
    }

    /** Thrown when a record is older than (or as old as) the stored one. */
    public static final class StaleRecordException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StaleRecordException(String message) {
            super(message);
        }
    }

    /** Stores a change shown next; throws {@link StaleRecordException} when its version is not newer. */
    public void save(CallRecord record) {
        save(record, Visibility.SHOWN);
    }

    /** Stores the record; throws {@link StaleRecordException} when its version is not newer. */
    public void save(CallRecord record, Visibility visibility) {
        store(record);
        onSaved.saved(record, visibility);
    }

    /**
     * Stores a record received from the active, without the replication hook; false (and nothing
     * changed) when the stored one is as new or newer.
     */
    public boolean mirror(CallRecord record) {
        try {
            store(record);
            return true;
        } catch (StaleRecordException e) {
            return false;
        }
    }

    private void store(CallRecord record) {
        byId.compute(record.id(), (id, old) -> {
            if (old != null && old.version() >= record.version()) {
                throw new StaleRecordException("call " + id + ": version " + record.version()
                        + " is not newer than stored " + old.version());
            }
            return record;
        });
        idBySipCallId.put(record.dialog().sipCallId(), record.id());
    }

    /** Replication hook: called after every successful save. */
    public void onSaved(SaveListener listener) {
        this.onSaved = listener == null ? (r, v) -> { } : listener;
    }

    public Optional<CallRecord> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<CallRecord> findBySipCallId(String sipCallId) {
        String id = idBySipCallId.get(sipCallId);
        return id == null ? Optional.empty() : find(id);
    }

    /** Forgets a call; the record removed, or null when there was none. */
    public CallRecord remove(String id) {
        CallRecord r = byId.remove(id);
        if (r != null) {
            idBySipCallId.remove(r.dialog().sipCallId(), id);
        }
        return r;
    }

    /** Forgets every call (a passive before a full state transfer). */
    public void clear() {
        byId.clear();
        idBySipCallId.clear();
    }

    public Collection<CallRecord> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}

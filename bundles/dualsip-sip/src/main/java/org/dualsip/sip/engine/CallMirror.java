package org.dualsip.sip.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.dualsip.api.pair.RecordMirror;
import org.dualsip.api.pair.ReplicatedRecord;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.CallRecordCodec;
import org.dualsip.sip.record.CallRecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passive's copy of the active's calls: records are stored as they come, with no SIP sent, no
 * timer armed and no application told; a takeover resumes them (see {@link CallResumption}).
 */
final class CallMirror implements RecordMirror {

    private static final Logger LOG = LoggerFactory.getLogger(CallMirror.class);

    private final CallRecordStore store;
    private final Map<String, CallSession> sessions;
    private final Executor workers;
    private final AtomicLong undecodable = new AtomicLong();

    /** Shares the engine's store, sessions and worker pool (a session's queues run on it after a takeover). */
    CallMirror(CallRecordStore store, Map<String, CallSession> sessions, Executor workers) {
        this.store = store;
        this.sessions = sessions;
        this.workers = workers;
    }

    @Override
    public void apply(ReplicatedRecord record) {
        if (record.removed()) {
            sessions.remove(record.key());
            store.remove(record.key());
            return;
        }
        CallRecord r;
        try {
            r = CallRecordCodec.decode(record.payload());
        } catch (CallRecordCodec.UndecodableRecordException e) {
            LOG.warn("replicated call {} v{} dropped ({} so far): {}", record.key(), record.version(),
                    undecodable.incrementAndGet(), e.getMessage());
            return;
        }
        CallSession s = sessions.computeIfAbsent(r.id(), id -> new CallSession(r, workers));
        synchronized (s) {
            if (store.mirror(r)) { // false: as old as or older than what we hold, ignored
                s.setRecord(r);
            }
        }
    }

    @Override
    public Iterable<ReplicatedRecord> snapshot() {
        List<ReplicatedRecord> all = new ArrayList<>(store.size() + 16);
        for (CallRecord r : store.all()) {
            // Ended calls are kept for 64*T1 only to absorb late retransmissions; at a high call rate
            // they outnumber the live ones many times, and a full transfer of them would keep a
            // recovering pair out of sync for nothing (a late BYE on the new active then gets 481).
            if (r.state() != org.dualsip.api.call.CallState.ENDED) {
                all.add(new ReplicatedRecord(r.id(), r.version(), false, CallRecordCodec.encode(r)));
            }
        }
        return all;
    }

    @Override
    public void clear() {
        sessions.clear();
        store.clear();
    }

    /** Replicated records that could not be decoded since start. */
    long undecodable() {
        return undecodable.get();
    }
}

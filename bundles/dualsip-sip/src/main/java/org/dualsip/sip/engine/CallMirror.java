package org.dualsip.sip.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dualsip.api.pair.RecordMirror;
import org.dualsip.api.pair.ReplicatedRecord;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.CallRecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passive's copy of the active's calls: records are stored as they come, with no SIP sent, no
 * timer armed and no application told; a takeover resumes them (see {@link CallResumption}).
 */
final class CallMirror implements RecordMirror {

    private static final Logger LOG = LoggerFactory.getLogger(CallMirror.class);

    private final CallEngine engine;
    private final AtomicLong undecodable = new AtomicLong();

    CallMirror(CallEngine engine) {
        this.engine = engine;
    }

    @Override
    public void apply(ReplicatedRecord record) {
        if (record.removed()) {
            engine.forgetMirrored(record.key());
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
        engine.applyMirrored(r);
    }

    @Override
    public Iterable<ReplicatedRecord> snapshot() {
        List<ReplicatedRecord> all = new ArrayList<>(engine.store().size() + 16);
        for (CallRecord r : engine.store().all()) {
            all.add(new ReplicatedRecord(r.id(), r.version(), false, CallRecordCodec.encode(r)));
        }
        return all;
    }

    @Override
    public void clear() {
        engine.clearMirrored();
    }

    /** Replicated records that could not be decoded since start. */
    long undecodable() {
        return undecodable.get();
    }
}

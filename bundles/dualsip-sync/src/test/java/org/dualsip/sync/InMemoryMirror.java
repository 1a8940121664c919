package org.dualsip.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dualsip.api.pair.RecordMirror;
import org.dualsip.api.pair.ReplicatedRecord;

/** A call engine's record store as the tests need it: the active's source and the passive's mirror. */
final class InMemoryMirror implements RecordMirror {

    final Map<String, ReplicatedRecord> records = new ConcurrentHashMap<>();
    final AtomicInteger applied = new AtomicInteger();
    final AtomicInteger clears = new AtomicInteger();
    volatile long applyDelayMs;
    /** When set, the apply that reaches this count signals {@link #paused} and blocks a while. */
    volatile int pauseAt = -1;
    final java.util.concurrent.CountDownLatch paused = new java.util.concurrent.CountDownLatch(1);

    /** What the engine does on the active: store the change, then replicate it. */
    void store(ReplicatedRecord record) {
        records.put(record.key(), record);
    }

    @Override
    public void apply(ReplicatedRecord record) {
        sleep(applyDelayMs);
        if (applied.incrementAndGet() == pauseAt) {
            paused.countDown();
            sleep(2000);
        }
        if (record.removed()) {
            records.remove(record.key());
        } else {
            records.put(record.key(), record);
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Iterable<ReplicatedRecord> snapshot() {
        return new ArrayList<>(records.values());
    }

    @Override
    public void clear() {
        clears.incrementAndGet();
        records.clear();
    }

    long version(String key) {
        ReplicatedRecord r = records.get(key);
        return r == null ? -1 : r.version();
    }

    static List<ReplicatedRecord> calls(int count, int payloadBytes) {
        List<ReplicatedRecord> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new ReplicatedRecord("call-" + i, 1, false, new byte[payloadBytes]));
        }
        return list;
    }
}

package org.dualsip.demo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A scheduler driven by the test: time moves only when {@link #advance} is called. */
final class ManualScheduler implements TaskScheduler {

    private final class Entry implements ScheduledTask {
        final Runnable task;
        final long dueAt;
        boolean cancelled;

        Entry(Runnable task, long dueAt) {
            this.task = task;
            this.dueAt = dueAt;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private long now;

    @Override
    public ScheduledTask schedule(Runnable task, long delayMs) {
        Entry entry = new Entry(task, now + delayMs);
        entries.add(entry);
        return entry;
    }

    /** Moves the clock and runs what fell due, in order. */
    void advance(long ms) {
        now += ms;
        List<Entry> due = new ArrayList<>();
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.dueAt <= now) {
                it.remove();
                due.add(entry);
            }
        }
        due.sort((a, b) -> Long.compare(a.dueAt, b.dueAt));
        due.stream().filter(e -> !e.cancelled).forEach(e -> e.task.run());
    }

    /** Tasks neither run nor cancelled. */
    long pending() {
        return entries.stream().filter(e -> !e.cancelled).count();
    }
}

package org.dualsip.connector;

import java.util.ArrayList;
import java.util.List;

/** A scheduler the test drives: time moves only when the test says so. */
final class ManualScheduler implements Scheduler {

    private final class Pending implements Task {
        final Runnable task;
        final long due;
        boolean cancelled;

        Pending(Runnable task, long due) {
            this.task = task;
            this.due = due;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final List<Pending> pending = new ArrayList<>();
    private long now;

    @Override
    public synchronized Task schedule(Runnable task, long delayMillis) {
        Pending p = new Pending(task, now + delayMillis);
        pending.add(p);
        return p;
    }

    /** Moves time forward, running what falls due in order. */
    void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Pending next = null;
            synchronized (this) {
                for (Pending p : pending) {
                    if (!p.cancelled && p.due <= target && (next == null || p.due < next.due)) {
                        next = p;
                    }
                }
                if (next == null) {
                    now = target;
                    return;
                }
                pending.remove(next);
                now = next.due;
            }
            next.task.run();
        }
    }
}

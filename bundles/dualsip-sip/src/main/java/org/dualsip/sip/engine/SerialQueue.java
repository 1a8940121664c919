package org.dualsip.sip.engine;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: per-call ordering without a
 * thread per call and without a global lock. A failing task is logged and never stops the queue.
 */
final class SerialQueue implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialQueue.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialQueue(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                tasks.clear(); // shutting down
            }
        }
    }

    private void drain() {
        Runnable task;
        int budget = 64; // yield the pool thread now and then so one busy call cannot starve others
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.warn("call task failed: {}", t.toString(), t);
            }
        }
        scheduled.set(false);
        schedule();
    }
}

package org.dualsip.demo;

/** Runs a task later; an executor in the bundle, a manual clock in tests. */
public interface TaskScheduler {

    /** Runs the task once after the delay. */
    ScheduledTask schedule(Runnable task, long delayMs);

    /** A task not yet run. */
    interface ScheduledTask {
        /** Stops it from running; harmless when it already ran. */
        void cancel();
    }
}

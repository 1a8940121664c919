package org.dualsip.connector;

/** Runs a task later (hello timeouts, orphan grace periods); a manual one drives the tests. */
interface Scheduler {

    /** A scheduled task that can be cancelled. */
    interface Task {
        void cancel();
    }

    Task schedule(Runnable task, long delayMillis);
}

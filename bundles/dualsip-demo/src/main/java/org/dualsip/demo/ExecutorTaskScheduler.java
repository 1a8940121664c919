package org.dualsip.demo;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link TaskScheduler} on a {@link ScheduledExecutorService} owned by the component. */
final class ExecutorTaskScheduler implements TaskScheduler {

    private final ScheduledExecutorService executor;

    ExecutorTaskScheduler(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public ScheduledTask schedule(Runnable task, long delayMs) {
        ScheduledFuture<?> future = executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }
}

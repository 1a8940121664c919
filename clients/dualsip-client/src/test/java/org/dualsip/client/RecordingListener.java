package org.dualsip.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects what the client delivers, for assertions; records the delivering thread's name too. */
class RecordingListener implements RemoteCallListener {

    record TakeoverSeen(long epoch, String reason, List<RemoteCall> calls) { }

    final BlockingQueue<RemoteCallEvent> events = new LinkedBlockingQueue<>();
    final BlockingQueue<TakeoverSeen> takeovers = new LinkedBlockingQueue<>();
    final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(RemoteCallEvent event) {
        threads.add(Thread.currentThread().getName());
        events.add(event);
    }

    @Override
    public void onTakeover(long epoch, String reason, List<RemoteCall> calls) {
        takeovers.add(new TakeoverSeen(epoch, reason, calls));
    }

    RemoteCallEvent nextEvent(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    TakeoverSeen nextTakeover(Duration timeout) throws InterruptedException {
        return takeovers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}

package org.dualsip.demo;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallApplication;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.Direction;
import org.dualsip.demo.TaskScheduler.ScheduledTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every offered call: 180 (if configured), then 200 with the configured SDP after the
 * configured delay; hangs up the configured time after the ACK; accepts every re-offer with the same
 * SDP. At most one timer per call is pending (the answer, then the hang-up); it is cancelled when
 * the call ends.
 */
public class DemoApplication implements CallApplication {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApplication.class);

    private final CallControl control;
    private final TaskScheduler scheduler;
    private final Map<String, ScheduledTask> timers = new ConcurrentHashMap<>();
    private final DemoTransfers transfers;
    private volatile DemoSettings settings;

    public DemoApplication(CallControl control, TaskScheduler scheduler, DemoSettings settings) {
        this.control = Objects.requireNonNull(control, "control");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.transfers = new DemoTransfers(control, () -> this.settings);
    }

    /** New settings apply to the next event; timers already running keep their delay. */
    public void update(DemoSettings next) {
        settings = Objects.requireNonNull(next, "next");
    }

    public DemoSettings settings() {
        return settings;
    }

    /** The number of calls with a pending timer. */
    public int pendingTimers() {
        return timers.size();
    }

    /** Cancels every pending timer (the application is going away). */
    public void close() {
        timers.values().forEach(ScheduledTask::cancel);
        timers.clear();
    }

    @Override
    public void onEvent(CallEvent event) {
        try {
            transfers.onEvent(event); // REFER decisions and the progress of the calls they place
            if (event instanceof CallEvent.Offered offered) {
                onOffered(offered.call());
            } else if (event instanceof CallEvent.Confirmed confirmed) {
                onConfirmed(confirmed.call());
            } else if (event instanceof CallEvent.ReofferReceived reoffer) {
                command(reoffer.call().id(), "accept re-offer",
                        () -> control.acceptReoffer(reoffer.call().id(), settings.sdp()));
            } else if (event instanceof CallEvent.Ended ended) {
                cancelTimer(ended.call().id());
            }
        } catch (RuntimeException e) {
            // Never let a failure reach the engine's event thread; the call is left to its timers.
            LOG.warn("demo: handling {} of call {} failed: {}", event.getClass().getSimpleName(),
                    event.call().id(), e.toString());
        }
    }

    private void onOffered(Call call) {
        if (call.direction() != Direction.INBOUND) {
            return;
        }
        DemoSettings current = settings;
        String id = call.id();
        if (current.ring()) {
            command(id, "ring", () -> control.ring(id, 180, null));
        }
        Runnable answer = () -> command(id, "answer", () -> control.answer(id, current.sdp()));
        if (current.answerDelayMs() == 0) {
            answer.run();
        } else {
            schedule(id, current.answerDelayMs(), answer);
        }
    }

    private void onConfirmed(Call call) {
        long hangupAfter = settings.hangupAfterMs();
        if (hangupAfter > 0) {
            String id = call.id();
            schedule(id, hangupAfter, () -> command(id, "hang up", () -> control.hangUp(id)));
        }
    }

    private void schedule(String callId, long delayMs, Runnable action) {
        ScheduledTask task = scheduler.schedule(() -> {
            // Removed before acting: the action may lead to the next event scheduling a new timer.
            timers.remove(callId);
            action.run();
        }, delayMs);
        ScheduledTask previous = timers.put(callId, task);
        if (previous != null) {
            previous.cancel();
        }
    }

    private void cancelTimer(String callId) {
        ScheduledTask task = timers.remove(callId);
        if (task != null) {
            task.cancel();
        }
    }

    /** Runs one call command; a refusal is normal (the call may have ended meanwhile). */
    private static void command(String callId, String what, Runnable command) {
        try {
            command.run();
        } catch (CallControlException e) {
            LOG.debug("demo: {} of call {} refused ({}): {}", what, callId, e.reason(), e.getMessage());
        }
    }
}

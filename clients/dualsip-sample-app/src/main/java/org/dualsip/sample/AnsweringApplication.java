package org.dualsip.sample;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.dualsip.client.DualsipClient;
import org.dualsip.client.RemoteCall;
import org.dualsip.client.RemoteCallEvent;
import org.dualsip.client.RemoteCallListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every offered call (180 at once, 200 after the answer delay), hangs confirmed calls up after
 * the hang-up delay, and counts what happens. Its only takeover code is a log line plus adopting calls
 * it has no timer for (e.g. one whose Confirmed died with the old active); the timers it already runs
 * simply fire later and the client sends their commands to the new active.
 */
final class AnsweringApplication implements RemoteCallListener {

    private static final Logger LOG = LoggerFactory.getLogger(AnsweringApplication.class);

    static final String SDP = "v=0\r\no=sample 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private final Supplier<DualsipClient> client;
    private final ScheduledExecutorService timers;
    private final SampleOptions options;
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    final AtomicLong offered = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong confirmed = new AtomicLong();
    final AtomicLong ended = new AtomicLong();
    final AtomicLong hungUp = new AtomicLong();
    final AtomicLong failedCommands = new AtomicLong();
    final AtomicLong takeovers = new AtomicLong();

    AnsweringApplication(Supplier<DualsipClient> client, ScheduledExecutorService timers, SampleOptions options) {
        this.client = client;
        this.timers = timers;
        this.options = options;
    }

    @Override
    public void onEvent(RemoteCallEvent event) {
        String id = event.call().id();
        if (event instanceof RemoteCallEvent.Offered offer) {
            offered.incrementAndGet();
            LOG.debug("offered {} from {} to {}", id, offer.call().from(), offer.call().requestUri());
            if (offer.call().direction() == RemoteCall.Direction.INBOUND) {
                scheduleAnswer(id);
            }
        } else if (event instanceof RemoteCallEvent.Confirmed) {
            confirmed.incrementAndGet();
            scheduleHangup(id);
        } else if (event instanceof RemoteCallEvent.Answered) {
            answered.incrementAndGet();
        } else if (event instanceof RemoteCallEvent.Reoffer reoffer) {
            watch("accept-reoffer", id, client.get().acceptReoffer(id, reoffer.sdp() == null ? null : SDP));
        } else if (event instanceof RemoteCallEvent.Ended end) {
            ended.incrementAndGet();
            scheduled.remove(id);
            LOG.debug("ended {}: {} {}", id, end.reason(), end.code());
        } else {
            LOG.debug("{}", event);
        }
    }

    @Override
    public void onTakeover(long epoch, String reason, List<RemoteCall> calls) {
        takeovers.incrementAndGet();
        LOG.info("TAKEOVER epoch={} reason=\"{}\" calls={}", epoch, reason, calls.size());
        for (RemoteCall call : calls) {
            switch (call.state()) {
                case OFFERED, RINGING -> scheduleAnswer(call.id());
                case CONFIRMED -> scheduleHangup(call.id());
                default -> { }
            }
        }
    }

    @Override
    public void onNodeRole(String node, String role, long epoch) {
        LOG.info("node {} is {} (epoch {})", node, role, epoch);
    }

    private void scheduleAnswer(String id) {
        if (!scheduled.add(id)) {
            return;
        }
        if (!options.noRing()) {
            watch("ring", id, client.get().ring(id, 180, null));
        }
        timers.schedule(() -> {
            scheduled.remove(id);
            watch("answer", id, client.get().answer(id, SDP));
        }, options.answerDelayMs(), TimeUnit.MILLISECONDS);
    }

    private void scheduleHangup(String id) {
        if (options.hangupAfterMs() <= 0 || !scheduled.add(id)) {
            return;
        }
        timers.schedule(() -> watch("hangup", id, client.get().hangUp(id).thenRun(hungUp::incrementAndGet)),
                options.hangupAfterMs(), TimeUnit.MILLISECONDS);
    }

    private void watch(String what, String id, CompletableFuture<?> command) {
        command.whenComplete((ok, failure) -> {
            if (failure != null) {
                failedCommands.incrementAndGet();
                LOG.warn("{} of call {} failed: {}", what, id, failure.getCause() == null ? failure : failure.getCause());
            }
        });
    }

    String counters() {
        return "offered=" + offered + " answered=" + answered + " confirmed=" + confirmed + " hungUp=" + hungUp
                + " ended=" + ended + " failedCommands=" + failedCommands + " takeovers=" + takeovers;
    }
}

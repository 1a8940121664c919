package org.dualsip.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallApplication;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.Takeover;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote application on this node, across its connections: its whiteboard registration, its
 * patterns, the connection its events go to, or — while it is away — what the orphan policy does with
 * its calls. Events arrive on the engine's threads: nothing here blocks (frames are only queued).
 */
final class ApplicationSession {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationSession.class);

    /** A regex that matches nothing: registered but taking no new calls until it registers patterns. */
    static final String NO_PATTERN = "(?!)";
    /** Ended events kept for an application that is away; beyond this the oldest are dropped. */
    static final int MAX_ENDED_WHILE_AWAY = 10_000;
    static final int AWAY_REJECT_CODE = 480;
    static final int AWAY_REOFFER_REFUSE_CODE = 488;

    private final String name;
    private final ApplicationDirectory directory;
    private Peer peer;
    private String remoteAddress;
    private boolean tls;
    private Instant since;
    private volatile List<String> patterns = List.of();
    /** Guards the registration: registering calls into the framework, so never under this object's lock. */
    private final Object registrationLock = new Object();
    private Registrar.Registration registration;
    private boolean removed;
    private Scheduler.Task orphanTimer;
    private boolean expired;
    private long lastTakeoverEpoch = -1;
    private final java.util.ArrayDeque<ObjectNode> endedWhileAway = new java.util.ArrayDeque<>();
    /** A takeover that happened while nobody was connected: told right after the next hello. */
    private ObjectNode takeoverWhileAway;

    ApplicationSession(String name, ApplicationDirectory directory) {
        this.name = name;
        this.directory = directory;
    }

    String name() {
        return name;
    }

    synchronized Peer peer() {
        return peer;
    }

    List<String> patterns() {
        return patterns;
    }

    /** Registers on the whiteboard with the patterns joined as one alternation. */
    void register(List<String> next) {
        synchronized (registrationLock) {
            registerLocked(next);
        }
    }

    private void registerLocked(List<String> next) {
        if (removed) {
            return;
        }
        String pattern = next.isEmpty() ? NO_PATTERN
                : String.join("|", next.stream().map(p -> "(?:" + p + ")").toList());
        // register the new entry before dropping the old one: no moment without this application,
        // when an event of one of its calls would find nobody (a fresh object per registration,
        // because the engine keys its entries by object)
        Registrar.Registration previous = registration;
        registration = directory.registrar().register(new Listener(), name, pattern, directory.ranking());
        patterns = List.copyOf(next);
        if (previous != null) {
            previous.unregister();
        }
    }

    /** A connection that said hello takes this application over; queued ended events follow the result. */
    synchronized void attach(Peer next, ObjectNode helloResult, Instant now) {
        cancelOrphanTimer();
        expired = false;
        peer = next;
        remoteAddress = next.remoteAddress();
        tls = next.tls();
        since = now;
        next.send(helloResult);
        if (takeoverWhileAway != null) {
            next.send(takeoverWhileAway);
            takeoverWhileAway = null;
        }
        for (ObjectNode ended : endedWhileAway) {
            next.send(ended);
        }
        endedWhileAway.clear();
    }

    /** The connection went away: true when it was this session's connection (the caller applies the policy). */
    synchronized boolean detach(Peer gone, Instant now) {
        if (peer != gone) {
            return false;
        }
        peer = null;
        since = now;
        return true;
    }

    synchronized void orphanTimer(Scheduler.Task timer) {
        cancelOrphanTimer();
        orphanTimer = timer;
    }

    private void cancelOrphanTimer() {
        if (orphanTimer != null) {
            orphanTimer.cancel();
            orphanTimer = null;
        }
    }

    /** Grace over (or policy hangup) while the node does not serve: its calls are hung up at the takeover. */
    synchronized void markExpired() {
        expired = true;
    }

    synchronized boolean isAway() {
        return peer == null;
    }

    void unregister() {
        synchronized (this) {
            cancelOrphanTimer();
        }
        synchronized (registrationLock) {
            removed = true;
            if (registration != null) {
                registration.unregister();
                registration = null;
            }
        }
    }

    synchronized org.dualsip.api.connector.ConnectedApplication view(int calls) {
        return new org.dualsip.api.connector.ConnectedApplication(name, remoteAddress, peer != null, since,
                patterns, calls, tls);
    }

    // ---- from the engine ----------------------------------------------------------------------

    void onEvent(CallEvent event) {
        Peer target;
        synchronized (this) {
            target = peer;
            if (target == null && event instanceof CallEvent.Ended) {
                keepEnded(event);
                return;
            }
        }
        if (target == null) {
            whileAway(event);
        } else if (!target.send(EventFrames.of(event)) && event instanceof CallEvent.Ended) {
            keepEnded(event); // the connection is closing: the end is told after the next hello
        }
    }

    private synchronized void keepEnded(CallEvent event) {
        // bounded, and never more than half the queue the next connection starts with
        int limit = Math.max(1, Math.min(MAX_ENDED_WHILE_AWAY, directory.queueLimit() / 2));
        while (endedWhileAway.size() >= limit) {
            endedWhileAway.removeFirst();
        }
        endedWhileAway.add(EventFrames.of(event));
    }

    /** Nobody to ask: a new call is turned away, a re-offer refused; the rest waits for the calls query. */
    private void whileAway(CallEvent event) {
        try {
            if (event instanceof CallEvent.Offered offered) {
                directory.control().reject(offered.call().id(), AWAY_REJECT_CODE, "Temporarily Unavailable");
            } else if (event instanceof CallEvent.ReofferReceived reoffer) {
                directory.control().refuseReoffer(reoffer.call().id(), AWAY_REOFFER_REFUSE_CODE);
            }
        } catch (CallControlException e) {
            LOG.debug("application {} away: {} of call {} not handled: {}", name,
                    event.getClass().getSimpleName(), event.call().id(), e.getMessage());
        }
    }

    void onTakeover(Takeover takeover) {
        Peer target;
        boolean hangUp;
        synchronized (this) {
            if (takeover.epoch() == lastTakeoverEpoch) {
                return; // seen through the old and the new registration during a re-register
            }
            lastTakeoverEpoch = takeover.epoch();
            target = peer;
            hangUp = target == null && expired;
            if (target == null && !expired) {
                takeoverWhileAway = EventFrames.takeover(takeover);
            }
        }
        if (target != null) {
            target.send(EventFrames.takeover(takeover));
        } else if (hangUp) {
            LOG.info("application {} did not come back in time: hanging up its {} calls taken over",
                    name, takeover.calls().size());
            directory.hangUp(takeover.calls().stream().map(Call::id).toList());
            directory.remove(this);
        }
    }

    /** The whiteboard object; a fresh one per registration. */
    private final class Listener implements CallApplication {
        @Override
        public void onEvent(CallEvent event) {
            ApplicationSession.this.onEvent(event);
        }

        @Override
        public void onTakeover(Takeover takeover) {
            ApplicationSession.this.onTakeover(takeover);
        }
    }
}

package org.dualsip.sync;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A passive that is not IN_SYNC (it joined and its first state transfer has not completed, or the
 * active stopped replicating to it) does not take over the moment it loses the active: it waits
 * {@code graceMs} for it to come back. Its mirror is incomplete, so a takeover gains little if the
 * active really died, and costs every call if the active was only slow (seen on a loaded machine: a
 * node that had just rejoined suspected the busy active, became ACTIVE in a higher epoch with none of
 * its calls, and the healthy active, fenced by the higher epoch, demoted with 96 calls). Confined to
 * the role thread.
 */
final class DeferredTakeover {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredTakeover.class);

    private final ScheduledExecutorService roleThread;
    private final long graceMs;
    private ScheduledFuture<?> pending;

    DeferredTakeover(ScheduledExecutorService roleThread, long graceMs) {
        this.roleThread = roleThread;
        this.graceMs = graceMs;
    }

    /** Schedules {@code takeOver} in {@code graceMs} unless {@link #cancel} comes first. */
    void defer(String reason, Consumer<String> takeOver) {
        cancel(null);
        LOG.warn("Lost the active ({}) while this passive was not IN_SYNC: taking over in {} ms unless it comes back",
                reason, graceMs);
        try {
            pending = roleThread.schedule(() -> {
                pending = null;
                try {
                    takeOver.accept(reason + "; it did not come back within " + graceMs + " ms (this passive was not IN_SYNC)");
                } catch (RuntimeException e) {
                    LOG.error("Deferred takeover failed", e);
                }
            }, graceMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Pair closed; no deferred takeover");
        }
    }

    /** The active is back (or the node leaves PASSIVE): no takeover. */
    void cancel(String why) {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
            if (why != null) {
                LOG.info("No takeover: {}", why);
            }
        }
    }
}

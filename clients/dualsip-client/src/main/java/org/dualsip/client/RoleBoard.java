package org.dualsip.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which node serves, as far as the client knows, and the commands waiting for one to serve. Each wait
 * is bounded: at its deadline it fails with {@link CommandException#NO_ACTIVE_NODE}. Thread-safe.
 */
final class RoleBoard {

    private final List<NodeLink> links;
    private final ScheduledExecutorService scheduler;
    private final List<CompletableFuture<NodeLink>> waiting = new ArrayList<>();

    RoleBoard(List<NodeLink> links, ScheduledExecutorService scheduler) {
        this.links = List.copyOf(links);
        this.scheduler = scheduler;
    }

    /** The connected node that serves; if both claim to (a stale role), the one in the newer epoch. */
    Optional<NodeLink> serving() {
        return links.stream().filter(NodeLink::isServing).max(Comparator.comparingLong(NodeLink::epoch));
    }

    /** Any connected node, the serving one first (for state queries, answered in any role). */
    Optional<NodeLink> anyConnected() {
        return serving().or(() -> links.stream().filter(NodeLink::isReady).findFirst());
    }

    /** Completes with the serving node now, or when one serves, or fails at the deadline. */
    CompletableFuture<NodeLink> awaitServing(long deadlineNanos) {
        CompletableFuture<NodeLink> ready = new CompletableFuture<>();
        synchronized (this) {
            Optional<NodeLink> now = serving();
            if (now.isPresent()) {
                ready.complete(now.get());
                return ready;
            }
            waiting.add(ready);
        }
        long delay = Math.max(0, deadlineNanos - System.nanoTime());
        scheduler.schedule(() -> {
            synchronized (this) {
                waiting.remove(ready);
            }
            ready.completeExceptionally(new CommandException(CommandException.NO_ACTIVE_NODE,
                    "no node of the pair is ACTIVE or STANDALONE (" + describe() + ")", null));
        }, delay, TimeUnit.NANOSECONDS);
        return ready;
    }

    /** A role or connection changed: hands the serving node to every waiting command. */
    void changed() {
        List<CompletableFuture<NodeLink>> released;
        NodeLink node;
        synchronized (this) {
            Optional<NodeLink> now = serving();
            if (now.isEmpty() || waiting.isEmpty()) {
                return;
            }
            node = now.get();
            released = List.copyOf(waiting);
            waiting.clear();
        }
        // Outside the lock: completing runs the commands' next steps on this thread.
        released.forEach(waiter -> waiter.complete(node));
    }

    /** The client is closing: every waiting command fails now rather than at a deadline that never comes. */
    void failAll(CommandException reason) {
        List<CompletableFuture<NodeLink>> released;
        synchronized (this) {
            released = List.copyOf(waiting);
            waiting.clear();
        }
        released.forEach(waiter -> waiter.completeExceptionally(reason));
    }

    /** "a ACTIVE epoch 4, b DISCONNECTED" for messages. */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (NodeLink link : links) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(link.name()).append(' ').append(link.isReady() ? link.role() : NodeRoles.DISCONNECTED);
            if (link.epoch() >= 0) {
                text.append(" epoch ").append(link.epoch());
            }
        }
        return text.toString();
    }
}

package org.dualsip.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.connector.ConnectedApplication;
import org.dualsip.api.pair.RoleChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote applications of this node by name: one live connection per name, and the orphan policy
 * for an application whose connection dropped (hold for the grace period, then hang up; or hang up
 * at once). Calls are hung up only by a node that serves: on a passive they are mirrors, and are hung
 * up at the takeover if their application has not come back by then.
 */
final class ApplicationDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationDirectory.class);

    private final Map<String, ApplicationSession> sessions = new HashMap<>();
    private final CallControl control;
    private final Registrar registrar;
    private final Scheduler scheduler;
    private final Clock clock;
    private final NodeView node;
    private final Supplier<ConnectorSettings> settings;
    /** The last role change heard; guarded by this (hello results and role events agree on it). */
    private RoleChange lastRoleChange;

    ApplicationDirectory(CallControl control, Registrar registrar, Scheduler scheduler, Clock clock, NodeView node,
                         Supplier<ConnectorSettings> settings) {
        this.control = control;
        this.registrar = registrar;
        this.scheduler = scheduler;
        this.clock = clock;
        this.node = node;
        this.settings = settings;
    }

    CallControl control() {
        return control;
    }

    Registrar registrar() {
        return registrar;
    }

    int queueLimit() {
        return settings.get().queueLimit();
    }

    int ranking() {
        return settings.get().serviceRanking();
    }

    /**
     * The application says hello on this connection: a new session, or the one held since its
     * connection dropped (its calls and patterns come back). The hello result is queued first, then a
     * takeover that happened while it was away, then the ends of calls that ended meanwhile.
     *
     * @throws ProtocolError name-in-use when another connection of that name is open
     */
    ApplicationSession attach(String name, Peer peer, java.util.function.Supplier<ObjectNode> helloResult)
            throws ProtocolError {
        ApplicationSession session;
        boolean fresh;
        synchronized (this) {
            session = sessions.get(name);
            if (session != null && !session.isAway()) {
                throw ProtocolError.closing("name-in-use", "application " + name
                        + " is already connected to this node from " + session.peer().remoteAddress());
            }
            fresh = session == null;
            if (fresh) {
                session = new ApplicationSession(name, this);
                sessions.put(name, session);
                // on the whiteboard before the hello result: a takeover from now on reaches it
                session.register(List.of());
            }
            // the result (role, epoch) is taken under the lock a role event also takes: a role change is
            // either in the result or sent after it, never lost in between
            session.attach(peer, helloResult.get(), clock.instant());
        }
        LOG.info("application {} connected from {}{}", name, peer.remoteAddress(), fresh ? "" : " (came back)");
        return session;
    }

    /** The connection of this session closed: apply the orphan policy. */
    void detach(ApplicationSession session, Peer peer) {
        if (!session.detach(peer, clock.instant())) {
            return;
        }
        ConnectorSettings s = settings.get();
        if (s.orphanPolicy() == ConnectorSettings.OrphanPolicy.HANGUP || s.orphanGraceMs() == 0) {
            LOG.info("application {} disconnected: orphan policy {}", session.name(), s.orphanPolicy());
            expire(session);
            return;
        }
        LOG.info("application {} disconnected: its calls are held for {} ms", session.name(), s.orphanGraceMs());
        session.orphanTimer(scheduler.schedule(() -> expire(session), s.orphanGraceMs()));
    }

    /** The grace period is over (or the policy is hangup): hang up its calls where this node serves. */
    void expire(ApplicationSession session) {
        synchronized (this) {
            if (!session.isAway() || sessions.get(session.name()) != session) {
                return; // it came back meanwhile
            }
            if (!node.serving()) {
                session.markExpired();
                LOG.info("application {} did not come back; this node is {}: its calls are hung up if it takes over",
                        session.name(), node.role());
                return;
            }
            sessions.remove(session.name());
        }
        session.unregister();
        List<String> ids = callsOf(session.name()).stream().map(Call::id).toList();
        LOG.info("application {} did not come back: hanging up its {} calls", session.name(), ids.size());
        hangUp(ids);
    }

    void remove(ApplicationSession session) {
        synchronized (this) {
            sessions.remove(session.name(), session);
        }
        session.unregister();
    }

    void hangUp(List<String> callIds) {
        for (String id : callIds) {
            try {
                control.hangUp(id);
            } catch (CallControlException e) {
                LOG.debug("orphaned call {} not hung up: {}", id, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("orphaned call {} not hung up: {}", id, e.toString());
            }
        }
    }

    List<Call> callsOf(String application) {
        return control.calls().stream().filter(c -> application.equals(c.application())).toList();
    }

    /**
     * The role change last sent to the applications, or null before the first. Called by a hello
     * result under this object's lock: the sync bundle tells listeners of a demotion before its own
     * status shows it, so the hello result takes its role from here.
     */
    synchronized RoleChange lastRoleChange() {
        return lastRoleChange;
    }

    /** Every connection hears of every role change of this node. */
    synchronized void roleChanged(RoleChange change) {
        lastRoleChange = change;
        ObjectNode frame = EventFrames.role(change);
        for (ApplicationSession session : snapshot()) {
            Peer peer = session.peer();
            if (peer != null) {
                peer.send(frame); // frames are read-only once built: one is shared
            }
        }
    }

    List<ConnectedApplication> list() {
        Map<String, Integer> counts = new HashMap<>();
        for (Call call : control.calls()) {
            if (call.application() != null) {
                counts.merge(call.application(), 1, Integer::sum);
            }
        }
        return snapshot().stream()
                .map(s -> s.view(counts.getOrDefault(s.name(), 0)))
                .sorted(Comparator.comparing(ConnectedApplication::name))
                .toList();
    }

    /** Closes every connection and takes every application off the whiteboard (connector stopping). */
    void closeAll(String reason) {
        List<ApplicationSession> all;
        synchronized (this) {
            all = new ArrayList<>(sessions.values());
            sessions.clear();
        }
        for (ApplicationSession session : all) {
            Peer peer = session.peer();
            if (peer != null) {
                peer.close(reason);
            }
            session.unregister();
        }
    }

    private synchronized List<ApplicationSession> snapshot() {
        return new ArrayList<>(sessions.values());
    }
}

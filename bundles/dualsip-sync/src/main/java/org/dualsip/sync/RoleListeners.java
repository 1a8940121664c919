package org.dualsip.sync;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.api.pair.RoleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered {@link RoleListener}s (the floating-address component, the call engine). Each is told
 * synchronously, on the caller's (role) thread, so a demotion has taken effect when {@link #tellAll}
 * returns; a listener that throws is logged and the others are still told.
 */
final class RoleListeners {

    private static final Logger LOG = LoggerFactory.getLogger(RoleListeners.class);

    private final List<RoleListener> listeners = new CopyOnWriteArrayList<>();

    void add(RoleListener listener) {
        listeners.add(listener);
    }

    void remove(RoleListener listener) {
        listeners.remove(listener);
    }

    void tellAll(RoleChange change) {
        for (RoleListener listener : listeners) {
            tell(listener, change);
        }
    }

    void tell(RoleListener listener, RoleChange change) {
        try {
            listener.roleChanged(change);
        } catch (RuntimeException e) {
            LOG.error("A role listener failed on {} -> {}", change.from(), change.to(), e);
        }
    }
}

package org.dualsip.sync;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.dualsip.api.pair.PairService;
import org.dualsip.api.pair.PairStatus;
import org.dualsip.api.pair.RecordMirror;
import org.dualsip.api.pair.RecordReplicator;
import org.dualsip.api.pair.ReplicatedRecord;
import org.dualsip.api.pair.RoleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@link Pair} into OSGi: configuration from PID org.dualsip.sync, RoleListeners (whiteboard)
 * and the call engine's RecordMirror. A configuration change restarts the sync link (the node then
 * rejoins as a returning node would: PASSIVE if the peer is active); a bad value is refused naming
 * the key and the running configuration stays.
 */
@Component(service = {PairService.class, RecordReplicator.class}, configurationPid = SyncSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = PairConfig.class)
public class PairComponent implements PairService, RecordReplicator {

    private static final Logger LOG = LoggerFactory.getLogger(PairComponent.class);

    private final AtomicReference<RecordMirror> mirror = new AtomicReference<>();
    private final List<RoleListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile SyncSettings settings;
    private volatile Pair pair;

    @Activate
    public PairComponent(Map<String, Object> properties) throws Exception {
        settings = SyncSettings.from(properties, defaultEpochDir());
        pair = startPair(settings);
    }

    @Modified
    void modified(Map<String, Object> properties) throws Exception {
        SyncSettings next;
        try {
            next = SyncSettings.from(properties, defaultEpochDir());
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration refused, keeping the previous one: {}", e.getMessage());
            return;
        }
        if (next.equals(settings)) {
            return;
        }
        LOG.info("Configuration of {} changed: restarting the sync link", SyncSettings.PID);
        pair.close();
        settings = next;
        pair = startPair(next);
    }

    @Deactivate
    void deactivate() {
        pair.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoleListener(RoleListener listener) {
        listeners.add(listener);
        Pair current = pair;
        if (current != null) {
            current.addRoleListener(listener);
        }
    }

    void removeRoleListener(RoleListener listener) {
        listeners.remove(listener);
        Pair current = pair;
        if (current != null) {
            current.removeRoleListener(listener);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setRecordMirror(RecordMirror recordMirror) {
        mirror.set(recordMirror);
    }

    void unsetRecordMirror(RecordMirror recordMirror) {
        mirror.compareAndSet(recordMirror, null);
    }

    @Override
    public PairStatus status() {
        return pair.status();
    }

    @Override
    public void switchover() {
        pair.switchover();
    }

    @Override
    public Outcome replicate(ReplicatedRecord record) {
        return pair.replicate(record);
    }

    private Pair startPair(SyncSettings s) throws Exception {
        Pair created = new Pair(s, mirror::get, new AlwaysAllowTakeover(), List.of());
        for (RoleListener listener : listeners) {
            created.addRoleListener(listener);
        }
        try {
            created.start();
        } catch (Exception e) {
            created.close();
            throw e;
        }
        return created;
    }

    private static Path defaultEpochDir() {
        String data = System.getProperty("karaf.data", System.getProperty("java.io.tmpdir"));
        return Path.of(data, "dualsip");
    }
}

package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RecordReplicator.Outcome;
import org.dualsip.api.pair.ReplicatedRecord;
import org.dualsip.api.pair.RoleChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairComponentTest {

    @TempDir
    Path dir;

    private Map<String, Object> config(String name) {
        Map<String, Object> props = new HashMap<>();
        props.put("node.name", name);
        props.put("epoch.dir", dir.toString());
        return props;
    }

    @Test
    void standaloneFromConfigurationTellsLateListenersAndKeepsGoodConfigOnABadChange() throws Exception {
        PairComponent component = new PairComponent(config("one"));
        try {
            List<RoleChange> told = new CopyOnWriteArrayList<>();
            component.addRoleListener(told::add);
            long deadline = System.currentTimeMillis() + 2000;
            while (told.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(Role.STANDALONE, told.get(0).to(), "a late listener learns the current role");
            assertEquals(Outcome.NO_PEER, component.replicate(new ReplicatedRecord("k", 1, false, null)));

            Map<String, Object> bad = config("two");
            bad.put("bind.port", "x");
            component.modified(bad);
            assertEquals("one", component.status().node(), "the bad change was refused");
        } finally {
            component.deactivate();
        }
    }

    @Test
    void firstActivationWithABadValueFailsNamingTheKey() {
        Map<String, Object> bad = config("one");
        bad.put("peer", "nocolon");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PairComponent(bad));
        assertTrue(e.getMessage().contains("org.dualsip.sync: key 'peer'"), e.getMessage());
    }
}

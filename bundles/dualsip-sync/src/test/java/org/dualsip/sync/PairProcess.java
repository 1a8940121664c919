package org.dualsip.sync;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One node of a pair in its own JVM, for tests that kill a real process (SIGKILL closes its sockets
 * the way {@code kill -9} of a Karaf node does; a crashed channel in the test's JVM does not).
 *
 * <p>Arguments: node name, bind port, peer port (on 127.0.0.1), priority, startup wait (ms), epoch
 * directory. Runs until killed; logs role changes on stdout.
 */
public final class PairProcess {

    private PairProcess() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("node.name", args[0]);
        props.put("bind.port", Integer.parseInt(args[1]));
        props.put("peer", "127.0.0.1:" + args[2]);
        props.put("priority", Integer.parseInt(args[3]));
        props.put("startup.wait.ms", Long.parseLong(args[4]));
        props.put("epoch.dir", args[5]);
        InMemoryMirror mirror = new InMemoryMirror();
        Pair pair = new Pair(SyncSettings.from(props, Path.of(args[5])), () -> mirror, new AlwaysAllowTakeover(),
                List.of());
        pair.addRoleListener(change -> System.out.println("ROLE " + change.from() + " -> " + change.to()
                + " epoch " + change.epoch() + " (" + change.reason() + ")"));
        pair.start();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}

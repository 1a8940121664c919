package org.dualsip.sync;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dualsip.api.pair.SyncState;

/**
 * One node of a pair in its own JVM, for tests that kill a real process (SIGKILL closes its sockets
 * the way {@code kill -9} of a Karaf node does; a crashed channel in the test's JVM does not).
 *
 * <p>Arguments: node name, bind port, peer port (on 127.0.0.1), priority, startup wait (ms), epoch
 * directory. Runs until killed. On stdout: every role change as {@code ROLE from -> to epoch N at T
 * (reason)} and every change of the sync state as {@code SYNC state at T}, T being
 * {@link System#nanoTime()} (one monotonic clock for every JVM of this machine, so the test can
 * subtract its own kill time from it).
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
                + " epoch " + change.epoch() + " at " + System.nanoTime() + " (" + change.reason() + ")"));
        pair.start();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sync-state-printer");
            t.setDaemon(true);
            return t;
        });
        SyncState[] last = {null};
        watcher.scheduleWithFixedDelay(() -> {
            SyncState now = pair.status().sync();
            if (now != last[0]) {
                last[0] = now;
                System.out.println("SYNC " + now + " at " + System.nanoTime());
            }
        }, 5, 5, TimeUnit.MILLISECONDS);
        new CountDownLatch(1).await(); // until SIGKILL
    }
}

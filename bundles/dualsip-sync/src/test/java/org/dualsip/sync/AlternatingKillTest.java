package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both nodes are real processes and take turns: the active is killed with SIGKILL, the survivor takes
 * over, the killed node is started again (same ports, same epoch directory, as a restarted Karaf node)
 * and rejoins as the passive, and then the new active is killed, and so on. So most kills hit a pair
 * that has just re-formed after a restart, where a survivor once learnt of the death only from
 * missing heartbeats (~500 ms) instead of the closed failure-detection connection (tens of ms).
 * Ports: a free block of six in 127.0.0.1:47200-47299.
 */
class AlternatingKillTest {

    private static final int KILLS = Integer.getInteger("killtest.kills", 10);
    /** A takeover by the closed connection is far below it; one by missing heartbeats is not. */
    private static final long LIMIT_MS = 300;
    private static final Pattern ROLE_ACTIVE = Pattern.compile("ROLE \\w+ -> ACTIVE epoch \\d+ at (\\d+)");

    @TempDir
    Path dir;
    private final Process[] children = new Process[2];
    private final Path[] logs = new Path[2];
    private final String[] names = {"a", "b"};
    private int portA;

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : children) {
            if (p != null) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String keep = System.getProperty("killtest.logs");
        if (keep != null) { // -Dkilltest.logs=DIR keeps the children's output for a look at failure detection
            Files.createDirectories(Path.of(keep));
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                    Files.copy(f, Path.of(keep, f.getFileName().toString()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void everyKillOfARejoinedPairIsNoticedByTheClosedConnection() throws Exception {
        portA = freeBlockOfSix();
        start(0, 0);
        await(15_000, () -> contains(0, "-> ACTIVE"), () -> "a ACTIVE; its output: " + read(logs[0]));
        start(1, 0);
        awaitPassiveInSync(1);
        int active = 0;
        long[] ms = new long[KILLS];
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            int survivor = 1 - active;
            int before = countActive(survivor);
            long killed = System.nanoTime();
            children[active].destroyForcibly();
            await(5000, () -> countActive(survivor) > before, () -> "takeover by " + names[survivor]);
            ms[i] = TimeUnit.NANOSECONDS.toMillis(lastActiveAt(survivor) - killed);
            assertTrue(children[active].waitFor(5, TimeUnit.SECONDS), "the killed child is gone");
            if (ms[i] >= LIMIT_MS) {
                slow.add("kill " + (i + 1) + " (" + ms[i] + " ms), survivor log " + logs[survivor]);
            }
            System.out.println("kill " + (i + 1) + " of " + names[active] + " -> " + names[survivor] + " ACTIVE in "
                    + ms[i] + " ms");
            if (i + 1 < KILLS) {
                start(active, i + 1);
                awaitPassiveInSync(active);
            }
            active = survivor;
        }
        System.out.println("takeover after SIGKILL, alternating with rejoins: " + Arrays.toString(ms) + " ms");
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.println("takeover after SIGKILL, alternating: p50=" + sorted[KILLS / 2] + " ms max="
                + sorted[KILLS - 1] + " ms");
        if (!slow.isEmpty()) {
            slow.forEach(s -> System.out.println("SLOW " + s + ":\n" + read(Path.of(s.substring(s.indexOf("log ") + 4)))));
        }
        assertTrue(slow.isEmpty(), "takeovers not from the closed connection: " + slow);
    }

    private void start(int node, int round) throws IOException {
        logs[node] = dir.resolve(names[node] + "-" + round + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // -Dkilltest.jvm="-Xms512m -XX:+AlwaysPreTouch" gives the children a Karaf-sized resident heap.
        command.addAll(List.of(System.getProperty("killtest.jvm", "-Xmx64m").trim().split("\\s+")));
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djava.net.preferIPv4Stack=true");
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("org.slf4j.simpleLogger"))
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PairProcess.class.getName());
        int port = portA + 3 * node;
        int peerPort = portA + 3 * (1 - node);
        command.addAll(List.of(names[node], String.valueOf(port), String.valueOf(peerPort), "100", "3000",
                dir.resolve("epoch-" + names[node]).toString()));
        children[node] = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logs[node].toFile())
                .start();
    }

    private void awaitPassiveInSync(int node) {
        await(20_000, () -> {
            String log = read(logs[node]);
            int passive = log.lastIndexOf("-> PASSIVE");
            return passive >= 0 && log.indexOf("SYNC IN_SYNC", passive) > 0 && log.indexOf("-> ACTIVE", passive) < 0;
        }, () -> names[node] + " PASSIVE and IN_SYNC; its output: " + read(logs[node]));
    }

    private int countActive(int node) {
        Matcher m = ROLE_ACTIVE.matcher(read(logs[node]));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private long lastActiveAt(int node) {
        Matcher m = ROLE_ACTIVE.matcher(read(logs[node]));
        long at = -1;
        while (m.find()) {
            at = Long.parseLong(m.group(1));
        }
        return at;
    }

    private boolean contains(int node, String text) {
        return read(logs[node]).contains(text);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Six free ports (each node: sync port and two FD_SOCK2 candidates) in 47200-47299. */
    private static int freeBlockOfSix() {
        for (int first = 47200; first + 6 <= 47300; first += 6) {
            boolean free = true;
            for (int port = first; port < first + 6 && free; port++) {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.bind(new InetSocketAddress("127.0.0.1", port));
                } catch (IOException inUse) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no six free ports in 127.0.0.1:47200-47299");
    }

    private static void await(long ms, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + ms + " ms waiting for " + what.get());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}

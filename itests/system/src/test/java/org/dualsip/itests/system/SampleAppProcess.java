package org.dualsip.itests.system;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample application (clients/dualsip-sample-app, its runnable jar) as a separate process, as an
 * operator would run it; its log is a file the test reads. {@link #close()} stops it (SIGTERM, then
 * SIGKILL).
 */
final class SampleAppProcess implements AutoCloseable {

    private static final Pattern COUNTER = Pattern.compile("(\\w+)=(\\d+)");

    private final Process process;
    private final Path log;

    private SampleAppProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static SampleAppProcess start(Path log, List<String> args) throws IOException {
        Path jar = Path.of(System.getProperty("dualsip.sample.app",
                "../../clients/dualsip-sample-app/target/dualsip-sample-app.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("sample application jar missing: " + jar.toAbsolutePath()
                    + " (build clients/dualsip-sample-app)");
        }
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toAbsolutePath().toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return new SampleAppProcess(process, log);
    }

    List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    long count(String marker) {
        return lines().stream().filter(line -> line.contains(marker)).count();
    }

    /** Waits until a log line satisfies the condition; false after the timeout. */
    boolean awaitLine(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (lines().stream().anyMatch(condition)) {
                return true;
            }
            if (!process.isAlive()) {
                return lines().stream().anyMatch(condition);
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** A counter of the latest "STATS" line (e.g. "hungUp"), or -1. */
    long counter(String name) {
        List<String> all = lines();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).contains("STATS ")) {
                Matcher matcher = COUNTER.matcher(all.get(i));
                while (matcher.find()) {
                    if (matcher.group(1).equals(name)) {
                        return Long.parseLong(matcher.group(2));
                    }
                }
            }
        }
        return -1;
    }

    /** Waits until the counter reaches the value (STATS lines come every second with --stats-every-s 1). */
    boolean awaitCounter(String name, long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (counter(name) >= atLeast) {
                return true;
            }
            Thread.sleep(250);
        }
        return counter(name) >= atLeast;
    }

    String tail() {
        List<String> all = lines();
        return "--- " + log + " (tail) ---\n" + String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    }

    Optional<ProcessHandle> handle() {
        return process.isAlive() ? Optional.of(process.toHandle()) : Optional.empty();
    }

    /** Stops the application gracefully (its final STATS line is written) and then for sure. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}

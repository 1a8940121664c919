package org.dualsip.bench.sipp;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs SIPp as a child process, bounded in time, and reads its call counters.
 *
 * <p>SIPp is found on the PATH, or at the path in the system property {@code sipp.path}. When it is
 * missing the run fails at once with a message saying which package to install.
 */
public final class SippRunner {

    /** Grace after SIPp's own {@code -timeout} before the process is killed. */
    static final Duration KILL_GRACE = Duration.ofSeconds(15);

    private final String executable;

    public SippRunner(String executable) {
        this.executable = executable;
    }

    /** A runner for the SIPp found on this machine; fails clearly when there is none. */
    public static SippRunner locate() {
        String configured = System.getProperty("sipp.path");
        if (configured != null && !configured.isBlank()) {
            return new SippRunner(requireExecutable(Path.of(configured)));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "sipp");
            if (Files.isExecutable(candidate)) {
                return new SippRunner(candidate.toString());
            }
        }
        throw new IllegalStateException("SIPp not found on the PATH (nor -Dsipp.path): install it, "
                + "e.g. 'apt-get install sip-tester' on Debian; the system tests and the benchmark need it");
    }

    private static String requireExecutable(Path path) {
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("sipp.path=" + path + " is not an executable SIPp "
                    + "(install it, e.g. 'apt-get install sip-tester' on Debian)");
        }
        return path.toString();
    }

    /** Runs SIPp to the end (bounded by the run's timeout plus a grace) and reads its counters. */
    public SippResult run(SippRun run) throws IOException, InterruptedException {
        try (Running running = start(run)) {
            return running.await();
        }
    }

    /** Starts SIPp in the background; {@link Running#await()} collects the result. */
    public Running start(SippRun run) throws IOException {
        Files.createDirectories(run.workDir());
        for (Path stale : List.of(run.statisticsFile(), run.screenFile(), run.errorFile())) {
            Files.deleteIfExists(stale);
        }
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(run.arguments());
        Path output = run.workDir().resolve("sipp-stdout.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return new Running(run, command, output, process, System.nanoTime());
    }

    /** A SIPp process under way; closing it kills SIPp if it still runs. */
    public static final class Running implements AutoCloseable {

        private final SippRun run;
        private final List<String> command;
        private final Path output;
        private final Process process;
        private final long startedNanos;

        private Running(SippRun run, List<String> command, Path output, Process process, long startedNanos) {
            this.run = run;
            this.command = command;
            this.output = output;
            this.process = process;
            this.startedNanos = startedNanos;
        }

        /** Waits for SIPp to end (killing it after its timeout plus a grace) and reads its counters. */
        public SippResult await() throws IOException, InterruptedException {
            long bound = run.timeout().plus(KILL_GRACE).toNanos() - (System.nanoTime() - startedNanos);
            boolean finished = process.waitFor(Math.max(0, bound), TimeUnit.NANOSECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
            int exitCode = finished ? process.exitValue() : -1;
            SippStatistics.Counts counts = SippStatistics.read(run.statisticsFile())
                    .orElse(new SippStatistics.Counts(0, run.calls()));
            return new SippResult(exitCode, counts.successful(), counts.failed(), elapsed, !finished,
                    report(command, run, output));
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String report(List<String> command, SippRun run, Path output) {
        return "command: " + String.join(" ", command) + "\n"
                + "--- screen (tail) ---\n" + tail(run.screenFile(), 40)
                + "--- errors (tail) ---\n" + tail(run.errorFile(), 20)
                + "--- stdout (tail) ---\n" + tail(output, 10);
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file.getFileName() + ")\n";
            }
            List<String> all = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e + ")\n";
        }
    }
}

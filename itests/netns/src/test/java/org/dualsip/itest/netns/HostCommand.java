package org.dualsip.itest.netns;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One bounded command on the host (e.g. {@code ip ...}), its output captured in a file (never a pipe
 * a child could hold open), its exit status always checked by the caller or by {@link #require}.
 *
 * @param exit   the exit status; -1 when the command was killed after its timeout
 * @param output stdout and stderr, merged
 */
record HostCommand(List<String> command, int exit, String output) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    static HostCommand run(String... command) {
        return run(DEFAULT_TIMEOUT, List.of(command));
    }

    static HostCommand run(Duration timeout, List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("dsn-cmd-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            int exit = -1;
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = process.exitValue();
            } else {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            return new HostCommand(command, exit, Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new HostCommand(command, 127, "could not run " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HostCommand(command, -1, "interrupted");
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // A temp file left behind is harmless.
                }
            }
        }
    }

    /** Runs the command and fails with its output unless it exits 0. */
    static String require(String... command) {
        HostCommand result = run(command);
        if (!result.succeeded()) {
            throw new IllegalStateException(result.describe());
        }
        return result.output();
    }

    boolean succeeded() {
        return exit == 0;
    }

    String describe() {
        return "'" + String.join(" ", command) + "' exited " + exit + ": " + output.strip();
    }
}

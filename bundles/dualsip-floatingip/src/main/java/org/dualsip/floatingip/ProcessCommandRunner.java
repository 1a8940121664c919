package org.dualsip.floatingip;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dualsip.api.address.AddressException;

/**
 * {@link CommandRunner} over {@link ProcessBuilder}. A command prefix (empty in production; e.g.
 * {@code ip netns exec dsl-drv1} in tests) is put in front of every command line. Output is read
 * on the given executor, so that a chatty command can never block on a full pipe.
 */
final class ProcessCommandRunner implements CommandRunner {

    /** How long a stopped command may take to go after SIGTERM before it gets SIGKILL. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    private final List<String> prefix;
    private final Executor outputReaders;
    private final ToolSearch tools;

    ProcessCommandRunner(List<String> prefix, Executor outputReaders, ToolSearch tools) {
        this.prefix = List.copyOf(prefix);
        this.outputReaders = outputReaders;
        this.tools = tools;
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws AddressException {
        Started started = start(command, false);
        try {
            return started.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            started.stopAndWait();
            return started.timedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.stopAndWait();
            throw new AddressException("interrupted while running '" + String.join(" ", command) + "'");
        } catch (ExecutionException e) {
            throw new AddressException("'" + String.join(" ", command) + "' failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public RunningCommand startUntilLine(List<String> command, String linePrefix, Duration timeout)
            throws AddressException {
        Started started = start(command, false);
        CompletableFuture<Void> marker = started.stdoutLine(linePrefix);
        try {
            CompletableFuture.anyOf(marker, started.result).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return started;
        } catch (TimeoutException e) {
            started.stopAndWait();
            started.markTimedOut();
            return started;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.stopAndWait();
            throw new AddressException("interrupted while starting '" + String.join(" ", command) + "'");
        } catch (ExecutionException e) {
            started.stopAndWait();
            throw new AddressException("'" + String.join(" ", command) + "' failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public RunningCommand startWithOpenInput(List<String> command) throws AddressException {
        return start(command, true);
    }

    private Started start(List<String> command, boolean keepInputOpen) throws AddressException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        // The JVM looks the program up in its own PATH, which may lack sbin: resolve it here.
        String program = full.get(0);
        full.set(0, tools.find(program).map(Object::toString).orElseThrow(() -> new AddressException(
                "tool '" + program + "' not found (searched " + tools.searchPath() + ")")));
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(full);
            builder.environment().put("PATH", tools.searchPath());
            builder.environment().put("LC_ALL", "C");
            process = builder.start();
        } catch (IOException e) {
            throw new AddressException("cannot run '" + command.get(0) + "' (" + e.getMessage() + ")", e);
        }
        if (!keepInputOpen) {
            closeQuietly(process);
        }
        return new Started(command, process);
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the process ended already; nothing to tell it
        }
    }

    /** A started process, its output collected as it comes. */
    private final class Started implements RunningCommand {
        private final List<String> command;
        private final Process process;
        private final StringBuffer stdout = new StringBuffer();
        private final List<LineWatch> watches = new ArrayList<>();
        private final CompletableFuture<String> stdoutDone;
        private final CompletableFuture<String> stderrDone;
        private final CompletableFuture<CommandResult> result;
        private volatile boolean timedOut;
        private volatile boolean stopRequested;

        private record LineWatch(String prefix, CompletableFuture<Void> seen) {
        }

        Started(List<String> command, Process process) {
            this.command = command;
            this.process = process;
            this.stdoutDone = CompletableFuture.supplyAsync(this::readStdout, outputReaders);
            this.stderrDone = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), outputReaders);
            this.result = process.onExit()
                    .thenCompose(p -> stdoutDone.thenCombine(stderrDone, (out, err) -> new CommandResult(command,
                            timedOut || stopRequested ? -1 : p.exitValue(), out, err, timedOut)))
                    .exceptionally(e -> new CommandResult(command, -1, stdout.toString(), e.toString(), timedOut));
        }

        synchronized CompletableFuture<Void> stdoutLine(String linePrefix) {
            CompletableFuture<Void> seen = new CompletableFuture<>();
            for (String line : stdout.toString().split("\\R")) {
                if (line.startsWith(linePrefix)) {
                    seen.complete(null);
                    return seen;
                }
            }
            watches.add(new LineWatch(linePrefix, seen));
            return seen;
        }

        private String readStdout() {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lineRead(line);
                }
            } catch (IOException e) {
                stdout.append("(output unreadable: ").append(e.getMessage()).append(')');
            }
            return stdout.toString();
        }

        private synchronized void lineRead(String line) {
            stdout.append(line).append('\n');
            watches.removeIf(watch -> line.startsWith(watch.prefix()) && watch.seen().complete(null));
        }

        private String readAll(InputStream stream) {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void markTimedOut() {
            timedOut = true;
        }

        CommandResult timedOut() {
            return new CommandResult(command, -1, stdout.toString(), stderrDone.getNow(""), true);
        }

        void stopAndWait() {
            timedOut = true;
            stop();
        }

        @Override
        public CompletableFuture<CommandResult> result() {
            return result;
        }

        @Override
        public void stop() {
            stopRequested = true;
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            } finally {
                closeQuietly(process);
            }
        }

        @Override
        public void abandon() {
            closeQuietly(process);
        }
    }
}

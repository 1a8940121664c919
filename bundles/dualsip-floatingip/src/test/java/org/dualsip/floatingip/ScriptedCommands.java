package org.dualsip.floatingip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A {@link CommandRunner} for the driver's logic without a network: answers each command by the
 * first matching script (command text prefix), journals what ran, in order.
 */
final class ScriptedCommands implements CommandRunner {

    /** Every command run or started, as one line of text. */
    final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Function<List<String>, CommandResult>> scripts = new ConcurrentHashMap<>();
    /** Started commands that have not been told to end (arping lingering, guards). */
    final List<Lingering> lingering = Collections.synchronizedList(new ArrayList<>());

    /** Commands starting with {@code prefix} end with this exit status and output. */
    void answer(String prefix, int exitCode, String stdout, String stderr) {
        scripts.put(prefix, command -> new CommandResult(command, exitCode, stdout, stderr, false));
    }

    /** Commands starting with {@code prefix} run past any limit. */
    void hang(String prefix) {
        scripts.put(prefix, command -> null);
    }

    long count(String prefix) {
        synchronized (journal) {
            return journal.stream().filter(line -> line.startsWith(prefix)).count();
        }
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) {
        journal.add(String.join(" ", command));
        CommandResult result = answerFor(command);
        return result != null ? result : new CommandResult(command, -1, "", "", true);
    }

    @Override
    public RunningCommand startUntilLine(List<String> command, String linePrefix, Duration timeout) {
        journal.add(String.join(" ", command));
        CommandResult result = answerFor(command);
        Lingering started = new Lingering(command);
        if (result != null && result.exitCode() != 0) {
            started.result.complete(result);
        } else {
            lingering.add(started); // printed its header and waits, as arping does
        }
        return started;
    }

    @Override
    public RunningCommand startWithOpenInput(List<String> command) {
        return startUntilLine(command, "", Duration.ZERO);
    }

    private CommandResult answerFor(List<String> command) {
        String line = String.join(" ", command);
        return scripts.entrySet().stream().filter(e -> line.startsWith(e.getKey())).findFirst()
                .map(e -> e.getValue().apply(command))
                .orElse(new CommandResult(command, 0, "", "", false));
    }

    /** A started command that ends when stopped. */
    final class Lingering implements RunningCommand {
        final List<String> command;
        final CompletableFuture<CommandResult> result = new CompletableFuture<>();
        volatile boolean abandoned;

        Lingering(List<String> command) {
            this.command = command;
        }

        @Override
        public CompletableFuture<CommandResult> result() {
            return result;
        }

        @Override
        public void stop() {
            journal.add("stop " + String.join(" ", command));
            lingering.remove(this);
            result.complete(new CommandResult(command, -1, "", "", false));
        }

        @Override
        public void abandon() {
            abandoned = true;
        }
    }

}

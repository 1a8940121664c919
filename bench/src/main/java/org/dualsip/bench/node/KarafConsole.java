package org.dualsip.bench.node;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Karaf shell commands on a node through its SSH console ({@code bin/client}), bounded in time.
 * The commands are piped in with {@code -b}: with its stdin at end-of-file {@code bin/client "cmd"}
 * only prints "Closed".
 */
public final class KarafConsole {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Path home;
    private final int sshPort;
    private final List<String> commandPrefix;

    public KarafConsole(Path home, int sshPort) {
        this(home, sshPort, List.of());
    }

    /** A console whose bin/client runs behind the prefix, e.g. {@code ip netns exec NS} (the node's namespace). */
    public KarafConsole(Path home, int sshPort, List<String> commandPrefix) {
        this.home = home;
        this.sshPort = sshPort;
        this.commandPrefix = List.copyOf(commandPrefix);
    }

    /** The console output of the commands (empty when the console does not answer within 30 s). */
    public String run(String... commands) throws IOException, InterruptedException {
        return run(DEFAULT_TIMEOUT, commands);
    }

    public String run(Duration timeout, String... commands) throws IOException, InterruptedException {
        Path output = Files.createTempFile(home, "console-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(arguments())
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    // A file, not a pipe: nothing can keep it open after the client exits.
                    .redirectOutput(output.toFile());
            builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException clientAlreadyGone) {
                // The client exited before reading (console down): its output says why.
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The node's dualsip:status, read from {@code --json}. */
    public NodeStatusView status() throws IOException, InterruptedException {
        return NodeStatusView.parse(run("dualsip:status --json"));
    }

    List<String> arguments() {
        List<String> arguments = new ArrayList<>(commandPrefix);
        arguments.addAll(List.of(home.resolve("bin/client").toString(), "-b", "-u", "karaf", "-p", "karaf",
                "-h", "127.0.0.1", "-a", Integer.toString(sshPort), "-r", "1", "-d", "1"));
        return arguments;
    }
}

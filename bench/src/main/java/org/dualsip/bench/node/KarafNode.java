package org.dualsip.bench.node;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One dualsip node booted from a copy of the built distribution: copies it into its own directory,
 * sets its ports and service address, starts it with {@code bin/start}, waits until SIP answers an
 * OPTIONS, and stops it with {@code bin/stop}, killing the JVM if it outlives that.
 *
 * <p>{@link #close()} always stops the node; a JVM shutdown hook does the same if the caller dies first.
 *
 * <p>A node can run in another network namespace: {@link #withCommandPrefix} puts e.g.
 * {@code ip netns exec NS} before {@code bin/start}, {@code bin/stop} and {@code bin/client}; the JVM then
 * lives in that namespace (its SSH console on the namespace's own loopback). {@link #withConfig} sets
 * further keys of any PID after the usual ones (e.g. {@code org.dualsip.floatingip driver=linux}).
 */
public final class KarafNode implements AutoCloseable {

    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** What Karaf logs when a boot feature cannot be installed: the node will never serve SIP. */
    static final String BOOT_FAILURE = "Error installing boot features";

    /** Files of a previous run in the source folder that must not follow into a fresh node. */
    private static final List<String> SKIPPED = List.of("data", "instances", "karaf.pid", "lock");

    private final Path distribution;
    private final Path home;
    private final NodeSettings settings;
    private final List<String> commandPrefix;
    private final Map<String, Map<String, String>> extraConfig;
    private final Thread shutdownHook;
    private volatile boolean started;

    public KarafNode(Path distribution, Path home, NodeSettings settings) {
        this(distribution, home, settings, List.of(), Map.of());
    }

    private KarafNode(Path distribution, Path home, NodeSettings settings, List<String> commandPrefix,
            Map<String, Map<String, String>> extraConfig) {
        this.distribution = distribution.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
        this.settings = settings;
        this.commandPrefix = List.copyOf(commandPrefix);
        this.extraConfig = copyOf(extraConfig);
        this.shutdownHook = new Thread(this::killQuietly, "karaf-node-stop-" + home.getFileName());
    }

    /**
     * The same node, its scripts (bin/start, bin/stop, bin/client) run behind the prefix, e.g.
     * {@code List.of("ip", "netns", "exec", "ns1")}. Call before the node is started.
     */
    public KarafNode withCommandPrefix(List<String> prefix) {
        return new KarafNode(distribution, home, settings, prefix, extraConfig);
    }

    /** The same node with further keys of {@code pid} written after the usual configuration. */
    public KarafNode withConfig(String pid, Map<String, String> keys) {
        Map<String, Map<String, String>> changed = new LinkedHashMap<>(extraConfig);
        Map<String, String> merged = new LinkedHashMap<>(changed.getOrDefault(pid, Map.of()));
        merged.putAll(keys);
        changed.put(pid, merged);
        return new KarafNode(distribution, home, settings, commandPrefix, changed);
    }

    /** The prefix the node's scripts run behind (empty: run directly). */
    public List<String> commandPrefix() {
        return commandPrefix;
    }

    private static Map<String, Map<String, String>> copyOf(Map<String, Map<String, String>> config) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        config.forEach((pid, keys) -> copy.put(pid, Map.copyOf(keys)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    public Path home() {
        return home;
    }

    public NodeSettings settings() {
        return settings;
    }

    /** Copies and configures the distribution, starts it and waits until SIP answers. */
    public KarafNode start() throws IOException, InterruptedException {
        launch();
        awaitSip();
        return this;
    }

    /**
     * Copies and configures the distribution and starts it, without waiting for SIP: a passive node
     * of a pair never answers on the service address. See {@link #console()} to wait for it.
     */
    public KarafNode launch() throws IOException, InterruptedException {
        prepare();
        return relaunch();
    }

    /** Starts the node again in its existing folder (configuration and data kept), e.g. after a kill. */
    public KarafNode relaunch() throws IOException, InterruptedException {
        if (!started) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            started = true;
        }
        int exit = runScript("start", Duration.ofSeconds(30));
        if (exit != 0) {
            throw new IllegalStateException("bin/start exited " + exit + " in " + home + "\n" + logTail());
        }
        return this;
    }

    /** Kills the node's JVM with SIGKILL (as {@code kill -9}) and waits until it is gone. */
    public void kill() throws InterruptedException {
        Optional<ProcessHandle> jvm = karafJvm();
        if (jvm.isPresent()) {
            jvm.get().destroyForcibly();
            awaitExit(jvm.get(), Duration.ofSeconds(10));
        }
    }

    /** The node's SSH console (bin/client). */
    public KarafConsole console() {
        return new KarafConsole(home, settings.sshPort(), commandPrefix);
    }


    /** Waits for an answer to OPTIONS; gives up early when the boot features failed or the JVM died. */
    private void awaitSip() throws IOException, InterruptedException {
        OptionsProbe probe = new OptionsProbe(probeAddress());
        long started = System.nanoTime();
        long deadline = started + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.probe(settings.sipAddress(), settings.sipPort(), Duration.ofMillis(500)).isPresent()) {
                return;
            }
            if (logContains(BOOT_FAILURE)) {
                throw new IllegalStateException("node in " + home + " failed to install its boot features\n"
                        + logTail());
            }
            if (System.nanoTime() - started > Duration.ofSeconds(10).toNanos() && karafJvm().isEmpty()) {
                throw new IllegalStateException("node JVM in " + home + " is gone\n" + logTail());
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("node in " + home + " did not answer OPTIONS on "
                + settings.sipTarget() + " within " + BOOT_TIMEOUT.toSeconds() + " s\n" + logTail());
    }

    /** True when the node's log contains the text (e.g. a role change it must never make). */
    public boolean logContains(String text) {
        try {
            Path log = home.resolve("data/log/karaf.log");
            return Files.exists(log)
                    && Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** The probe binds the service address itself: it is local, and it keeps the probe inside the range. */
    private String probeAddress() {
        return settings.sipAddress();
    }

    void prepare() throws IOException {
        if (!Files.isExecutable(distribution.resolve("bin/karaf"))) {
            throw new IllegalStateException("no Karaf distribution at " + distribution
                    + " (bin/karaf missing): build it first with 'mvn install' (karaf-assembly)");
        }
        deleteTree(home);
        copyTree(distribution, home);
        configure();
    }

    private void configure() throws IOException {
        Path etc = home.resolve("etc");
        PropertiesFileEditor.set(etc.resolve("org.apache.karaf.shell.cfg"), Map.of(
                "sshPort", Integer.toString(settings.sshPort()), "sshHost", "127.0.0.1"));
        PropertiesFileEditor.set(etc.resolve("org.apache.karaf.management.cfg"), Map.of(
                "rmiRegistryPort", Integer.toString(settings.rmiRegistryPort()),
                "rmiServerPort", Integer.toString(settings.rmiServerPort())));
        PropertiesFileEditor.set(etc.resolve("org.dualsip.sip.cfg"), Map.of(
                "port", Integer.toString(settings.sipPort()), "transports", settings.transports()));
        PropertiesFileEditor.set(etc.resolve("org.dualsip.floatingip.cfg"), Map.of(
                "address", settings.sipAddress(), "driver", "none"));
        PropertiesFileEditor.set(etc.resolve("org.dualsip.demo.cfg"), settings.demo());
        if (!settings.sync().isEmpty()) {
            PropertiesFileEditor.set(etc.resolve("org.dualsip.sync.cfg"), settings.sync());
        }
        for (Map.Entry<String, Map<String, String>> pid : extraConfig.entrySet()) {
            PropertiesFileEditor.set(etc.resolve(pid.getKey() + ".cfg"), pid.getValue());
        }
    }

    /** Stops the node: {@code bin/stop}, then the JVM is killed if it is still alive. */
    public void stop() throws InterruptedException {
        if (!started) {
            return;
        }
        try {
            runScript("stop", STOP_TIMEOUT);
        } catch (IOException e) {
            System.err.println("bin/stop failed in " + home + ": " + e);
        }
        Optional<ProcessHandle> jvm = karafJvm();
        if (jvm.isPresent() && !awaitExit(jvm.get(), STOP_TIMEOUT)) {
            jvm.get().destroy();
            if (!awaitExit(jvm.get(), Duration.ofSeconds(10))) {
                jvm.get().destroyForcibly();
                awaitExit(jvm.get(), Duration.ofSeconds(10));
            }
        }
        started = false;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself while the JVM exits: nothing to remove.
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void killQuietly() {
        karafJvm().ifPresent(ProcessHandle::destroyForcibly);
    }

    /** The node's JVM, while it runs (e.g. to read its CPU time). */
    public Optional<ProcessHandle> jvm() {
        return karafJvm().filter(ProcessHandle::isAlive);
    }

    /** The node's JVM: from karaf.pid, else the process whose command line names this node's home. */
    Optional<ProcessHandle> karafJvm() {
        Path pidFile = home.resolve("karaf.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                if (handle.isPresent() && handle.get().isAlive()) {
                    return handle;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Fall back to the command line below.
        }
        String marker = "-Dkaraf.base=" + home;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .findFirst();
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) throws InterruptedException {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    private int runScript(String name, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(commandPrefix);
        command.add(home.resolve("bin").resolve(name).toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                // A file, not a pipe: Karaf's JVM inherits the descriptors and would hold a pipe open.
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("bin-" + name + ".log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove("KARAF_NOROOT");
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** The end of the node's log, for failure messages. */
    public String logTail() {
        Path log = home.resolve("data/log/karaf.log");
        try {
            if (!Files.exists(log)) {
                return "(no " + log + ")";
            }
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return "--- " + log + " (tail) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable " + log + ": " + e + ")";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                if (relative.getNameCount() > 0 && SKIPPED.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    /**
     * The distribution to boot: the system property {@code dualsip.distribution}, else
     * {@code karaf-assembly/target/assembly} found upwards from the working directory.
     */
    public static Path locateDistribution() {
        String configured = System.getProperty("dualsip.distribution");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("karaf-assembly/target/assembly");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no distribution found: build karaf-assembly ('mvn install' at the root) "
                + "or pass -Ddualsip.distribution=<unpacked distribution folder>");
    }
}

package org.dualsip.itests.system;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real SIP user agent from Debian: {@code linphonec} (package linphone-cli, liblinphone 5.1) as a
 * child process, headless and scripted. The test writes its configuration (its own HOME under
 * target/, so it runs as root or without a HOME and never reads the user's), drives it with console
 * commands on stdin ({@code call}, {@code terminate}) and reads two files: the console output (call
 * states) and the debug log, whose SIP messages {@link SipTrace} parses.
 *
 * <p>Headless: {@code soundcard use files} (no sound card needed), video off, RTP without a no-RTP
 * timeout (nothing sends it media). 100rel and RFC 4028 session timers are set in the configuration
 * ({@link Options}). {@link #close()} sends {@code quit} and kills the process if it lingers.
 */
final class LinphoneAgent implements AutoCloseable {

    /** Who the UA names as refresher when it is free to choose (linphone's configuration values). */
    enum Refresher {
        UNSPECIFIED(0), UAS(1), UAC(2);

        final int configValue;

        Refresher(int configValue) {
            this.configValue = configValue;
        }
    }

    /**
     * How a UA is set up.
     *
     * @param name        user part of its contact and the folder name under the work directory
     * @param address     the loopback address it binds SIP to (also put in its SDP)
     * @param sipPort     its UDP SIP port
     * @param rtpBase     first of the 20 RTP ports it may use (audio: +0..+9, video: +10..+19)
     * @param sessionExpires the Session-Expires and Min-SE it asks and accepts
     * @param refresher   the refresher it names (as UAC in its INVITE, as UAS when the caller did not)
     * @param autoAnswer  answer incoming calls at once
     */
    record Options(String name, String address, int sipPort, int rtpBase, int sessionExpires, Refresher refresher,
            boolean autoAnswer) {
    }

    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Options options;
    private final Process process;
    private final OutputStream stdin;
    private final Path console;
    private final Path log;

    private LinphoneAgent(Options options, Process process, Path console, Path log) {
        this.options = options;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.console = console;
        this.log = log;
    }

    /** linphonec on the PATH, or an IllegalStateException naming the package to install. */
    static Path locate() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "linphonec");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("linphonec not found on the PATH: install it ('apt-get install "
                + "linphone-cli' on Debian); the interoperability tests need a real SIP user agent");
    }

    /** Writes the UA's configuration under {@code work}/name, starts it and waits until it listens. */
    static LinphoneAgent start(Options options, Path work) throws IOException, InterruptedException {
        Path executable = locate();
        Path dir = work.resolve(options.name());
        deleteTree(dir);
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".local/share/linphone")); // its call-log database
        Path config = dir.resolve("linphonerc");
        Files.writeString(config, configuration(options), StandardCharsets.UTF_8);
        Path console = dir.resolve("console.log");
        Path log = dir.resolve("sip.log");
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-c", config.toString(), "-d", "6",
                "-l", log.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("DISPLAY");
        LinphoneAgent agent = new LinphoneAgent(options, builder.start(), console, log);
        try {
            agent.awaitStartup();
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    static String configuration(Options o) {
        int rtp = o.rtpBase();
        return String.join("\n",
                "[sip]",
                "sip_port=" + o.sipPort(),
                "sip_tcp_port=0",
                "sip_tls_port=0",
                "bind_address=" + o.address(),
                "contact=sip:" + o.name() + "@" + o.address() + ":" + o.sipPort(),
                "guess_hostname=0",
                "use_ipv6=0",
                "register_only_when_network_is_up=0",
                // RFC 4028: Supported: timer, Session-Expires and Min-SE on its INVITEs, refreshes as the refresher.
                "session_expires_enabled=1",
                "session_expires_value=" + o.sessionExpires(),
                "session_expires_min_value=" + o.sessionExpires(),
                "session_expires_refresher_value=" + o.refresher().configValue,
                // RFC 3262, "mandatory": Supported: 100rel as UAC; as UAS its 180/183 are sent reliably.
                "100rel_support_level=2",
                "[rtp]",
                // RTP on the loopback address only, and the SDP names it (not the machine's interfaces).
                "bind_address=" + o.address(),
                "audio_rtp_port=" + rtp + "-" + (rtp + 9),
                "video_rtp_port=" + (rtp + 10) + "-" + (rtp + 19),
                // Nobody sends it RTP: without this it would end the call after 30 s of silence.
                "nortp_timeout=3600",
                "[video]",
                "enabled=0",
                "capture=0",
                "display=0",
                "automatically_initiate=0",
                "automatically_accept=0",
                "");
    }

    /** Waits until liblinphone is on (it listens only from then) and switches to file audio. */
    private void awaitStartup() throws IOException, InterruptedException {
        command("soundcard use files");
        if (options.autoAnswer()) {
            command("autoanswer enable");
        }
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            command("states");
            if (awaitConsole(line -> line.contains("LinphoneGlobalOn"), Duration.ofSeconds(1))) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
        }
        throw new IllegalStateException("linphonec " + options.name() + " did not start within "
                + STARTUP.toSeconds() + " s (alive: " + process.isAlive() + ")\n" + consoleTail());
    }

    Options options() {
        return options;
    }

    /** Its SIP URI, e.g. sip:ua3@127.0.0.111:47093. */
    String uri() {
        return "sip:" + options.name() + "@" + options.address() + ":" + options.sipPort();
    }

    /** Sends one console command (e.g. {@code call sip:demo@...}, {@code terminate}). */
    synchronized void command(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Waits for a console line (e.g. "connected", "ended"); false when none came in time. */
    boolean awaitConsole(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            if (consoleLines().stream().anyMatch(wanted)) {
                return true;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** Waits until its SIP log shows what the test expects; returns the last trace read. */
    SipTrace awaitTrace(Predicate<SipTrace> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SipTrace trace = trace();
        while (!wanted.test(trace) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            trace = trace();
        }
        return trace;
    }

    SipTrace trace() {
        return SipTrace.read(log);
    }

    List<String> consoleLines() {
        try {
            return Files.exists(console) ? Files.readAllLines(console, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    String consoleTail() {
        List<String> lines = consoleLines().stream().filter(l -> !l.contains("error") && !l.isBlank()).toList();
        return "--- linphonec " + options.name() + " console (tail) ---\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** Everything a failure message needs: the console tail and the SIP messages seen. */
    String describe() {
        return consoleTail() + "\n--- " + options.name() + " SIP messages (" + log + ") ---\n" + trace().summary();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
                for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                command("terminate all");
                command("quit");
            } catch (IOException e) {
                // Its stdin is gone: it is exiting anyway.
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}

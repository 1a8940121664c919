package org.dualsip.itest.netns;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A packet capture on the LAN bridge, taken from outside both nodes ({@code dumpcap} in
 * {@code dsn-lan}, Debian package tshark), with a capture filter on the project's own traffic: ARP,
 * ICMPv6 (neighbour discovery) and SIP on port 5060. Read back with {@code tshark}.
 */
final class BridgeCapture implements AutoCloseable {

    static final String FILTER = "arp or icmp6 or udp port 5060";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final Path file;
    private final Path log;
    private final Process process;

    private BridgeCapture(Path file, Path log, Process process) {
        this.file = file;
        this.log = log;
        this.process = process;
    }

    /** Starts capturing into {@code file}; returns once dumpcap reports that it captures. */
    static BridgeCapture start(Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Path log = file.resolveSibling(file.getFileName() + ".log");
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", NetnsTopology.LAN_NAMESPACE,
                "dumpcap", "-i", NetnsTopology.BRIDGE, "-f", FILTER, "-w", file.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        BridgeCapture capture = new BridgeCapture(file, log, process);
        capture.awaitReady();
        return capture;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log, StandardCharsets.UTF_8).contains("Capturing on")) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        close();
        throw new IllegalStateException("dumpcap did not start capturing on " + NetnsTopology.BRIDGE
                + " (is the Debian package tshark installed?): " + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Stops the capture (SIGINT, so dumpcap writes out the file), then reads it. */
    List<CapturedFrame> stop() throws InterruptedException {
        close();
        return read(file);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            HostCommand.run("kill", "-INT", Long.toString(process.pid()));
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    Path file() {
        return file;
    }

    /** The frames of a capture file, in order, with the fields the scenarios and the benchmark read. */
    static List<CapturedFrame> read(Path file) {
        HostCommand fields = HostCommand.run(Duration.ofSeconds(60), List.of("tshark", "-r", file.toString(),
                "-T", "fields", "-E", "separator=|", "-E", "occurrence=f",
                "-e", "frame.time_epoch", "-e", "eth.src", "-e", "arp.opcode", "-e", "arp.src.proto_ipv4",
                "-e", "arp.dst.proto_ipv4", "-e", "icmpv6.type", "-e", "icmpv6.nd.na.target_address",
                "-e", "ip.src", "-e", "ipv6.src", "-e", "sip.Status-Code", "-e", "sip.Method"));
        if (!fields.succeeded()) {
            throw new IllegalStateException("cannot read the capture " + file + ": " + fields.describe());
        }
        List<CapturedFrame> frames = new ArrayList<>();
        for (String line : fields.output().split("\n")) {
            CapturedFrame.parse(line).ifPresent(frames::add);
        }
        return frames;
    }

    /**
     * One captured frame: when, from which MAC, and what it says about the floating address.
     *
     * @param time       capture time (the host's clock, the same the tests read)
     * @param sourceMac  Ethernet source, lower case
     * @param arpOpcode  1 request, 2 reply, 0 not ARP
     * @param arpSender  ARP sender protocol address ("" if not ARP)
     * @param arpTarget  ARP target protocol address
     * @param icmpv6Type e.g. 135 NS, 136 NA; 0 if not ICMPv6
     * @param naTarget   target address of a neighbour advertisement
     * @param ipSource   IPv4 or IPv6 source address
     * @param sipStatus  SIP response status code, 0 if not a SIP response
     * @param sipMethod  SIP request method, "" if not a request
     */
    record CapturedFrame(Instant time, String sourceMac, int arpOpcode, String arpSender, String arpTarget,
            int icmpv6Type, String naTarget, String ipSource, int sipStatus, String sipMethod) {

        static java.util.Optional<CapturedFrame> parse(String line) {
            String[] f = line.split("\\|", -1);
            if (f.length < 11 || f[0].isBlank()) {
                return java.util.Optional.empty();
            }
            String[] seconds = f[0].trim().split("\\.");
            long nanos = seconds.length > 1 ? Long.parseLong((seconds[1] + "000000000").substring(0, 9)) : 0;
            Instant time = Instant.ofEpochSecond(Long.parseLong(seconds[0]), nanos);
            String ipSource = !f[7].isBlank() ? f[7] : f[8];
            return java.util.Optional.of(new CapturedFrame(time, f[1].toLowerCase(Locale.ROOT), number(f[2]),
                    f[3], f[4], number(f[5]), normalise(f[6]), normalise(ipSource), number(f[9]), f[10]));
        }

        private static int number(String text) {
            return text.isBlank() ? 0 : Integer.parseInt(text.trim());
        }

        private static String normalise(String address) {
            return address.trim().toLowerCase(Locale.ROOT);
        }

        /**
         * Whether the frame claims the address for its sender: an ARP request or reply whose sender
         * is the address (a gratuitous ARP, or a node answering for it), or a neighbour advertisement
         * for it. A probe (sender 0.0.0.0, RFC 5227) claims nothing.
         */
        boolean announces(String address) {
            return (arpOpcode != 0 && arpSender.equals(address))
                    || (icmpv6Type == 136 && naTarget.equals(address.toLowerCase(Locale.ROOT)));
        }

        /** A gratuitous ARP (sender = target = the address) or an unsolicited-style NA for it. */
        boolean isGratuitousFor(String address) {
            return (arpOpcode != 0 && arpSender.equals(address) && arpTarget.equals(address))
                    || (icmpv6Type == 136 && naTarget.equals(address.toLowerCase(Locale.ROOT)));
        }

        boolean isSipResponseFrom(String address) {
            return sipStatus > 0 && ipSource.equals(address.toLowerCase(Locale.ROOT));
        }
    }
}

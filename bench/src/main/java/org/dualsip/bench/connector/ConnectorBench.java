package org.dualsip.bench.connector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;
import org.dualsip.client.DualsipClient;

/**
 * The connector latency benchmark: a pair on loopback (ACTIVE + PASSIVE, so the 200 OK waits for the
 * replication as in production), a remote application on dualsip-client connected to both nodes that
 * answers every call at once, and SIPp calling at a fixed rate with its message trace on. Reports, per
 * call, (1) INVITE arriving → the application's offered event and (2) the application's answer → the
 * 200 OK leaving, p50/p99/max. SIP side: SIPp's send/receive timestamps of the INVITE and the 200
 * (loopback adds microseconds; SIPp stamps when its loop handles the message, so under load both
 * figures err on the long side). Application side: the client's listener, wall clock.
 *
 * <p>Loopback only: service address 127.0.0.72:46062, connectors 127.0.0.1:46110/46111, Karaf SSH
 * 8603/8604, RMI 1603-1604/44903-44904, sync 127.0.0.1:48020/48030 (+1, +2), SIPp 127.0.0.73:46065.
 */
public final class ConnectorBench {

    private static final NodeSettings BASE = NodeSettings.of(8603, 1603, 44903, "127.0.0.72", 46062);
    private static final int SYNC_PORT = 48020;
    private static final int CONNECTOR_PORT = 46110;
    private static final String SIPP_ADDRESS = "127.0.0.73";
    private static final int SIPP_PORT = 46065;

    private ConnectorBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options == null) {
            System.out.println("usage: ConnectorBench [--rate CPS (200)] [--calls N (3000)] [--hold-ms MS (1000)]"
                    + " [--work DIR (bench/target/connector-bench)] [--out FILE (bench/target/bench-connector.txt)]");
            return;
        }
        String report = run(options);
        System.out.println(report);
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), report);
    }

    static String run(Options options) throws Exception {
        SippRunner sipp = SippRunner.locate();
        Path scenario = extractScenario(options.work());
        LatencyRecorder recorder = new LatencyRecorder();
        try (ConnectorPair pair = ConnectorPair.prepare(KarafNode.locateDistribution(), options.work(), BASE, SYNC_PORT,
                CONNECTOR_PORT, Map.of()).start();
                DualsipClient client = DualsipClient.builder().nodes(pair.nodes()).application("bench")
                        .token(ConnectorPair.TOKEN).patterns("sip:bench-[0-9]+@.*").listener(recorder).build()) {
            recorder.attach(client);
            client.start();
            String active = client.whenActive().get(30, TimeUnit.SECONDS);
            // Let the passive's handshake finish too, so that it does not overlap the warm-up.
            Thread.sleep(1_000);

            SippResult warmup = sipp.run(run(options, scenario, Math.min(options.rate(), 100), 500, "warmup", false));
            recorder.reset();
            SippResult measured = sipp.run(run(options, scenario, options.rate(), options.calls(), "measured", true));
            return report(options, active, warmup, measured, recorder,
                    SippMessageTrace.read(options.work().resolve("sipp-measured/messages.log"), ZoneId.systemDefault()));
        }
    }

    private static SippRun run(Options options, Path scenario, int rate, int calls, String label, boolean trace) {
        Path dir = options.work().resolve("sipp-" + label);
        List<String> extra = new ArrayList<>(List.of("-s", "bench", "-d", Long.toString(options.holdMs())));
        if (trace) {
            extra.addAll(List.of("-trace_msg", "-message_file", dir.resolve("messages.log").toString()));
        }
        return SippRun.uac(BASE.sipTarget(), SIPP_ADDRESS, SIPP_PORT, rate, calls, Duration.ofSeconds(60 + calls / rate),
                dir).withScenario(scenario.toString()).withExtraArgs(extra.toArray(String[]::new));
    }

    private static Path extractScenario(Path work) throws IOException {
        Files.createDirectories(work);
        Path target = work.resolve("connector-uac.xml");
        try (InputStream in = ConnectorBench.class.getResourceAsStream("/sipp/connector-uac.xml")) {
            if (in == null) {
                throw new IllegalStateException("scenario sipp/connector-uac.xml missing from the bench jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    static String report(Options options, String active, SippResult warmup, SippResult measured,
            LatencyRecorder recorder, Map<String, SippMessageTrace.CallTimes> sip) {
        List<Long> toOffered = new ArrayList<>();
        List<Long> toOk = new ArrayList<>();
        for (SippMessageTrace.CallTimes call : sip.values()) {
            Instant offered = recorder.offeredAt.get(call.user());
            Instant answered = recorder.answerSentAt.get(call.user());
            if (call.inviteSent() != null && offered != null) {
                toOffered.add(Duration.between(call.inviteSent(), offered).toNanos() / 1_000);
            }
            if (call.okReceived() != null && answered != null) {
                toOk.add(Duration.between(answered, call.okReceived()).toNanos() / 1_000);
            }
        }
        StringBuilder text = new StringBuilder();
        text.append("connector latency, pair on loopback (active ").append(active).append(", passive attached), ")
                .append(options.rate()).append(" calls/s, ").append(options.calls()).append(" calls held ")
                .append(options.holdMs()).append(" ms, SIPp uac over UDP, remote application on dualsip-client\n");
        text.append("  warm-up      : ").append(warmup).append('\n');
        text.append("  measured run : ").append(measured).append(", answers refused: ")
                .append(recorder.failedAnswers.get()).append('\n');
        text.append("  INVITE sent by SIPp -> offered event in the application : ").append(Percentiles.of(toOffered))
                .append('\n');
        text.append("  answer given by the application -> 200 OK read by SIPp  : ").append(Percentiles.of(toOk))
                .append('\n');
        text.append("  method: SIPp -trace_msg timestamps (wall clock, us) for the INVITE and the 200 OK; the client "
                + "listener's Instant.now() when the offered event is delivered and just before answer(); same host "
                + "clock. Both figures include SIPp's own loop delay.\n");
        return text.toString();
    }

    /** The benchmark's options. */
    record Options(int rate, int calls, long holdMs, Path work, Path out) {

        static Options parse(String[] args) {
            int rate = 200;
            int calls = 3000;
            long hold = 1000;
            Path work = Path.of("bench/target/connector-bench");
            Path out = Path.of("bench/target/bench-connector.txt");
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if ("--help".equals(option) || "-h".equals(option)) {
                    return null;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + option);
                }
                String value = args[++i];
                switch (option) {
                    case "--rate" -> rate = Integer.parseInt(value);
                    case "--calls" -> calls = Integer.parseInt(value);
                    case "--hold-ms" -> hold = Long.parseLong(value);
                    case "--work" -> work = Path.of(value);
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (rate <= 0 || calls <= 0 || hold < 0) {
                throw new IllegalArgumentException("--rate and --calls must be positive, --hold-ms not negative");
            }
            return new Options(rate, calls, hold, work.toAbsolutePath(), out.toAbsolutePath());
        }
    }
}

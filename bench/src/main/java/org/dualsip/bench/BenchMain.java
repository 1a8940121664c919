package org.dualsip.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.pair.PairBench;
import org.dualsip.bench.sipp.SippRunner;

/**
 * The benchmark: in one run, the highest call rate with &lt; 0.1 % failed calls for the bare JAIN-SIP
 * agent and for a dualsip node booted from the distribution with the demo application (answer at
 * once, never hang up); prints both, their ratio and the CPU time each spent per call, and writes
 * them to a results file.
 *
 * <p>Only one system under test runs at a time; SIPp and it share the machine's cores.
 */
public final class BenchMain {

    /** A target's best passing rate and the CPU time it spent per call at that rate. */
    record Measured(RateSearch.Result search, Optional<Double> cpuMicrosPerCall, String error) {
        int rate() {
            return search.bestRate();
        }
    }

    private final BenchOptions options;
    private final SippRunner sipp;

    BenchMain(BenchOptions options, SippRunner sipp) {
        this.options = options;
        this.sipp = sipp;
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--pair")) {
            System.exit(PairBench.main(args));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new BenchMain(options, SippRunner.locate()).run());
    }

    int run() throws Exception {
        Instant started = Instant.now();
        Files.createDirectories(options.workDir());
        Path distribution = options.distribution() != null ? options.distribution() : KarafNode.locateDistribution();
        System.out.println(header(distribution));
        Measured bare = measuredOrFailed("bare", this::measureBare);
        Measured node = measuredOrFailed("dualsip", () -> measureNode(distribution));
        List<String> report = report(bare, node, Duration.between(started, Instant.now()));
        report.forEach(System.out::println);
        Path results = options.results().toAbsolutePath();
        Files.createDirectories(results.getParent());
        Files.write(results, report);
        System.out.println("results written to " + results);
        return bare.rate() > 0 && node.rate() > 0 ? 0 : 1;
    }

    private String header(Path distribution) {
        return String.format(Locale.ROOT, "dualsip bench (%s): SIPp built-in uac over UDP, pass = < 0.1 %% failed calls; "
                + "%d CPU cores shared by SIPp and the system under test (and whatever else runs here)%n"
                + "distribution: %s", options.smoke() ? "smoke" : "full",
                Runtime.getRuntime().availableProcessors(), distribution.toAbsolutePath());
    }

    private interface Measurement {
        Measured measure() throws Exception;
    }

    /** A target that cannot be measured (no boot, no SIPp) counts as rate 0, and the other is still reported. */
    private static Measured measuredOrFailed(String label, Measurement measurement) {
        try {
            return measurement.measure();
        } catch (Exception e) {
            System.err.println(label + ": not measured: " + e.getMessage());
            String firstLine = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return new Measured(new RateSearch.Result(0, List.of(), false, true), Optional.empty(),
                    label + " not measured: " + firstLine);
        }
    }

    private Measured measureBare() throws Exception {
        Path log = options.workDir().resolve("bare-agent.log");
        try (BareAgentProcess agent = BareAgentProcess.start(options.bareAddress(), options.barePort(), log)) {
            return measure(new LoadTarget("bare", options.bareAddress() + ":" + options.barePort(),
                    LoadTarget.cpuTimeOf(() -> Optional.of(agent.handle()))));
        }
    }

    private Measured measureNode(Path distribution) throws Exception {
        // No 180 either: the bare agent answers INVITE with 100 (the stack's) and 200 only.
        NodeSettings settings = NodeSettings.of(options.sshPort(), options.rmiRegistryPort(),
                options.rmiServerPort(), options.nodeAddress(), options.nodePort()).withDemo("ring", "false");
        try (KarafNode node = new KarafNode(distribution, options.workDir().resolve("node-bench"), settings)) {
            node.start();
            return measure(new LoadTarget("dualsip", settings.sipTarget(), LoadTarget.cpuTimeOf(node::jvm)));
        }
    }

    private Measured measure(LoadTarget target) throws Exception {
        Path work = options.workDir().resolve("sipp");
        if (!options.smoke()) {
            // Warm-up (JIT, pools) on both sides, not counted.
            LoadTarget warmup = new LoadTarget(target.label() + "-warmup", target.sipTarget(), target.cpuTime());
            new SippLoadStep(sipp, warmup, options.sippAddress(), options.sippPort(), Duration.ofSeconds(4), work)
                    .run(Math.max(10, options.startRate() / 2));
        }
        SippLoadStep step = new SippLoadStep(sipp, target, options.sippAddress(), options.sippPort(),
                options.stepTime(), work);
        RateSearch.Result result = new RateSearch(options.limits()).search(step);
        return new Measured(result, step.cpuMicrosPerCallAt(result.bestRate()), null);
    }

    List<String> report(Measured bare, Measured node, Duration took) {
        List<String> lines = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        lines.add("# dualsip bench, " + Instant.now() + ", took " + took.toSeconds() + " s");
        lines.add("# SIPp built-in uac (INVITE/200/ACK, BYE/200) over UDP; a rate passes with < 0.1 % failed calls,");
        lines.add("# every call placed and the run keeping pace. SIPp and the system under test share " + cores
                + " CPU cores,");
        lines.add("# so SIPp itself may be the limit: then both rates meet, and the CPU time per call (measured on");
        lines.add("# the system under test's process at its best rate) is what tells the two apart.");
        lines.add("mode=" + (options.smoke() ? "smoke" : "full"));
        lines.add("cores=" + cores);
        lines.add("bare.rate=" + bare.rate() + qualifier(bare));
        lines.add("dualsip.rate=" + node.rate() + qualifier(node));
        lines.add(String.format(Locale.ROOT, "ratio=%.2f", bare.rate() > 0 ? (double) node.rate() / bare.rate() : 0));
        bare.cpuMicrosPerCall().ifPresent(us -> lines.add(String.format(Locale.ROOT, "bare.cpu.us.per.call=%.0f", us)));
        node.cpuMicrosPerCall().ifPresent(us -> lines.add(String.format(Locale.ROOT, "dualsip.cpu.us.per.call=%.0f", us)));
        if (bare.cpuMicrosPerCall().isPresent() && node.cpuMicrosPerCall().isPresent()) {
            lines.add(String.format(Locale.ROOT, "cpu.ratio=%.2f  # bare CPU per call / dualsip CPU per call",
                    bare.cpuMicrosPerCall().get() / node.cpuMicrosPerCall().get()));
        }
        lines.add("# steps:");
        for (Measured m : List.of(bare, node)) {
            m.search().steps().forEach(s -> lines.add("#   " + s.detail()));
            if (m.error() != null) {
                lines.add("#   " + m.error());
            }
        }
        return lines;
    }

    private static String qualifier(Measured measured) {
        if (measured.error() != null) {
            return "  # not measured: see the steps below";
        }
        if (measured.search().capped()) {
            return "  # lower bound: the highest rate tried passed";
        }
        return measured.search().cutShort() ? "  # search cut short by its step/time budget" : "";
    }
}

package org.dualsip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.sipp.SippRunner;

/**
 * The benchmark: in one run, the highest call rate with &lt; 0.1 % failed calls for the bare JAIN-SIP
 * agent and for a dualsip node booted from the distribution with the demo application (answer at
 * once, never hang up); prints both, their ratio, and writes them to a results file.
 *
 * <p>Only one system under test runs at a time; SIPp and it share the machine's cores.
 */
public final class BenchMain {

    private final BenchOptions options;
    private final SippRunner sipp;

    BenchMain(BenchOptions options, SippRunner sipp) {
        this.options = options;
        this.sipp = sipp;
    }

    public static void main(String[] args) throws Exception {
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
        RateSearch.Result bare = measuredOrFailed("bare", this::measureBare);
        RateSearch.Result node = measuredOrFailed("dualsip", () -> measureNode(distribution));
        List<String> report = report(bare, node, Duration.between(started, Instant.now()));
        report.forEach(System.out::println);
        Path results = options.results().toAbsolutePath();
        Files.createDirectories(results.getParent());
        Files.write(results, report);
        System.out.println("results written to " + results);
        return bare.bestRate() > 0 && node.bestRate() > 0 ? 0 : 1;
    }

    private String header(Path distribution) {
        return String.format(Locale.ROOT, "dualsip bench (%s): SIPp built-in uac over UDP, pass = < 0.1 %% failed calls; "
                + "%d CPU cores shared by SIPp and the system under test (and whatever else runs here)%n"
                + "distribution: %s", options.smoke() ? "smoke" : "full",
                Runtime.getRuntime().availableProcessors(), distribution.toAbsolutePath());
    }

    private interface Measurement {
        RateSearch.Result measure() throws Exception;
    }

    /** A target that cannot be measured (no boot, no SIPp) counts as rate 0, and the other is still reported. */
    private static RateSearch.Result measuredOrFailed(String label, Measurement measurement) {
        try {
            return measurement.measure();
        } catch (Exception e) {
            System.err.println(label + ": not measured: " + e.getMessage());
            String firstLine = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return new RateSearch.Result(0, List.of(new RateSearch.StepOutcome(0, false,
                    label + " not measured: " + firstLine)), false, true);
        }
    }

    private RateSearch.Result measureBare() throws Exception {
        Path log = options.workDir().resolve("bare-agent.log");
        try (BareAgentProcess agent = BareAgentProcess.start(options.bareAddress(), options.barePort(), log)) {
            return measure("bare", options.bareAddress() + ":" + options.barePort());
        }
    }

    private RateSearch.Result measureNode(Path distribution) throws Exception {
        NodeSettings settings = NodeSettings.of(options.sshPort(), options.rmiRegistryPort(),
                options.rmiServerPort(), options.nodeAddress(), options.nodePort());
        try (KarafNode node = new KarafNode(distribution, options.workDir().resolve("node-bench"), settings)) {
            node.start();
            return measure("dualsip", settings.sipTarget());
        }
    }

    private RateSearch.Result measure(String label, String target) throws Exception {
        Path work = options.workDir().resolve("sipp");
        if (!options.smoke()) {
            // Warm-up (JIT, pools) on both sides, not counted.
            new SippLoadStep(sipp, target, options.sippAddress(), options.sippPort(), Duration.ofSeconds(4), work,
                    label + "-warmup").run(Math.max(10, options.startRate() / 2));
        }
        SippLoadStep step = new SippLoadStep(sipp, target, options.sippAddress(), options.sippPort(),
                options.stepTime(), work, label);
        return new RateSearch(options.limits()).search(step);
    }

    List<String> report(RateSearch.Result bare, RateSearch.Result node, Duration took) {
        double ratio = bare.bestRate() > 0 ? (double) node.bestRate() / bare.bestRate() : 0;
        List<String> lines = new ArrayList<>();
        lines.add("# dualsip bench, " + Instant.now() + ", took " + took.toSeconds() + " s");
        lines.add("# SIPp built-in uac (INVITE/200/ACK, BYE/200) over UDP; a rate passes with < 0.1 % failed calls,");
        lines.add("# every call placed and the run keeping pace. SIPp and the system under test share "
                + Runtime.getRuntime().availableProcessors() + " CPU cores: the ratio matters more than the figures.");
        lines.add("mode=" + (options.smoke() ? "smoke" : "full"));
        lines.add("cores=" + Runtime.getRuntime().availableProcessors());
        lines.add("bare.rate=" + bare.bestRate() + qualifier(bare));
        lines.add("dualsip.rate=" + node.bestRate() + qualifier(node));
        lines.add(String.format(Locale.ROOT, "ratio=%.2f", ratio));
        lines.add("# steps:");
        bare.steps().forEach(s -> lines.add("#   " + s.detail()));
        node.steps().forEach(s -> lines.add("#   " + s.detail()));
        return lines;
    }

    private static String qualifier(RateSearch.Result result) {
        if (result.steps().stream().anyMatch(s -> s.rate() == 0)) {
            return "  # not measured: see the steps below";
        }
        if (result.capped()) {
            return "  # lower bound: the highest rate tried passed";
        }
        return result.cutShort() ? "  # search cut short by its step/time budget" : "";
    }
}

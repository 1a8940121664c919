package org.dualsip.bench.pair;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.dualsip.bench.LoadTarget;
import org.dualsip.bench.RateSearch;
import org.dualsip.bench.SippLoadStep;
import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.sipp.SippRunner;

/**
 * The same rate search as the default benchmark (SIPp uac over UDP, &lt; 0.1 % failed, keeping
 * pace), against one target: the standalone node, or the active of a pair whose passive mirrors
 * every call.
 */
final class RateComparison {

    private final SippRunner sipp;
    private final PairBenchOptions options;
    private final Path sippWork;

    RateComparison(SippRunner sipp, PairBenchOptions options) {
        this.sipp = sipp;
        this.options = options;
        this.sippWork = options.workDir().resolve("sipp-pair-bench");
    }

    /** Searches the highest passing rate of the node's SIP address; CPU time is read from {@code node}'s JVM. */
    RateFigure measure(String label, String sipTarget, KarafNode node, Optional<KarafNode> passive, Duration budget)
            throws Exception {
        LoadTarget target = new LoadTarget(label, sipTarget, LoadTarget.cpuTimeOf(node::jvm));
        // Warm-up (JIT, pools) on both sides, not counted.
        LoadTarget warmup = new LoadTarget(label + "-warmup", sipTarget, target.cpuTime());
        new SippLoadStep(sipp, warmup, PairBenchOptions.SIPP_ADDRESS, PairBenchOptions.SIP_PORT,
                Duration.ofSeconds(4), sippWork).run(Math.max(10, options.startRate() / 2));
        SippLoadStep step = new SippLoadStep(sipp, target, PairBenchOptions.SIPP_ADDRESS, PairBenchOptions.SIP_PORT,
                options.stepTime(), sippWork);
        RateSearch.Limits limits = options.limits();
        Map<Integer, Double> passiveCpu = new HashMap<>();
        RateSearch.Step measured = rate -> {
            Optional<Duration> before = passive.flatMap(KarafNode::jvm).flatMap(p -> p.info().totalCpuDuration());
            RateSearch.StepOutcome outcome = step.run(rate);
            Optional<Duration> after = passive.flatMap(KarafNode::jvm).flatMap(p -> p.info().totalCpuDuration());
            if (before.isPresent() && after.isPresent() && outcome.passed()) {
                // A passing step completed every call it placed.
                long calls = Math.max(10, rate * options.stepTime().toMillis() / 1000);
                passiveCpu.put(rate, after.get().minus(before.get()).toNanos() / 1000.0 / calls);
            }
            return outcome;
        };
        RateSearch.Result result = new RateSearch(new RateSearch.Limits(limits.startRate(), limits.maxRate(),
                limits.resolution(), limits.minRate(), limits.maxSteps(), budget)).search(measured);
        Optional<Double> cpu = step.cpuMicrosPerCallAt(result.bestRate());
        return new RateFigure(label, result, cpu, Optional.ofNullable(passiveCpu.get(result.bestRate())));
    }
}

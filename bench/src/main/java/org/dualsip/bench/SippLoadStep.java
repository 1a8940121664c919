package org.dualsip.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;

/**
 * One benchmark step: SIPp's built-in {@code uac} scenario over UDP (INVITE/200/ACK, BYE/200) at a
 * rate for a fixed time. It passes when fewer than 0.1 % of the calls failed, every call was
 * placed, and the run kept pace (ended at most a tenth of its nominal time, and at least one second,
 * late: a node that falls behind builds a backlog, which would otherwise look like success).
 */
public final class SippLoadStep implements RateSearch.Step {

    private final SippRunner sipp;
    private final LoadTarget target;
    private final String localIp;
    private final int localPort;
    private final Duration stepTime;
    private final Path workDir;
    private final Map<Integer, Double> cpuMicrosPerCall = new ConcurrentHashMap<>();

    public SippLoadStep(SippRunner sipp, LoadTarget target, String localIp, int localPort, Duration stepTime, Path workDir) {
        this.sipp = sipp;
        this.target = target;
        this.localIp = localIp;
        this.localPort = localPort;
        this.stepTime = stepTime;
        this.workDir = workDir;
    }

    @Override
    public RateSearch.StepOutcome run(int rate) throws Exception {
        int calls = Math.max(10, (int) (rate * stepTime.toMillis() / 1000));
        // Long enough for a slow run to finish and be judged, short enough that an overload step stays cheap.
        Duration timeout = stepTime.multipliedBy(2).plusSeconds(5);
        SippRun run = SippRun.uac(target.sipTarget(), localIp, localPort, rate, calls, timeout,
                workDir.resolve(target.label() + "-" + rate));
        Optional<Duration> cpuBefore = target.cpuTime().get();
        SippResult result = sipp.run(run);
        Optional<Duration> cpuAfter = target.cpuTime().get();
        boolean passed = passes(result, calls, stepTime);
        String cpu = "";
        if (cpuBefore.isPresent() && cpuAfter.isPresent() && result.successful() > 0) {
            double perCall = cpuAfter.get().minus(cpuBefore.get()).toNanos() / 1000.0 / result.successful();
            cpuMicrosPerCall.put(rate, perCall);
            cpu = String.format(Locale.ROOT, ", target CPU %.0f us/call", perCall);
        }
        String detail = String.format(Locale.ROOT, "%s %5d calls/s: %s, achieved %.0f calls/s%s -> %s",
                target.label(), rate, result, result.achievedRate(), cpu, passed ? "PASS" : "FAIL");
        System.out.println(detail);
        System.out.flush();
        return new RateSearch.StepOutcome(rate, passed, detail);
    }

    /** CPU time the system under test spent per successful call in the step at this rate, if measured. */
    public Optional<Double> cpuMicrosPerCallAt(int rate) {
        return Optional.ofNullable(cpuMicrosPerCall.get(rate));
    }

    static boolean passes(SippResult result, int calls, Duration stepTime) {
        boolean normalExit = !result.killed() && (result.exitCode() == 0 || result.exitCode() == 1);
        boolean allPlaced = result.total() == calls;
        boolean fewFailures = result.failed() * 1000 < result.total();
        boolean keptPace = result.elapsed().compareTo(stepTime.plus(paceSlack(stepTime))) <= 0;
        return normalExit && allPlaced && fewFailures && keptPace;
    }

    /** The backlog a passing run may end with: a tenth of its time, at least one second. */
    static Duration paceSlack(Duration stepTime) {
        Duration tenth = stepTime.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) > 0 ? tenth : Duration.ofSeconds(1);
    }
}

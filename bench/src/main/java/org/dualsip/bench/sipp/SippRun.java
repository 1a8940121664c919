package org.dualsip.bench.sipp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One bounded SIPp run: who to call, from where, with which scenario, how many calls at which rate.
 *
 * @param target      remote {@code host:port}
 * @param localIp     local address SIPp binds ({@code -i})
 * @param localPort   local SIP port SIPp binds ({@code -p})
 * @param transport   SIPp transport mode: {@code u1} (UDP, one socket) or {@code t1} (TCP, one socket)
 * @param scenario    a built-in scenario name (e.g. {@code uac}) or the path of a scenario file
 * @param rate        calls per second
 * @param calls       calls to place ({@code -m})
 * @param callLimit   simultaneous calls allowed ({@code -l}); 0 leaves SIPp's default
 * @param timeout     SIPp's global timeout ({@code -timeout}); the process is killed a little later
 * @param extraArgs   further SIPp options (e.g. {@code -d 1000})
 * @param workDir     where the statistics, screen and error files go
 */
public record SippRun(String target, String localIp, int localPort, String transport, String scenario,
        int rate, int calls, int callLimit, Duration timeout, List<String> extraArgs, Path workDir) {

    public SippRun {
        if (rate <= 0 || calls <= 0) {
            throw new IllegalArgumentException("rate and calls must be positive: " + rate + ", " + calls);
        }
        extraArgs = List.copyOf(extraArgs);
    }

    /** The built-in {@code uac} scenario over UDP, the benchmark's and most tests' default. */
    public static SippRun uac(String target, String localIp, int localPort, int rate, int calls,
            Duration timeout, Path workDir) {
        return new SippRun(target, localIp, localPort, "u1", "uac", rate, calls, 0, timeout, List.of(), workDir);
    }

    public SippRun withTransport(String newTransport) {
        return new SippRun(target, localIp, localPort, newTransport, scenario, rate, calls, callLimit, timeout,
                extraArgs, workDir);
    }

    public SippRun withScenario(String newScenario) {
        return new SippRun(target, localIp, localPort, transport, newScenario, rate, calls, callLimit, timeout,
                extraArgs, workDir);
    }

    public SippRun withCallLimit(int limit) {
        return new SippRun(target, localIp, localPort, transport, scenario, rate, calls, limit, timeout,
                extraArgs, workDir);
    }

    public SippRun withExtraArgs(String... args) {
        return new SippRun(target, localIp, localPort, transport, scenario, rate, calls, callLimit, timeout,
                List.of(args), workDir);
    }

    boolean builtInScenario() {
        return !scenario.contains("/") && !scenario.endsWith(".xml");
    }

    Path statisticsFile() {
        return workDir.resolve("sipp-stat.csv");
    }

    Path screenFile() {
        return workDir.resolve("sipp-screen.log");
    }

    Path errorFile() {
        return workDir.resolve("sipp-errors.log");
    }

    /** The SIPp command line, without the executable. */
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of(target,
                builtInScenario() ? "-sn" : "-sf", scenario,
                "-i", localIp, "-p", Integer.toString(localPort), "-t", transport,
                "-r", Integer.toString(rate), "-m", Integer.toString(calls),
                "-timeout", timeout.toSeconds() + "s", "-timeout_error",
                "-nostdin",
                "-trace_stat", "-stf", statisticsFile().toString(), "-fd", "1",
                "-trace_screen", "-screen_file", screenFile().toString(),
                "-trace_err", "-error_file", errorFile().toString()));
        if (callLimit > 0) {
            args.addAll(List.of("-l", Integer.toString(callLimit)));
        }
        args.addAll(extraArgs);
        return args;
    }
}

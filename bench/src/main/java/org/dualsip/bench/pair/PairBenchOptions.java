package org.dualsip.bench.pair;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import org.dualsip.bench.RateSearch;
import org.dualsip.bench.node.NodeSettings;

/**
 * The pair benchmark's command line. Addresses and ports are fixed inside the range reserved for it:
 * Karaf SSH 8601-8603, RMI 1601-1603/44901-44903, sync 127.0.0.1:48000 and 48010 (FD_SOCK2 takes the
 * next ports), SIP 127.0.0.70 (standalone node), 127.0.0.71 (the pair's service address), SIPp
 * 127.0.0.78 and the OPTIONS prober 127.0.0.79, all on port 46060.
 *
 * @param repeats     takeovers and switchovers measured (each)
 * @param mirrorCalls long calls held while the passive's heap is measured
 * @param lagLoad     how long the load runs while the replication lag is sampled
 * @param totalBudget no phase starts when it could not end within this time from the start
 */
public record PairBenchOptions(Path results, Path workDir, Path distribution, Duration stepTime, int startRate,
        int maxRate, Duration budgetPerTarget, int repeats, int mirrorCalls, Duration lagLoad, Duration totalBudget) {

    public static final String USAGE = """
            usage: run-bench.sh --pair [--results FILE] [--work DIR] [--distribution DIR]
                                [--step-seconds N] [--start-rate N] [--max-rate N] [--budget-seconds N]
                                [--repeats N] [--mirror-calls N] [--lag-seconds N] [--total-seconds N]
            """;

    static final String STANDALONE_ADDRESS = "127.0.0.70";
    static final String SERVICE_ADDRESS = "127.0.0.71";
    static final String SIPP_ADDRESS = "127.0.0.78";
    static final String PROBER_ADDRESS = "127.0.0.79";
    static final int SIP_PORT = 46060;
    static final int SYNC_PORT = 48000;

    public static PairBenchOptions parse(String... args) {
        Map<String, String> v = new HashMap<>();
        for (Iterator<String> it = Arrays.asList(args).iterator(); it.hasNext();) {
            String arg = it.next();
            if (arg.equals("--pair")) {
                continue;
            }
            if (!arg.startsWith("--") || !it.hasNext()) {
                throw new IllegalArgumentException("unknown or incomplete option '" + arg + "'\n" + USAGE);
            }
            v.put(arg.substring(2), it.next());
        }
        return new PairBenchOptions(Path.of(v.getOrDefault("results", "target/bench-pair.txt")),
                Path.of(v.getOrDefault("work", "target/bench-work")),
                v.containsKey("distribution") ? Path.of(v.get("distribution")) : null,
                Duration.ofSeconds(number(v, "step-seconds", 8)), (int) number(v, "start-rate", 100),
                (int) number(v, "max-rate", 6400), Duration.ofSeconds(number(v, "budget-seconds", 150)),
                (int) number(v, "repeats", 3), (int) number(v, "mirror-calls", 2000),
                Duration.ofSeconds(number(v, "lag-seconds", 20)), Duration.ofSeconds(number(v, "total-seconds", 690)));
    }

    private static long number(Map<String, String> values, String key, long fallback) {
        String value = values.get(key);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " needs a whole number, got '" + value + "'\n" + USAGE);
        }
    }

    RateSearch.Limits limits() {
        return new RateSearch.Limits(startRate, maxRate, 0.05, 5, 12, budgetPerTarget);
    }

    /** The standalone node: demo answers at once, no 180, never hangs up (as in the default bench). */
    static NodeSettings standalone() {
        return NodeSettings.of(8601, 1601, 44901, STANDALONE_ADDRESS, SIP_PORT).withDemo("ring", "false");
    }

    /** The pair's base settings: node a takes these ports, node b the next ones (see NodePair). */
    static NodeSettings pairBase() {
        return NodeSettings.of(8602, 1602, 44902, SERVICE_ADDRESS, SIP_PORT).withDemo("ring", "false");
    }
}

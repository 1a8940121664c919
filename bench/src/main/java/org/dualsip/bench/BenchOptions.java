package org.dualsip.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The benchmark's command line. Defaults keep every address and port inside the range reserved for
 * the benchmark (127.0.0.33-35, SIP 35064-35069, Karaf SSH 8302, RMI 1302/44602).
 */
record BenchOptions(boolean smoke, Path results, Path workDir, Path distribution, String nodeAddress,
        int nodePort, String bareAddress, int barePort, String sippAddress, int sippPort, int sshPort,
        int rmiRegistryPort, int rmiServerPort, Duration stepTime, int startRate, int maxRate,
        Duration budgetPerTarget) {

    static final String USAGE = """
            usage: run-bench.sh [--smoke] [--results FILE] [--work DIR] [--distribution DIR]
                                [--node ADDR:PORT] [--bare ADDR:PORT] [--sipp ADDR:PORT]
                                [--ssh-port N] [--rmi-ports REGISTRY,SERVER]
                                [--step-seconds N] [--start-rate N] [--max-rate N] [--budget-seconds N]
            """;

    static BenchOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        boolean smoke = false;
        for (Iterator<String> it = Arrays.asList(args).iterator(); it.hasNext();) {
            String arg = it.next();
            if (arg.equals("--smoke")) {
                smoke = true;
            } else if (arg.startsWith("--") && it.hasNext()) {
                values.put(arg.substring(2), it.next());
            } else {
                throw new IllegalArgumentException("unknown or incomplete option '" + arg + "'\n" + USAGE);
            }
        }
        return from(smoke, values);
    }

    private static BenchOptions from(boolean smoke, Map<String, String> v) {
        String[] node = v.getOrDefault("node", "127.0.0.33:35064").split(":");
        String[] bare = v.getOrDefault("bare", "127.0.0.34:35066").split(":");
        String[] sipp = v.getOrDefault("sipp", "127.0.0.35:35068").split(":");
        String[] rmi = v.getOrDefault("rmi-ports", "1302,44602").split(",");
        Path work = Path.of(v.getOrDefault("work", "target/bench-work"));
        Path results = Path.of(v.getOrDefault("results", smoke ? "target/bench-smoke.txt" : "target/bench-results.txt"));
        Path distribution = v.containsKey("distribution") ? Path.of(v.get("distribution")) : null;
        int defaultStart = smoke ? 20 : 100;
        int startRate = Integer.parseInt(v.getOrDefault("start-rate", Integer.toString(defaultStart)));
        int maxRate = Integer.parseInt(v.getOrDefault("max-rate", smoke ? Integer.toString(startRate) : "6400"));
        return new BenchOptions(smoke, results, work, distribution, node[0], Integer.parseInt(node[1]),
                bare[0], Integer.parseInt(bare[1]), sipp[0], Integer.parseInt(sipp[1]),
                Integer.parseInt(v.getOrDefault("ssh-port", "8302")),
                Integer.parseInt(rmi[0]), Integer.parseInt(rmi[1]),
                Duration.ofSeconds(Long.parseLong(v.getOrDefault("step-seconds", smoke ? "2" : "8"))),
                startRate, maxRate,
                Duration.ofSeconds(Long.parseLong(v.getOrDefault("budget-seconds", smoke ? "30" : "180"))));
    }

    RateSearch.Limits limits() {
        return new RateSearch.Limits(startRate, maxRate, 0.05, 5, smoke ? 1 : 12, budgetPerTarget);
    }
}

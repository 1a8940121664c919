package org.dualsip.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sample application's command line.
 *
 * @param nodes          "host:port,host:port": each node's own connector address
 * @param token          the connector token (else the environment's DUALSIP_TOKEN)
 * @param name           the application name
 * @param patterns       request-URI patterns of the calls it takes
 * @param answerDelayMs  delay from the offer to the 200 OK (a 180 is sent at once unless noRing)
 * @param hangupAfterMs  hang up this long after the call is confirmed; 0 = never (the caller hangs up)
 * @param noRing         answer without a 180 first
 * @param callTo         place calls to this URI (null = none)
 * @param callFrom       the From of placed calls
 * @param callCount      how many calls to place
 * @param durationS      exit after this many seconds; 0 = run until interrupted
 * @param statsEveryS    print the counters every this many seconds
 */
record SampleOptions(String nodes, String token, String name, List<String> patterns, long answerDelayMs,
        long hangupAfterMs, boolean noRing, String callTo, String callFrom, int callCount, long durationS,
        long statsEveryS) {

    static final String USAGE = """
            usage: java -jar dualsip-sample-app.jar --nodes HOST:PORT,HOST:PORT [options]
              --nodes A,B             connector address of each node (default 127.0.0.1:7001,127.0.0.1:7002)
              --token T               connector token (default: environment DUALSIP_TOKEN)
              --name NAME             application name (default sample)
              --pattern REGEX         request-URI pattern to take, repeatable (default .*)
              --answer-delay-ms N     answer N ms after the offer (default 0)
              --hangup-after-ms N     hang up N ms after the call is confirmed (default 0: never)
              --no-ring               do not send 180 before answering
              --call URI              place calls to URI (e.g. sip:demo@127.0.0.10:5060)
              --from URI              From of placed calls (default sip:sample@127.0.0.1)
              --call-count N          how many calls to place (default 1)
              --duration-s N          exit after N seconds (default 0: until Ctrl-C)
              --stats-every-s N       print counters every N seconds (default 10)
            """;

    SampleOptions {
        patterns = List.copyOf(patterns);
    }

    /** Parses the arguments; IllegalArgumentException with the reason on anything wrong. */
    static SampleOptions parse(String[] args, Map<String, String> env) {
        String nodes = "127.0.0.1:7001,127.0.0.1:7002";
        String token = env.get("DUALSIP_TOKEN");
        String name = "sample";
        List<String> patterns = new ArrayList<>();
        long answerDelay = 0;
        long hangupAfter = 0;
        boolean noRing = false;
        String callTo = null;
        String callFrom = "sip:sample@127.0.0.1";
        int callCount = 1;
        long duration = 0;
        long statsEvery = 10;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if ("--no-ring".equals(option)) {
                noRing = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--nodes" -> nodes = value;
                case "--token" -> token = value;
                case "--name" -> name = value;
                case "--pattern" -> patterns.add(value);
                case "--answer-delay-ms" -> answerDelay = number(option, value);
                case "--hangup-after-ms" -> hangupAfter = number(option, value);
                case "--call" -> callTo = value;
                case "--from" -> callFrom = value;
                case "--call-count" -> callCount = (int) number(option, value);
                case "--duration-s" -> duration = number(option, value);
                case "--stats-every-s" -> statsEvery = Math.max(1, number(option, value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no token: pass --token or set DUALSIP_TOKEN");
        }
        if (patterns.isEmpty()) {
            patterns.add(".*");
        }
        return new SampleOptions(nodes, token, name, patterns, answerDelay, hangupAfter, noRing, callTo, callFrom,
                callCount, duration, statsEvery);
    }

    private static long number(String option, String value) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new IllegalArgumentException(option + " must not be negative: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
        }
    }
}

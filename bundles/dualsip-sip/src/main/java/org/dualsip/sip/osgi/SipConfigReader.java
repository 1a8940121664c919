package org.dualsip.sip.osgi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dualsip.sip.stack.StackSettings;

/**
 * Turns the raw properties of {@code org.dualsip.sip} into {@link StackSettings}, refusing a bad
 * value with a message that names the PID and the key (read from the raw map, so that "abc" for a
 * number is refused instead of silently becoming a default).
 */
final class SipConfigReader {

    static final String PID = "org.dualsip.sip";

    /** A refused configuration value. */
    static final class BadValue extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadValue(String key, Object value, String why) {
            super(PID + ": bad value for '" + key + "': '" + value + "' (" + why + ")");
        }
    }

    private SipConfigReader() {
    }

    static StackSettings read(Map<String, ?> props) {
        StackSettings d = StackSettings.defaults();
        int port = (int) number(props, "port", d.port(), 1, 65535);
        List<String> transports = transports(props);
        int threads = (int) number(props, "thread.pool.size", d.threadPoolSize(), 1, 1024);
        int maxTx = (int) number(props, "max.transactions", d.maxTransactions(), 100, 10_000_000);
        int maxSize = (int) number(props, "max.message.size", d.maxMessageSize(), 1024, 1_048_576);
        int trace = (int) number(props, "stack.trace.level", d.stackTrace(), 0, 32);
        long t1 = number(props, "t1.ms", d.t1Millis(), 10, 10_000);
        long t2 = number(props, "t2.ms", d.t2Millis(), t1, 60_000);
        int workers = (int) number(props, "worker.threads", d.workerThreads(), 1, 256);
        int minSe = (int) number(props, "min.se.s", d.minSe(), 90, 86_400);
        int expires = (int) number(props, "session.expires.s", d.sessionExpires(), 0, 86_400);
        if (expires != 0 && expires < minSe) {
            throw new BadValue("session.expires.s", props.get("session.expires.s"),
                    "must be 0 (off) or at least min.se.s = " + minSe);
        }
        return new StackSettings(port, transports, threads, maxTx, maxSize, trace, t1, t2, workers, 64 * t1,
                expires, minSe);
    }

    private static long number(Map<String, ?> props, String key, long dflt, long min, long max) {
        Object raw = props.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return dflt;
        }
        long value;
        try {
            value = raw instanceof Number n ? n.longValue() : Long.parseLong(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new BadValue(key, raw, "not a number");
        }
        if (value < min || value > max) {
            throw new BadValue(key, raw, "must be " + min + "-" + max);
        }
        return value;
    }

    private static List<String> transports(Map<String, ?> props) {
        Object raw = props.get("transports");
        if (raw == null || raw.toString().isBlank()) {
            return StackSettings.defaults().transports();
        }
        List<String> out = new ArrayList<>();
        for (String t : raw.toString().split(",")) {
            String name = t.trim().toLowerCase(Locale.ROOT);
            if (!name.equals("udp") && !name.equals("tcp")) {
                throw new BadValue("transports", raw, "unknown transport '" + name + "'; use udp and/or tcp");
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}

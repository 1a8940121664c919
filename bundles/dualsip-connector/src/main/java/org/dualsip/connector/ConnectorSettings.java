package org.dualsip.connector;

import java.util.Locale;
import java.util.Map;

/**
 * The validated configuration of PID {@value #PID}. Read from the raw properties so that "abc" for a
 * number is refused with its key instead of silently becoming a default.
 */
public record ConnectorSettings(boolean enabled, String address, int port, String token, boolean tlsEnabled,
                                String keystore, String keystorePassword, String truststore,
                                String truststorePassword, ClientAuth clientAuth, int maxConnections,
                                int maxFrameBytes, int queueLimit, long helloTimeoutMs, OrphanPolicy orphanPolicy,
                                long orphanGraceMs, int serviceRanking) {

    public static final String PID = "org.dualsip.connector";

    /** Shortest token accepted: shorter ones are guessable. */
    static final int MIN_TOKEN_LENGTH = 16;

    /** TLS client certificate: not asked, asked, required. */
    public enum ClientAuth { NONE, WANT, NEED }

    /** What happens to an application's calls when its connection drops. */
    public enum OrphanPolicy { HOLD, HANGUP }

    /** The defaults of etc/org.dualsip.connector.cfg (with no token: the connector does not listen). */
    public static ConnectorSettings defaults() {
        return new ConnectorSettings(true, "127.0.0.1", 7001, "", false, "", "", "", "", ClientAuth.NONE,
                64, 65536, 10000, 5000, OrphanPolicy.HOLD, 30000, 1);
    }

    /** Parses and checks raw properties; the exception names the PID and the key. */
    public static ConnectorSettings parse(Map<String, ?> props) throws InvalidSettingException {
        ConnectorSettings d = defaults();
        ConnectorSettings s = new ConnectorSettings(
                bool(props, "enabled", d.enabled()),
                text(props, "address", d.address()),
                (int) number(props, "port", d.port(), 1, 65535),
                text(props, "token", ""),
                bool(props, "tls.enabled", false),
                text(props, "tls.keystore", ""),
                text(props, "tls.keystore.password", ""),
                text(props, "tls.truststore", ""),
                text(props, "tls.truststore.password", ""),
                choice(props, "tls.client.auth", ClientAuth.class, ClientAuth.NONE),
                (int) number(props, "max.connections", d.maxConnections(), 1, 10_000),
                (int) number(props, "max.frame.bytes", d.maxFrameBytes(), 1024, 16 * 1024 * 1024),
                (int) number(props, "queue.limit", d.queueLimit(), 16, 10_000_000),
                number(props, "hello.timeout.ms", d.helloTimeoutMs(), 100, 600_000),
                choice(props, "orphan.policy", OrphanPolicy.class, OrphanPolicy.HOLD),
                number(props, "orphan.grace.ms", d.orphanGraceMs(), 0, 86_400_000),
                (int) number(props, "service.ranking", d.serviceRanking(), Integer.MIN_VALUE, Integer.MAX_VALUE));
        s.checkCredentials();
        return s;
    }

    private void checkCredentials() throws InvalidSettingException {
        if (!token.isEmpty() && token.length() < MIN_TOKEN_LENGTH) {
            throw InvalidSettingException.badValue("token", "(" + token.length() + " characters, hidden)",
                    "at least " + MIN_TOKEN_LENGTH + " characters");
        }
        if (tlsEnabled && keystore.isEmpty()) {
            throw InvalidSettingException.badValue("tls.keystore", "", "required when tls.enabled = true");
        }
        if (tlsEnabled && clientAuth != ClientAuth.NONE && truststore.isEmpty()) {
            // the JDK's default trust store would let any certificate of a public CA in
            throw InvalidSettingException.badValue("tls.truststore", "",
                    "required when tls.client.auth is want or need: it says which client certificates are credentials");
        }
        if (enabled && token.isEmpty() && !(tlsEnabled && clientAuth == ClientAuth.NEED)) {
            throw new InvalidSettingException("no credential configured: set 'token' (16 characters or more), "
                    + "or 'tls.enabled' = true with 'tls.client.auth' = need; the connector does not listen "
                    + "without one");
        }
    }

    /** address:port as shown to operators. */
    public String endpoint() {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    /** True when a change of this kind needs a new listening socket. */
    boolean listensDifferentlyFrom(ConnectorSettings other) {
        return other == null || enabled != other.enabled || !address.equals(other.address) || port != other.port
                || tlsEnabled != other.tlsEnabled || !keystore.equals(other.keystore)
                || !keystorePassword.equals(other.keystorePassword) || !truststore.equals(other.truststore)
                || !truststorePassword.equals(other.truststorePassword) || clientAuth != other.clientAuth;
    }

    @Override
    public String toString() {
        return "enabled=" + enabled + ", endpoint=" + endpoint() + ", token=" + (token.isEmpty() ? "none" : "set")
                + ", tls=" + tlsEnabled + (tlsEnabled ? " (client auth " + clientAuth + ")" : "")
                + ", max.connections=" + maxConnections + ", max.frame.bytes=" + maxFrameBytes
                + ", queue.limit=" + queueLimit + ", hello.timeout.ms=" + helloTimeoutMs
                + ", orphan.policy=" + orphanPolicy + ", orphan.grace.ms=" + orphanGraceMs
                + ", service.ranking=" + serviceRanking;
    }

    private static String text(Map<String, ?> props, String key, String dflt) {
        Object raw = props.get(key);
        return raw == null ? dflt : raw.toString().trim();
    }

    private static boolean bool(Map<String, ?> props, String key, boolean dflt) throws InvalidSettingException {
        Object raw = props.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return dflt;
        }
        String v = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw InvalidSettingException.badValue(key, raw, "true or false");
        }
        return v.equals("true");
    }

    private static long number(Map<String, ?> props, String key, long dflt, long min, long max)
            throws InvalidSettingException {
        Object raw = props.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return dflt;
        }
        long value;
        try {
            value = raw instanceof Number n ? n.longValue() : Long.parseLong(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw InvalidSettingException.badValue(key, raw, "not a number");
        }
        if (value < min || value > max) {
            throw InvalidSettingException.badValue(key, raw, "must be " + min + "-" + max);
        }
        return value;
    }

    private static <E extends Enum<E>> E choice(Map<String, ?> props, String key, Class<E> type, E dflt)
            throws InvalidSettingException {
        Object raw = props.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return dflt;
        }
        try {
            return Enum.valueOf(type, raw.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidSettingException.badValue(key, raw,
                    "one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}

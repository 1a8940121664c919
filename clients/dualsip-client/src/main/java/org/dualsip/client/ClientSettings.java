package org.dualsip.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

/**
 * Everything a {@link DualsipClient} is built with (see {@link DualsipClient.Builder} for defaults).
 *
 * @param nodes          the nodes' own connector addresses (one or two)
 * @param application    the application's name, [A-Za-z0-9._-]{1,64}
 * @param token          the shared token, or null when the TLS client certificate is the credential
 * @param tls            the TLS context (client certificate and/or trust), or null for plain TCP
 * @param patterns       request-URI patterns (Java regex, whole match) registered on both nodes
 * @param commandTimeout how long a command waits for the node's answer
 * @param activeWait     how long a command waits for a serving node when none is known
 * @param backoffMin     first reconnect delay
 * @param backoffMax     largest reconnect delay
 * @param connectTimeout TCP connect and handshake timeout
 * @param keepalive      idle time after which the client pings; no frame for 3× this drops the link
 * @param takeoverGrace  how long to wait for a new active's takeover event before reporting the takeover
 *                       from its role change (the event was missed, e.g. while reconnecting)
 * @param maxFrameBytes  the longest frame accepted from a node
 * @param queueLimit     outgoing frames queued per connection before commands are refused
 */
record ClientSettings(List<NodeAddress> nodes, String application, String token, SSLContext tls,
        List<String> patterns, Duration commandTimeout, Duration activeWait, Duration backoffMin,
        Duration backoffMax, Duration connectTimeout, Duration keepalive, Duration takeoverGrace,
        int maxFrameBytes, int queueLimit) {

    private static final Pattern APPLICATION_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** host:port of one node's connector. */
    record NodeAddress(String host, int port) {
        NodeAddress {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /** "host:port" (an IPv6 literal in brackets: "[::1]:7001"). */
        static NodeAddress parse(String text) {
            String trimmed = text.trim();
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("expected host:port, got '" + text + "'");
            }
            String host = trimmed.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                return new NodeAddress(host, Integer.parseInt(trimmed.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected host:port, got '" + text + "'");
            }
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    ClientSettings {
        nodes = List.copyOf(nodes);
        patterns = List.copyOf(patterns);
        if (nodes.isEmpty() || nodes.size() > 2) {
            throw new IllegalArgumentException("a pair has one or two nodes, got " + nodes.size());
        }
        if (application == null || !APPLICATION_NAME.matcher(application).matches()) {
            throw new IllegalArgumentException("application name must match " + APPLICATION_NAME + ": " + application);
        }
        if (token == null && tls == null) {
            throw new IllegalArgumentException("a token or a TLS context (client certificate) is needed");
        }
        for (String pattern : patterns) {
            Pattern.compile(pattern); // fail here rather than as a bad-argument from both nodes
        }
        requirePositive(commandTimeout, "commandTimeout");
        requirePositive(activeWait, "activeWait");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(keepalive, "keepalive");
        requirePositive(takeoverGrace, "takeoverGrace");
        if (maxFrameBytes < 1024 || queueLimit < 1) {
            throw new IllegalArgumentException("maxFrameBytes >= 1024 and queueLimit >= 1 needed");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}

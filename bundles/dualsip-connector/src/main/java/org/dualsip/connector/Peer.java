package org.dualsip.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One application connection as the protocol logic sees it (a socket in production, a list in tests). */
interface Peer {

    /**
     * Queues a frame without blocking. False when it was not queued: the connection is closing, or
     * its queue was full (it is then closed as a slow consumer).
     */
    boolean send(ObjectNode frame);

    /**
     * Closes after the frames already queued, sending goodbye with this reason first (none when
     * null). Safe to call more than once.
     */
    void close(String goodbyeReason);

    /** host:port of the remote end. */
    String remoteAddress();

    boolean tls();

    /** True when the TLS client presented a certificate the trust store verified. */
    boolean verifiedClientCertificate();
}

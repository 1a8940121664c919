package org.dualsip.client;

/**
 * A command failed: the node answered with an error (the protocol's code, e.g. {@code call-state},
 * {@code not-owner}, {@code unknown-call}, {@code refused}), or the client could not deliver it
 * ({@link #NO_ACTIVE_NODE}, {@link #CONNECTION_LOST}, {@link #TIMEOUT}, {@link #CLOSED}).
 */
public class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** No node was serving within the client's wait for an active node. */
    public static final String NO_ACTIVE_NODE = "no-active-node";
    /** The connection to the node dropped before it answered. */
    public static final String CONNECTION_LOST = "connection-lost";
    /** The node did not answer within the command timeout. */
    public static final String TIMEOUT = "timeout";
    /** The client is closed. */
    public static final String CLOSED = "closed";
    /** The connection's outgoing queue is full. */
    public static final String QUEUE_FULL = "queue-full";

    private final String code;
    private final String node;

    public CommandException(String code, String message, String node) {
        super(message);
        this.code = code;
        this.node = node;
    }

    /** The protocol's error code, or one of this class's constants. */
    public String code() {
        return code;
    }

    /** The node that answered or was tried, or null. */
    public String node() {
        return node;
    }

    @Override
    public String toString() {
        return "CommandException[" + code + (node == null ? "" : " from " + node) + "]: " + getMessage();
    }
}

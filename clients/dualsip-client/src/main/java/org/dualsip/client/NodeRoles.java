package org.dualsip.client;

/** Role names as the protocol sends them, plus the client's own DISCONNECTED. */
final class NodeRoles {

    static final String ACTIVE = "ACTIVE";
    static final String STANDALONE = "STANDALONE";
    /** Not a node role: the client has no connection to the node. */
    static final String DISCONNECTED = "DISCONNECTED";

    private NodeRoles() {
    }

    /** ACTIVE and STANDALONE nodes take call commands. */
    static boolean isServing(String role) {
        return ACTIVE.equals(role) || STANDALONE.equals(role);
    }
}

package org.dualsip.client;

/**
 * The state of the pair as one node reports it ({@code pair-status}).
 *
 * @param node             the answering node's name
 * @param role             its role (ACTIVE, PASSIVE, STANDALONE, STARTING, FENCED)
 * @param epoch            the current epoch
 * @param peer             the peer's sync endpoint, or null
 * @param peerNode         the peer's node name, or null
 * @param peerRole         the peer's role as this node sees it, or null
 * @param sync             IN_SYNC, SYNCING, DEGRADED or NO_PEER
 * @param replicationLagMs the replication lag in milliseconds
 * @param holdsAddress     whether the answering node holds the service address
 * @param serviceAddress   the service address, or null
 */
public record PairView(String node, String role, long epoch, String peer, String peerNode, String peerRole,
        String sync, long replicationLagMs, boolean holdsAddress, String serviceAddress) {
}

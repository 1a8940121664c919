package org.dualsip.api.connector;

/**
 * The connector's listening state and counters since it started.
 *
 * @param listening           whether it accepts connections now
 * @param endpoint            the configured address:port
 * @param tls                 whether connections use TLS
 * @param problem             why it does not listen (configuration refused, port busy), or null
 * @param open                connections open now
 * @param accepted            connections accepted (every socket the acceptor took)
 * @param authenticated       connections that completed hello
 * @param refusedUnauthorized connections refused for a wrong or missing credential
 * @param refusedOverLimit    connections refused because max.connections were open
 * @param droppedSlow         connections closed because their outgoing queue was full
 */
public record ConnectorStatus(boolean listening, String endpoint, boolean tls, String problem, int open,
                              long accepted, long authenticated, long refusedUnauthorized,
                              long refusedOverLimit, long droppedSlow) { }

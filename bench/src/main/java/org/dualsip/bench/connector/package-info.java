/**
 * Remote applications under load: a pair whose connectors listen ({@link org.dualsip.bench.connector.ConnectorPair},
 * shared with the RemoteApp system tests) and the connector latency benchmark
 * ({@link org.dualsip.bench.connector.ConnectorBench}): INVITE arriving to the application's offered event,
 * and the application's answer to the 200 OK leaving, p50/p99, timed with SIPp's message trace and the
 * client's own clock.
 */
package org.dualsip.bench.connector;

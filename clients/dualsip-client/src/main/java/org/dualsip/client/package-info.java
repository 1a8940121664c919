/**
 * dualsip-client: the application side of the dualsip connector protocol (version 1, newline-delimited
 * JSON over TCP, optional TLS). A {@link org.dualsip.client.DualsipClient} connects to both nodes of a
 * pair by their own addresses, sends every command to the node that serves (ACTIVE or STANDALONE),
 * reconnects with backoff, and gives the application one view of its calls that survives a takeover:
 * the same call ids, one {@link org.dualsip.client.RemoteCallListener#onTakeover} per takeover.
 *
 * <p>Plain Java: depends on Jackson and the SLF4J API only, and is also an OSGi bundle exporting this
 * package alone.
 */
package org.dualsip.client;

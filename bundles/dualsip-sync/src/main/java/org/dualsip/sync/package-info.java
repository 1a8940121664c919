/**
 * The pair's sync link (not exported): one JGroups channel to exactly the configured peer, the role
 * and epoch state machine, record replication with bounded acknowledgement waits, and the full state
 * transfer to a joining passive. JGroups is embedded privately; only dualsip-api types leave this
 * package (as OSGi services).
 */
package org.dualsip.sync;

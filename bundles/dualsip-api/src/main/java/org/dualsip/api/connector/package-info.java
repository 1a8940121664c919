/**
 * Remote applications as the operator sees them: who is connected to this node's connector, with
 * which patterns and calls, and the connector's own counters (for {@code dualsip:apps}).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
@org.osgi.annotation.bundle.Export
package org.dualsip.api.connector;

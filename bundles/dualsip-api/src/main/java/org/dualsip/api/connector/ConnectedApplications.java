package org.dualsip.api.connector;

import java.util.List;

/** Provided by the connector as an OSGi service: what {@code dualsip:apps} shows. */
public interface ConnectedApplications {

    /** Every remote application known to this node, connected or away, by name. */
    List<ConnectedApplication> applications();

    /** The connector's listening state and counters. */
    ConnectorStatus status();
}

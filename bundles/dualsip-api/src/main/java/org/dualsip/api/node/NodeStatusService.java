package org.dualsip.api.node;

/** Provides the current {@link NodeStatus}; registered as an OSGi service. */
public interface NodeStatusService {
    NodeStatus status();
}

package org.dualsip.api.address;

/**
 * Registered by the floating-IP component: the state of the service address on this node,
 * including the alarms of its driver (a refused probe, a failed announcement).
 */
public interface FloatingAddressStatusService {

    /** A snapshot; never null. */
    FloatingAddressStatus status();
}

package org.dualsip.floatingip;

import org.dualsip.api.address.ServiceAddress;

/**
 * Makes a held address visible to the rest of the node (an OSGi service registration in the
 * bundle, a recording fake in tests).
 */
public interface ServiceAddressPublisher {

    /** Publishes the address; the returned handle withdraws it. */
    Publication publish(ServiceAddress address);

    /** A published address. */
    interface Publication {
        /** Withdraws the address; harmless when already withdrawn. */
        void withdraw();
    }
}

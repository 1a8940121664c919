package org.dualsip.api.address;

/**
 * Registered as an OSGi service by the floating-IP component while this node holds the service
 * address, and unregistered before the address is released. The SIP stack binds its listening
 * points while (and only while) this service is present.
 */
public interface ServiceAddress {

    /** The held address. */
    FloatingAddress address();

    /** The name of the driver that acquired it. */
    String driver();
}

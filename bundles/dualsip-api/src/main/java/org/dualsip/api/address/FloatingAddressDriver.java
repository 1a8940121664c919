package org.dualsip.api.address;

/**
 * Puts the service address on this host and takes it away. Registered as an OSGi service with the
 * property {@value #DRIVER_NAME} (e.g. {@code none}, {@code linux}); the floating-IP component uses
 * the driver its configuration names.
 */
public interface FloatingAddressDriver {

    /** Service property: the driver's name, as written in {@code org.dualsip.floatingip} {@code driver}. */
    String DRIVER_NAME = "dualsip.address.driver";

    /**
     * Checks that the address can be used with this driver at all (e.g. it exists on this host, the
     * interface exists). Called before {@link #acquire}; throws with a message naming the problem.
     */
    void validate(FloatingAddress address) throws AddressException;

    /** Makes the address usable on this host and announces it where the driver does that. */
    void acquire(FloatingAddress address) throws AddressException;

    /** Stops using the address on this host. Must not throw for an address not held. */
    void release(FloatingAddress address) throws AddressException;
}

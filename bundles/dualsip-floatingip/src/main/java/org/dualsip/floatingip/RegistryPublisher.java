package org.dualsip.floatingip;

import java.util.Dictionary;
import java.util.Hashtable;
import org.dualsip.api.address.FloatingAddressDriver;
import org.dualsip.api.address.ServiceAddress;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Publishes the held address as an OSGi {@link ServiceAddress} service. */
final class RegistryPublisher implements ServiceAddressPublisher {

    /** Service property with the held address as text, for filters and for the shell. */
    static final String ADDRESS_PROPERTY = "dualsip.address";

    private final BundleContext context;

    RegistryPublisher(BundleContext context) {
        this.context = context;
    }

    @Override
    public Publication publish(ServiceAddress address) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ADDRESS_PROPERTY, address.address().host());
        properties.put(FloatingAddressDriver.DRIVER_NAME, address.driver());
        ServiceRegistration<ServiceAddress> registration =
                context.registerService(ServiceAddress.class, address, properties);
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it already
            }
        };
    }
}

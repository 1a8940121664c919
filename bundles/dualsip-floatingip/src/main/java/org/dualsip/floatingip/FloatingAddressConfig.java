package org.dualsip.floatingip;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code org.dualsip.floatingip}. The prefix is read as text (though declared
 * an integer to tools) so that a bad value is refused with its key by {@link AddressSettings}
 * rather than coerced by the framework.
 */
@ObjectClassDefinition(id = AddressSettings.PID, name = "dualsip service address",
        description = "The floating IP address SIP listens on, and the driver that puts it on this host.")
public @interface FloatingAddressConfig {

    @AttributeDefinition(name = "Address",
            description = "The SIP service address (IPv4 or IPv6 literal).")
    String address() default "127.0.0.10";

    @AttributeDefinition(name = "Prefix", type = AttributeType.INTEGER,
            description = "Prefix length for drivers that configure the address (0-32 IPv4, 0-128 IPv6).")
    String prefix() default "32";

    @AttributeDefinition(name = "Interface", required = false,
            description = "Interface for drivers that configure the address; empty for the none driver.")
    String interface$() default "";

    @AttributeDefinition(name = "Driver",
            description = "Address driver: none (the address is already on this host) or linux (later).")
    String driver() default "none";
}

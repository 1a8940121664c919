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
            description = "Address driver: none (the address is already on this host) or linux "
                    + "(probes, adds and announces it).")
    String driver() default "none";

    @AttributeDefinition(name = "Retry period (ms)", type = AttributeType.INTEGER,
            description = "While the address should be held but cannot be (e.g. the ARP probe was answered), "
                    + "acquiring is retried this often (100-600000).")
    String acquire_retry_ms() default "1000";

    @AttributeDefinition(name = "Announcements", type = AttributeType.INTEGER,
            description = "linux: gratuitous ARPs / neighbour advertisements sent after acquiring (1-100).")
    String announce_count() default "5";

    @AttributeDefinition(name = "Announcement interval (ms)", type = AttributeType.INTEGER,
            description = "linux: time between the announcements of the burst (10-10000).")
    String announce_interval_ms() default "200";

    @AttributeDefinition(name = "Refresh period (ms)", type = AttributeType.INTEGER,
            description = "linux: one announcement this often while held; 0 = off (else 100-3600000).")
    String refresh_period_ms() default "0";

    @AttributeDefinition(name = "Probes", type = AttributeType.INTEGER,
            description = "linux: ARP probes (RFC 5227) before adding an IPv4 address; 0 = no probe (0-10).")
    String probe_count() default "1";

    @AttributeDefinition(name = "Probe timeout (ms)", type = AttributeType.INTEGER,
            description = "linux: how long to wait for an answer to the probe (10-30000).")
    String probe_timeout_ms() default "30";

    @AttributeDefinition(name = "Command timeout (ms)", type = AttributeType.INTEGER,
            description = "linux: limit for each ip / arping / ndptool command (100-60000).")
    String command_timeout_ms() default "2000";
}

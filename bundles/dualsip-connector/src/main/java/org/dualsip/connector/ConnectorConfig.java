package org.dualsip.connector;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code org.dualsip.connector}, documented key by key in
 * etc/org.dualsip.connector.cfg. Values are read from the raw properties by {@link ConnectorSettings}
 * so that a bad value is refused with its key rather than silently coerced.
 */
@ObjectClassDefinition(id = ConnectorSettings.PID, name = "dualsip connector",
        description = "Where remote call-control applications connect, and how they authenticate")
public @interface ConnectorConfig {

    @AttributeDefinition(type = AttributeType.BOOLEAN, description = "Listen for applications")
    String enabled() default "true";

    @AttributeDefinition(description = "This node's own address to listen on (not the floating one)")
    String address() default "127.0.0.1";

    @AttributeDefinition(type = AttributeType.INTEGER, description = "TCP port (1-65535)")
    String port() default "7001";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false,
            description = "Shared token (16+ characters); empty: only TLS client certificates (client auth need)")
    String token() default "";

    @AttributeDefinition(type = AttributeType.BOOLEAN, description = "TLS on the connector port")
    String tls_enabled() default "false";

    @AttributeDefinition(required = false, description = "Key store file (PKCS12 or JKS) with the server key")
    String tls_keystore() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false, description = "Key store password")
    String tls_keystore_password() default "";

    @AttributeDefinition(required = false, description = "Trust store file: which client certificates are credentials")
    String tls_truststore() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false, description = "Trust store password")
    String tls_truststore_password() default "";

    @AttributeDefinition(description = "TLS client certificate: none, want or need")
    String tls_client_auth() default "none";

    @AttributeDefinition(type = AttributeType.INTEGER, description = "Most connections open at once")
    String max_connections() default "64";

    @AttributeDefinition(type = AttributeType.INTEGER, description = "Largest frame an application may send, bytes")
    String max_frame_bytes() default "65536";

    @AttributeDefinition(type = AttributeType.INTEGER, description = "Frames queued per connection before it is dropped")
    String queue_limit() default "10000";

    @AttributeDefinition(type = AttributeType.LONG, description = "Milliseconds a new connection has for its hello")
    String hello_timeout_ms() default "5000";

    @AttributeDefinition(description = "Calls of a disconnected application: hold or hangup")
    String orphan_policy() default "hold";

    @AttributeDefinition(type = AttributeType.LONG, description = "Milliseconds calls are held for a returning application")
    String orphan_grace_ms() default "30000";

    @AttributeDefinition(type = AttributeType.INTEGER,
            description = "Service ranking of remote applications on the CallApplication whiteboard")
    String service_ranking() default "1";
}

package org.dualsip.sip.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code org.dualsip.sip}; documented key by key in etc/org.dualsip.sip.cfg. */
@ObjectClassDefinition(id = "org.dualsip.sip", name = "dualsip SIP",
        description = "SIP listening on the service address and tuning of the embedded SIP stack")
public @interface SipConfig {

    @AttributeDefinition(description = "SIP port on the service address (1-65535); applies live")
    int port() default 5060;

    @AttributeDefinition(description = "Comma-separated transports: udp, tcp; applies live")
    String transports() default "udp,tcp";

    @AttributeDefinition(description = "JAIN-SIP message-processing threads (applies at restart)")
    int thread_pool_size() default 8;

    @AttributeDefinition(description = "Largest number of concurrent SIP transactions (applies at restart)")
    int max_transactions() default 100000;

    @AttributeDefinition(description = "Largest SIP message accepted, in bytes (applies at restart)")
    int max_message_size() default 65536;

    @AttributeDefinition(description = "JAIN-SIP trace level: 0 off, 16 info, 32 debug (applies at restart)")
    int stack_trace_level() default 0;

    @AttributeDefinition(description = "RFC 3261 T1 in ms: first 2xx retransmission; Timer H is 64*T1")
    long t1_ms() default 500;

    @AttributeDefinition(description = "RFC 3261 T2 in ms: cap of the 2xx retransmission interval")
    long t2_ms() default 4000;

    @AttributeDefinition(description = "Threads delivering events to applications and sending commands")
    int worker_threads() default 4;

    @AttributeDefinition(description = "RFC 4028 session interval in seconds we ask for and grant at most; "
            + "0 = session timers off; otherwise at least min.se.s")
    int session_expires_s() default 1800;

    @AttributeDefinition(description = "RFC 4028 Min-SE in seconds: smallest session interval accepted "
            + "(422 below it); 90-86400")
    int min_se_s() default 90;
}

package org.dualsip.demo;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code org.dualsip.demo}. Numbers and the flag are read as text (while
 * declared with their real type to tools) so that a bad value is refused with its key by {@link
 * DemoSettings} rather than silently coerced by the framework.
 */
@ObjectClassDefinition(id = DemoSettings.PID, name = "dualsip demo application",
        description = "Answers every call whose request-URI matches, after a delay, with a fixed SDP.")
public @interface DemoApplicationConfig {

    @AttributeDefinition(name = "Pattern",
            description = "Java regular expression matched against the whole request-URI of new calls.")
    String pattern() default ".*";

    @AttributeDefinition(name = "Answer delay (ms)", type = AttributeType.LONG,
            description = "Milliseconds between the offer and the 200 answer; 0 answers at once.")
    String answer_delay_ms() default "0";

    @AttributeDefinition(name = "Hang up after (ms)", type = AttributeType.LONG,
            description = "Milliseconds after the ACK before the demo hangs up (BYE); 0 never hangs up.")
    String hangup_after_ms() default "0";

    @AttributeDefinition(name = "Ring", type = AttributeType.BOOLEAN,
            description = "Send 180 Ringing before answering.")
    String ring() default "true";

    @AttributeDefinition(name = "Transfer",
            description = "What to do with a REFER (call transfer) from the far end: refuse (603 Declined) or "
                    + "accept (202, then the demo calls the Refer-To target and reports its progress).")
    String transfer() default "refuse";

    // Empty by default: a multi-line default would be folded into one line by the XML descriptors.
    @AttributeDefinition(name = "SDP answer", required = false,
            description = "The SDP answer, lines separated by \\n or \\r\\n; empty means the built-in "
                    + "answer (audio PCMU on 127.0.0.1).")
    String sdp() default "";
}

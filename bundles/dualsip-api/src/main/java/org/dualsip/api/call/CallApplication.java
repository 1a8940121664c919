package org.dualsip.api.call;

/**
 * An in-process call-control application, registered as an OSGi service (whiteboard pattern).
 *
 * <p>Service properties:
 * <ul>
 *   <li>{@value #NAME} (String, required): the application's name, unique on the node;</li>
 *   <li>{@value #URI_PATTERN} (String, default {@code .*}): a Java regular expression matched against
 *       the whole request-URI of each new inbound INVITE (e.g. {@code sip:[0-9]+@.*}); the call is
 *       offered to the first matching application by service ranking.</li>
 * </ul>
 *
 * <p>Events for one call are delivered in order, on a thread of the service; an application must not
 * block in {@link #onEvent}: it answers through {@link CallControl}, now or later. An exception thrown
 * by the application is logged and does not affect the call or any other call.
 */
public interface CallApplication {

    /** Service property: the application's name. */
    String NAME = "dualsip.application.name";

    /** Service property: the request-URI pattern (Java regex, whole match). */
    String URI_PATTERN = "dualsip.application.pattern";

    /** Receives one event of a call this application owns. */
    void onEvent(CallEvent event);

    /**
     * This node took over from its peer: the calls listed carry on here, with the same ids. Called once
     * per takeover, before any event of the resumed calls. The default does nothing: an application
     * that keeps no state of its own needs no code for a takeover.
     */
    default void onTakeover(Takeover takeover) {
    }
}

package org.dualsip.sip.record;

import java.util.List;

/**
 * Everything needed to address a request or response inside the dialog, as plain text.
 *
 * @param sipCallId    the SIP Call-ID
 * @param localTag     our tag (From of our requests, To of our responses)
 * @param remoteTag    the far end's tag, or null before it is known (outbound, no response yet)
 * @param localUri     our name-addr, without tag, e.g. {@code "Bob" <sip:bob@example.net>}
 * @param remoteUri    the far end's name-addr, without tag
 * @param requestUri   the request-URI of the initial INVITE
 * @param remoteTarget the far end's Contact URI (request-URI of our in-dialog requests)
 * @param routeSet     the route set in the order our requests use it
 * @param transport    the transport of the dialog (UDP or TCP)
 */
public record DialogState(String sipCallId, String localTag, String remoteTag, String localUri,
                          String remoteUri, String requestUri, String remoteTarget,
                          List<String> routeSet, String transport) {
    public DialogState {
        routeSet = routeSet == null ? List.of() : List.copyOf(routeSet);
    }

    public DialogState withRemoteTag(String tag) {
        return new DialogState(sipCallId, localTag, tag, localUri, remoteUri, requestUri, remoteTarget, routeSet, transport);
    }

    public DialogState withRemoteTarget(String target, List<String> routes) {
        return new DialogState(sipCallId, localTag, remoteTag, localUri, remoteUri, requestUri, target, routes, transport);
    }
}

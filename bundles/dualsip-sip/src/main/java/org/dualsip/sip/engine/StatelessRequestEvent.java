package org.dualsip.sip.engine;

import javax.sip.RequestEvent;
import javax.sip.SipProvider;
import javax.sip.message.Request;

/** A request to be answered without a server transaction (see BranchCollisionValve). */
final class StatelessRequestEvent extends RequestEvent {
    private static final long serialVersionUID = 1L;

    StatelessRequestEvent(SipProvider provider, Request request) {
        super(provider, null, null, request);
    }
}

package org.dualsip.sip.stack;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sip.SipStack;
import javax.sip.TransactionState;
import javax.sip.message.Request;

/**
 * JAIN-SIP matches a request to a server transaction by branch alone, so a different request that
 * reuses a live transaction's branch (other sent-by, Call-ID or CSeq; RFC 3261 17.2.3 says it is a
 * new transaction) would be swallowed as a retransmission. This valve spots those and hands them
 * to the engine to be answered statelessly. Installed through {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE};
 * the stack instantiates it by class name, hence the static route table keyed by stack.
 */
public final class BranchCollisionValve implements SIPMessageValve {

    private static final Map<SipStack, Consumer<SIPRequest>> ROUTES = new ConcurrentHashMap<>();

    private volatile SIPTransactionStack stack;

    /** Where requests with a colliding branch go, for this stack. */
    static void route(SipStack stack, Consumer<SIPRequest> target) {
        ROUTES.put(stack, target);
    }

    static void unroute(SipStack stack) {
        ROUTES.remove(stack);
    }

    @Override
    public void init(SipStack sipStack) {
        this.stack = (SIPTransactionStack) sipStack;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        SIPTransactionStack s = stack;
        if (s == null || request.getTopmostVia() == null) {
            return true;
        }
        alignViaTransport(request, channel);
        if (Request.ACK.equals(request.getMethod())) {
            return true;
        }
        SIPTransaction tx = s.findTransaction(request.getTransactionId(), true);
        if (tx == null || (sameRequest(tx.getOriginalRequest(), request) && !reinviteAfterItsTwoHundred(tx, request))) {
            return true;
        }
        Consumer<SIPRequest> target = ROUTES.get(s);
        if (target == null) {
            return true;
        }
        target.accept(request);
        return false;
    }

    /**
     * A request that names another transport in its Via than the one it came on (e.g. TLS over our
     * TCP) is answered on the connection it came on (RFC 3261 18.2.2): say so in the Via, or the
     * stack finds no listening point for the named transport and cannot answer at all.
     */
    private static void alignViaTransport(SIPRequest request, MessageChannel channel) {
        String actual = channel == null ? null : channel.getTransport();
        String named = request.getTopmostVia().getTransport();
        if (actual != null && named != null && !actual.equalsIgnoreCase(named)) {
            try {
                request.getTopmostVia().setTransport(actual.toUpperCase());
            } catch (java.text.ParseException e) {
                // keep the Via as it is; the stack then cannot answer, as before
            }
        }
    }

    /**
     * A copy of a re-INVITE whose transaction ended with our 2xx: the stack would swallow it without
     * a word, but the far end sends it because our 2xx did not reach it. The engine answers it with
     * the 2xx again (RFC 3261 13.3.1.4, 17.2.1: after a 2xx, INVITE retransmissions go to the core).
     * Initial INVITEs stay with the stack; their 2xx retransmission timer covers them.
     */
    private static boolean reinviteAfterItsTwoHundred(SIPTransaction tx, SIPRequest request) {
        return Request.INVITE.equals(request.getMethod()) && request.getToTag() != null
                && tx instanceof SIPServerTransaction && TransactionState.TERMINATED.equals(tx.getState());
    }

    private static boolean sameRequest(SIPRequest original, SIPRequest request) {
        if (original == null) {
            return true;
        }
        return Objects.equals(original.getCallId().getCallId(), request.getCallId().getCallId())
                && original.getCSeq().getSeqNumber() == request.getCSeq().getSeqNumber()
                && Objects.equals(original.getFromTag(), request.getFromTag())
                && Objects.equals(original.getTopmostVia().getSentBy(), request.getTopmostVia().getSentBy());
    }

    @Override
    public boolean processResponse(javax.sip.message.Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
        stack = null;
    }
}

package org.dualsip.sip.engine;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one JAIN-SIP listener: validates each request and routes it to its handler. Nothing thrown
 * by a handler escapes into JAIN-SIP's threads; 500 is sent only as a last resort.
 */
final class RequestDispatcher implements SipListener {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private final CallEngine engine;
    private final InboundCalls inbound;
    private final InDialogRequests inDialog;
    private final OutboundCalls outbound;
    private final RequestValidator validator;
    private final Transfers transfers;

    RequestDispatcher(CallEngine engine, InboundCalls inbound, OutboundCalls outbound, Transfers transfers) {
        this.transfers = transfers;
        this.engine = engine;
        this.inbound = inbound;
        this.inDialog = inbound.inDialog;
        this.outbound = outbound;
        this.validator = new RequestValidator(inDialog, () -> engine.settings().sessionTimers());
    }

    @Override
    public void processRequest(RequestEvent ev) {
        Request req = ev.getRequest();
        if (!engine.serving() && !engine.isWarmUpRequest(req)) {
            return; // not ACTIVE/STANDALONE: silent on SIP, whatever the listening points
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("request in:\n{}", req);
        }
        try {
            if (Request.ACK.equals(req.getMethod())) {
                inbound.onAck(req);
                return;
            }
            RequestValidator.Refusal refusal = validator.check(req);
            if (refusal != null) {
                refuse(ev, refusal);
                return;
            }
            route(ev, req);
        } catch (Throwable t) {
            LOG.debug("request {} failed: {}", req.getMethod(), t.toString(), t);
            lastResort(ev);
        }
    }

    private void route(RequestEvent ev, Request req) throws Exception {
        boolean inDialogRequest = ((ToHeader) req.getHeader(ToHeader.NAME)).getTag() != null;
        switch (req.getMethod()) {
            case Request.INVITE -> {
                if (inDialogRequest) {
                    inDialog.onReoffer(ev);
                } else {
                    inbound.onInvite(ev);
                }
            }
            case Request.UPDATE -> inDialog.onReoffer(ev);
            case Request.BYE -> inDialog.onBye(ev);
            case Request.PRACK -> inDialog.onPrack(ev, inbound.reliable);
            case Request.CANCEL -> inbound.onCancel(ev);
            case Request.OPTIONS -> answer(ev, Response.OK);
            case Request.REFER -> {
                if (inDialogRequest) {
                    transfers.received.onRefer(ev);
                } else {
                    outOfDialog(ev, req); // a transfer needs the call it transfers
                }
            }
            case Request.NOTIFY -> {
                if (inDialogRequest) {
                    transfers.sent.onNotify(ev);
                } else {
                    answer(ev, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST); // we never subscribe outside a call
                }
            }
            case Request.INFO, Request.MESSAGE -> {
                if (inDialogRequest) {
                    inDialog.onMessage(ev);
                } else {
                    // INFO and MESSAGE are taken inside a call only; outside one there is nobody to
                    // give them to
                    outOfDialog(ev, req);
                }
            }
            default -> answer(ev, Response.NOT_IMPLEMENTED);
        }
    }

    /** 405 with the methods allowed outside a dialog. */
    private void outOfDialog(RequestEvent ev, Request req) throws Exception {
        Response resp = engine.builder().response(req, Response.METHOD_NOT_ALLOWED, MessageBuilder.newTag());
        engine.builder().addAllow(resp, MessageBuilder.ALLOW_OUT_OF_DIALOG);
        send(ev, resp);
    }

    private void refuse(RequestEvent ev, RequestValidator.Refusal refusal) throws Exception {
        Response resp = response(ev.getRequest(), refusal.code());
        if (refusal.code() == Response.BAD_EXTENSION) {
            engine.builder().addUnsupported(resp, refusal.unsupported());
        }
        send(ev, resp);
    }

    private void answer(RequestEvent ev, int code) throws Exception {
        send(ev, response(ev.getRequest(), code));
    }

    /** A response with the headers its code calls for (Allow, Accept, Supported). */
    private Response response(Request req, int code) throws Exception {
        Response resp = engine.builder().response(req, code, MessageBuilder.newTag());
        MessageBuilder b = engine.builder();
        boolean options = code == Response.OK && Request.OPTIONS.equals(req.getMethod());
        if (code == Response.METHOD_NOT_ALLOWED || options) {
            b.addAllow(resp, MessageBuilder.ALLOW);
        }
        if (code == Response.UNSUPPORTED_MEDIA_TYPE || code == Response.NOT_ACCEPTABLE || options) {
            b.addAcceptSdp(resp);
        }
        if (options && engine.settings().sessionTimers()) {
            engine.sessionTimers().addSupported(resp);
        }
        if (options) {
            b.addSupported(resp);
        }
        return resp;
    }

    private void send(RequestEvent ev, Response resp) throws Exception {
        ServerTransaction st;
        try {
            st = ServerTransactions.open(ev);
        } catch (ServerTransactions.Retransmission r) {
            return;
        }
        if (st != null) {
            st.sendResponse(resp);
        } else {
            ((SipProvider) ev.getSource()).sendResponse(resp);
        }
    }

    private void lastResort(RequestEvent ev) {
        try {
            if (!Request.ACK.equals(ev.getRequest().getMethod())) {
                answer(ev, Response.SERVER_INTERNAL_ERROR);
            }
        } catch (Throwable t) {
            LOG.debug("could not answer 500: {}", t.toString());
        }
    }

    @Override
    public void processResponse(ResponseEvent ev) {
        if (!engine.serving()) {
            return;
        }
        try {
            outbound.onResponse(ev);
        } catch (Throwable t) {
            LOG.debug("response handling failed: {}", t.toString(), t);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent ev) {
        if (!engine.serving()) {
            return;
        }
        try {
            outbound.onTimeout(ev);
        } catch (Throwable t) {
            LOG.debug("timeout handling failed: {}", t.toString(), t);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent ev) {
        LOG.debug("SIP I/O error towards {}:{}/{}", ev.getHost(), ev.getPort(), ev.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent ev) {
        // transactions are a cache; nothing to do
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent ev) {
        // dialogs are off; our records hold the dialog state
    }
}

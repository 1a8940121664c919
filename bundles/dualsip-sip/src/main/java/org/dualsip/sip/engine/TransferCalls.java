package org.dualsip.sip.engine;

import javax.sip.message.Response;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import org.dualsip.api.call.OutboundCallRequest;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.Transfer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's link between an accepted transfer and the call placed for it ({@code placeTransferCall}):
 * the placed call's record names the transferred call ({@link Transfer#transferOf()}), and its events
 * become NOTIFYs on the transferred call: 18x while it rings, 200 once confirmed, its failure code. A new
 * active reports from the placed call's state what the old one may not have.
 */
final class TransferCalls {

    private static final Logger LOG = LoggerFactory.getLogger(TransferCalls.class);

    private final CallEngine engine;
    private final ReceivedTransfers received;

    TransferCalls(CallEngine engine, ReceivedTransfers received) {
        this.engine = engine;
        this.received = received;
    }

    String place(CallSession transferred, OutboundCallRequest request) {
        synchronized (transferred) {
            CallRecord r = transferred.record();
            Transfer t = r.transfer();
            if (t == null || t.role() != Transfer.Role.RECEIVED || t.stage() != Transfer.Stage.ACTIVE
                    || !r.state().isLive()) {
                throw CallEngine.wrongState(r, "placeTransferCall (no accepted transfer in progress)");
            }
        }
        return engine.outbound().place(request, Transfer.reporting(transferred.id));
    }

    /** An event of a call we placed for a transfer: reported on the transferred call (off this call's lock). */
    void onEvent(CallSession placed, CallEvent event) {
        Transfer link = placed.record().transfer();
        if (link == null || link.transferOf() == null) {
            return;
        }
        int code = codeOf(event);
        if (code != 0) {
            report(link.transferOf(), code);
        }
    }

    private static int codeOf(CallEvent event) {
        if (event instanceof CallEvent.Ringing r) {
            return r.code() > 100 && r.code() < 200 ? r.code() : 0;
        }
        if (event instanceof CallEvent.Confirmed) {
            return Response.OK;
        }
        if (event instanceof CallEvent.Ended e) {
            return failureCode(e.reason(), e.sipCode());
        }
        return 0;
    }

    static int failureCode(EndReason reason, int sipCode) {
        return switch (reason) {
            case REJECTED -> sipCode >= 300 ? sipCode : Response.SERVICE_UNAVAILABLE;
            case TIMEOUT -> Response.REQUEST_TIMEOUT;
            case LOCAL_HANGUP, CANCELLED -> Response.REQUEST_TERMINATED;
            default -> Response.SERVICE_UNAVAILABLE; // after a 200 this changes nothing: the subscription is over
        };
    }

    /** After a takeover: what the placed call's state says, in case the old active had not reported it. */
    void resume(CallRecord placed) {
        Transfer link = placed.transfer();
        if (link == null || link.transferOf() == null) {
            return;
        }
        if (placed.state() == CallState.CONFIRMED) {
            report(link.transferOf(), Response.OK);
        } else if (placed.endDecided()) { // ENDED, or ending by a BYE of ours (its Ended event was emitted)
            report(link.transferOf(), failureCode(EndReason.valueOf(placed.endReason()), placed.endCode()));
        }
    }

    /** On the timer thread, in order: a NOTIFY on the transferred call, unless its subscription is over. */
    private void report(String transferredId, int code) {
        engine.timers().execute(() -> {
            CallSession s = engine.session(transferredId);
            if (s == null || !engine.serving()) {
                return;
            }
            synchronized (s) {
                Transfer t = s.record().transfer();
                if (t == null || t.role() != Transfer.Role.RECEIVED || t.stage() != Transfer.Stage.ACTIVE
                        || (code < 200 && t.lastStatus() >= code)) {
                    return; // over, or this status already went
                }
                try {
                    received.progress(s, code);
                } catch (CallControlException e) {
                    LOG.debug("call {}: transfer progress {} not reported: {}", transferredId, code, e.getMessage());
                }
            }
        });
    }
}

package org.dualsip.demo;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.EndReason;
import org.dualsip.api.call.OutboundCallRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's answer to a REFER (blind transfer): refused with 603 unless configured to accept; when
 * accepting, it places the transfer call to the Refer-To target itself (with Referred-By and Replaces
 * when the REFER gave them) and reports that call's progress on the transferred call: its provisional
 * responses, 200 once it is confirmed, or the code it failed with.
 */
final class DemoTransfers {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTransfers.class);
    static final int DECLINED = 603;
    /** Reported when the target cannot be called at all (not a SIP URI, service refused the call). */
    static final int UNREACHABLE = 503;

    private final CallControl control;
    private final Supplier<DemoSettings> settings;
    /** The transfer call's id to the transferred call's id, while the transfer call is being set up. */
    private final Map<String, String> transferOf = new ConcurrentHashMap<>();

    DemoTransfers(CallControl control, Supplier<DemoSettings> settings) {
        this.control = control;
        this.settings = settings;
    }

    void onEvent(CallEvent event) {
        if (event instanceof CallEvent.TransferRequested t) {
            onRequested(t);
            return;
        }
        String transferred = transferOf.get(event.call().id());
        if (transferred == null) {
            return;
        }
        if (event instanceof CallEvent.Ringing r) {
            progress(transferred, r.code());
        } else if (event instanceof CallEvent.Confirmed) {
            transferOf.remove(event.call().id());
            progress(transferred, 200);
        } else if (event instanceof CallEvent.Ended e) {
            transferOf.remove(event.call().id());
            progress(transferred, failureCode(e));
        }
    }

    private void onRequested(CallEvent.TransferRequested t) {
        String id = t.call().id();
        if (!settings.get().acceptTransfers()) {
            command(id, "refuse transfer", () -> control.refuseTransfer(id, DECLINED));
            return;
        }
        if (!command(id, "accept transfer", () -> control.acceptTransfer(id))) {
            return;
        }
        Map<String, String> headers = new HashMap<>();
        if (t.referredBy() != null) {
            headers.put("Referred-By", t.referredBy());
        }
        if (t.replaces() != null) {
            headers.put("Replaces", t.replaces());
        }
        String from = t.call().direction() == org.dualsip.api.call.Direction.INBOUND ? t.call().to() : t.call().from();
        try {
            String placed = control.placeCall(new OutboundCallRequest(t.call().application(), from, t.referTo(),
                    settings.get().sdp(), headers));
            transferOf.put(placed, id);
        } catch (CallControlException e) {
            LOG.debug("demo: transfer call of {} to {} not placed: {}", id, t.referTo(), e.getMessage());
            progress(id, UNREACHABLE);
        }
    }

    private static int failureCode(CallEvent.Ended e) {
        if (e.reason() == EndReason.REJECTED && e.sipCode() >= 300) {
            return e.sipCode();
        }
        return e.reason() == EndReason.TIMEOUT ? 408 : UNREACHABLE;
    }

    private void progress(String transferred, int code) {
        command(transferred, "report transfer progress " + code, () -> control.transferProgress(transferred, code));
    }

    private static boolean command(String callId, String what, Runnable command) {
        try {
            command.run();
            return true;
        } catch (CallControlException e) {
            LOG.debug("demo: {} of call {} refused ({}): {}", what, callId, e.reason(), e.getMessage());
            return false;
        }
    }
}

package org.dualsip.demo;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.Direction;
import org.dualsip.api.call.OutboundCallRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's answer to a REFER (blind transfer): refused with 603 unless configured to accept; when
 * accepting, it places the transfer call to the Refer-To target with {@code placeTransferCall} (with
 * Referred-By and Replaces when the REFER gave them), so that the service reports that call's progress on
 * the transferred call itself, also after a takeover (the demo keeps no state of its own).
 */
final class DemoTransfers {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTransfers.class);
    static final int DECLINED = 603;
    /** Reported when the target cannot be called at all (not a SIP URI, the service refused the call). */
    static final int UNREACHABLE = 503;

    private final CallControl control;
    private final Supplier<DemoSettings> settings;

    DemoTransfers(CallControl control, Supplier<DemoSettings> settings) {
        this.control = control;
        this.settings = settings;
    }

    void onEvent(CallEvent event) {
        if (event instanceof CallEvent.TransferRequested t) {
            onRequested(t);
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
        // the transfer call comes from this call's own address (our side of the dialog)
        String from = t.call().direction() == Direction.INBOUND ? t.call().to() : t.call().from();
        try {
            control.placeTransferCall(id, new OutboundCallRequest(t.call().application(), from, t.referTo(),
                    settings.get().sdp(), headers));
        } catch (CallControlException e) {
            LOG.debug("demo: transfer call of {} to {} not placed: {}", id, t.referTo(), e.getMessage());
            command(id, "report an unreachable target", () -> control.transferProgress(id, UNREACHABLE));
        }
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

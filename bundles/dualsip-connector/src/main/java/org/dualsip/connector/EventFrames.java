package org.dualsip.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.Takeover;
import org.dualsip.api.pair.RoleChange;

/** The event frames of protocol.md, built from the in-process events. */
final class EventFrames {

    private EventFrames() {
    }

    static ObjectNode of(CallEvent event) {
        ObjectNode frame;
        if (event instanceof CallEvent.Offered o) {
            frame = Frames.event("offered");
            if (o.replaces() != null) {
                frame.put("replaces", o.replaces());
            }
        } else if (event instanceof CallEvent.Ringing r) {
            frame = Frames.event("ringing");
            frame.put("code", r.code());
            frame.put("sdp", r.sdp());
        } else if (event instanceof CallEvent.Answered) {
            frame = Frames.event("answered");
        } else if (event instanceof CallEvent.Confirmed) {
            frame = Frames.event("confirmed");
        } else if (event instanceof CallEvent.ReofferReceived r) {
            frame = Frames.event("reoffer");
            frame.put("method", r.method());
            frame.put("sdp", r.sdp());
        } else if (event instanceof CallEvent.ReofferAnswered r) {
            frame = Frames.event("reoffer-answered");
            frame.put("code", r.code());
            frame.put("sdp", r.sdp());
        } else if (event instanceof CallEvent.MessageReceived m) {
            frame = Frames.event("message");
            frame.put("method", m.method());
            frame.put("contentType", m.contentType());
            frame.put("body", m.body());
        } else if (event instanceof CallEvent.TransferRequested t) {
            frame = Frames.event("transfer-requested");
            frame.put("referTo", t.referTo());
            frame.put("referredBy", t.referredBy());
            frame.put("replaces", t.replaces());
        } else if (event instanceof CallEvent.TransferStatus t) {
            frame = Frames.event("transfer-status");
            frame.put("code", t.code());
            frame.put("finished", t.finished());
        } else if (event instanceof CallEvent.Ended e) {
            frame = Frames.event("ended");
            frame.put("reason", e.reason().name());
            frame.put("code", e.sipCode());
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        frame.set("call", Frames.call(event.call()));
        return frame;
    }

    static ObjectNode takeover(Takeover takeover) {
        ObjectNode frame = Frames.event("takeover");
        frame.put("epoch", takeover.epoch());
        frame.put("reason", takeover.reason());
        frame.set("calls", Frames.calls(takeover.calls()));
        return frame;
    }

    static ObjectNode role(RoleChange change) {
        ObjectNode frame = Frames.event("role");
        frame.put("role", change.to().name());
        frame.put("epoch", change.epoch());
        frame.put("reason", change.reason());
        return frame;
    }
}

package org.dualsip.demo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.OutboundCallRequest;

/** A CallControl that records each command as text and refuses commands for "gone" calls. */
final class RecordingCallControl implements CallControl {

    final List<String> commands = new ArrayList<>();
    final Set<String> gone = new HashSet<>();

    private void record(String callId, String command) {
        if (gone.contains(callId)) {
            throw new CallControlException(CallControlException.Reason.UNKNOWN_CALL, "no call " + callId);
        }
        commands.add(command);
    }

    @Override
    public void ring(String callId, int code, String sdp) {
        record(callId, "ring " + callId + " " + code);
    }

    @Override
    public void answer(String callId, String sdpAnswer) {
        record(callId, "answer " + callId + " " + sdpAnswer.lines().count() + " lines");
    }

    @Override
    public void reject(String callId, int code, String reasonPhrase) {
        record(callId, "reject " + callId + " " + code);
    }

    @Override
    public void hangUp(String callId) {
        record(callId, "hangUp " + callId);
    }

    @Override
    public String placeCall(OutboundCallRequest request) {
        // the demo places calls only for an accepted transfer
        record(null, "place " + request.to() + " " + new java.util.TreeMap<>(request.extraHeaders()));
        return "placed-" + request.to();
    }

    @Override
    public void acceptTransfer(String callId) {
        record(callId, "acceptTransfer " + callId);
    }

    @Override
    public void refuseTransfer(String callId, int code) {
        record(callId, "refuseTransfer " + callId + " " + code);
    }

    @Override
    public void transferProgress(String callId, int code) {
        record(callId, "transferProgress " + callId + " " + code);
    }

    @Override
    public String placeTransferCall(String transferredCallId, OutboundCallRequest request) {
        if (!request.to().startsWith("sip:")) { // as the engine: only SIP URIs are called
            throw new CallControlException(CallControlException.Reason.BAD_ARGUMENT, "not a SIP URI: " + request.to());
        }
        record(transferredCallId, "placeTransferCall " + transferredCallId + " " + request.to() + " "
                + new java.util.TreeMap<>(request.extraHeaders()));
        return "placed-" + request.to();
    }

    @Override
    public void transfer(String callId, String referTo) {
        record(callId, "transfer " + callId + " " + referTo);
    }

    @Override
    public void acceptReoffer(String callId, String sdpAnswer) {
        record(callId, "acceptReoffer " + callId + (sdpAnswer.startsWith("v=0\r\n") ? " sdp" : " ?"));
    }

    @Override
    public void refuseReoffer(String callId, int code) {
        record(callId, "refuseReoffer " + callId + " " + code);
    }

    @Override
    public void reoffer(String callId, String sdpOffer) {
        record(callId, "reoffer " + callId);
    }

    @Override
    public void update(String callId, String sdpOffer) {
        record(callId, "update " + callId);
    }

    @Override
    public Optional<Call> find(String callId) {
        return Optional.empty();
    }

    @Override
    public List<Call> calls() {
        return List.of();
    }
}

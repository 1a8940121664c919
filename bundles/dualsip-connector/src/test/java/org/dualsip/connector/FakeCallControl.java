package org.dualsip.connector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.dualsip.api.call.OutboundCallRequest;

/** A CallControl that records the commands it is given and refuses them when told to. */
final class FakeCallControl implements CallControl {

    final List<String> commands = new CopyOnWriteArrayList<>();
    final Map<String, Call> calls = new ConcurrentHashMap<>();
    volatile RuntimeException refuseWith;
    volatile int placed;

    static Call call(String id, String application, CallState state) {
        return new Call(id, Direction.INBOUND, "sip:a@x", "sip:b@y", "sip:b@y", state, "v=0", null, application,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    Call add(String id, String application, CallState state) {
        Call call = call(id, application, state);
        calls.put(id, call);
        return call;
    }

    private void record(String command) {
        RuntimeException e = refuseWith;
        if (e != null) {
            throw e;
        }
        commands.add(command);
    }

    @Override
    public void ring(String callId, int code, String sdp) {
        record("ring " + callId + " " + code + " " + sdp);
    }

    @Override
    public void answer(String callId, String sdpAnswer) {
        record("answer " + callId + " " + sdpAnswer);
    }

    @Override
    public void reject(String callId, int code, String reasonPhrase) {
        record("reject " + callId + " " + code + " " + reasonPhrase);
    }

    @Override
    public void hangUp(String callId) {
        record("hangup " + callId);
    }

    @Override
    public String placeCall(OutboundCallRequest request) {
        record("place " + request.application() + " " + request.from() + " " + request.to() + " "
                + request.sdpOffer() + " " + request.extraHeaders());
        return "out-" + (++placed);
    }

    @Override
    public void acceptReoffer(String callId, String sdpAnswer) {
        record("accept-reoffer " + callId + " " + sdpAnswer);
    }

    @Override
    public void refuseReoffer(String callId, int code) {
        record("refuse-reoffer " + callId + " " + code);
    }

    @Override
    public void reoffer(String callId, String sdpOffer) {
        record("reoffer " + callId + " " + sdpOffer);
    }

    @Override
    public void update(String callId, String sdpOffer) {
        record("update " + callId + " " + sdpOffer);
    }

    @Override
    public void acceptTransfer(String callId) {
        record("accept-transfer " + callId);
    }

    @Override
    public void refuseTransfer(String callId, int code) {
        record("refuse-transfer " + callId + " " + code);
    }

    @Override
    public void transferProgress(String callId, int code) {
        record("transfer-progress " + callId + " " + code);
    }

    @Override
    public String placeTransferCall(String transferredCallId, OutboundCallRequest request) {
        record("place-transfer " + transferredCallId + " " + request.to());
        return "t-" + transferredCallId;
    }

    @Override
    public void transfer(String callId, String referTo) {
        record("transfer " + callId + " " + referTo);
    }

    @Override
    public Optional<Call> find(String callId) {
        return Optional.ofNullable(calls.get(callId));
    }

    @Override
    public List<Call> calls() {
        return new ArrayList<>(calls.values().stream().filter(c -> c.state().isLive()).toList());
    }

    static CallControlException refusal(CallControlException.Reason reason, String message) {
        return new CallControlException(reason, message);
    }
}

package org.dualsip.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.OutboundCallRequest;

/**
 * The call operations of one authenticated application: checks the arguments, that this node serves
 * and that the application owns the call, then gives the command to CallControl and maps its refusal
 * to the protocol's error codes.
 */
final class CallCommands {

    /** One CallControl command. */
    private interface Command {
        void run();
    }

    private final CallControl control;
    private final NodeView node;
    private final String application;

    CallCommands(CallControl control, NodeView node, String application) {
        this.control = control;
        this.node = node;
        this.application = application;
    }

    /** True when op is a call operation handled here. */
    static boolean handles(String op) {
        return switch (op) {
            case "ring", "answer", "reject", "hangup", "accept-reoffer", "refuse-reoffer", "reoffer", "update", "place",
                    "calls", "accept-transfer", "refuse-transfer", "transfer-progress", "transfer" -> true;
            default -> false;
        };
    }

    ObjectNode handle(String op, Arguments args, JsonNode id) throws ProtocolError {
        return switch (op) {
            case "place" -> place(args, id);
            case "calls" -> calls(id);
            default -> onCall(op, args, id);
        };
    }

    private ObjectNode onCall(String op, Arguments args, JsonNode id) throws ProtocolError {
        String call = args.text("call");
        Command command = command(op, call, args);
        requireServing();
        requireOwner(call);
        run(command);
        return Frames.result(id);
    }

    private Command command(String op, String call, Arguments args) throws ProtocolError {
        switch (op) {
            case "ring": {
                int code = args.integer("code");
                if (code <= 100 || code > 199) {
                    throw ProtocolError.badArgument("code", "a provisional code 101-199 (180, 183)");
                }
                String sdp = args.optionalText("sdp");
                return () -> control.ring(call, code, sdp);
            }
            case "answer": {
                String sdp = args.text("sdp");
                return () -> control.answer(call, sdp);
            }
            case "reject": {
                int code = args.integer("code");
                String reason = args.optionalText("reason");
                return () -> control.reject(call, code, reason);
            }
            case "hangup":
                return () -> control.hangUp(call);
            case "accept-reoffer": {
                String sdp = args.optionalText("sdp");
                return () -> control.acceptReoffer(call, sdp);
            }
            case "refuse-reoffer": {
                int code = args.integer("code");
                return () -> control.refuseReoffer(call, code);
            }
            case "reoffer": {
                String sdp = args.text("sdp");
                return () -> control.reoffer(call, sdp);
            }
            case "update": {
                String sdp = args.text("sdp");
                return () -> control.update(call, sdp);
            }
            case "accept-transfer":
                return () -> control.acceptTransfer(call);
            case "refuse-transfer": {
                int code = args.integer("code");
                if (code < 300 || code > 699) {
                    throw ProtocolError.badArgument("code", "a final code 300-699 (603, 486)");
                }
                return () -> control.refuseTransfer(call, code);
            }
            case "transfer-progress": {
                int code = args.integer("code");
                if (code <= 100 || code > 699) {
                    throw ProtocolError.badArgument("code", "a status code 101-699");
                }
                return () -> control.transferProgress(call, code);
            }
            case "transfer": {
                String to = args.text("to");
                return () -> control.transfer(call, to);
            }
            default:
                throw ProtocolError.of("unknown-op", "unknown op " + op);
        }
    }

    private ObjectNode place(Arguments args, JsonNode id) throws ProtocolError {
        OutboundCallRequest request = new OutboundCallRequest(application, args.text("from"), args.text("to"),
                args.optionalText("sdp"), args.headers("headers")); // no sdp: a late-offer call
        String transferOf = args.optionalText("transferOf"); // the call for an accepted transfer: linked
        requireServing();
        if (transferOf != null) {
            requireOwner(transferOf);
        }
        String[] placed = new String[1];
        run(() -> placed[0] = transferOf == null ? control.placeCall(request)
                : control.placeTransferCall(transferOf, request));
        ObjectNode result = Frames.result(id);
        result.put("call", placed[0]);
        return result;
    }

    private ObjectNode calls(JsonNode id) throws ProtocolError {
        requireServing();
        ObjectNode result = Frames.result(id);
        result.set("calls", Frames.calls(control.calls().stream()
                .filter(c -> application.equals(c.application())).toList()));
        return result;
    }

    private void requireServing() throws ProtocolError {
        if (!node.serving()) {
            throw notActive();
        }
    }

    private ProtocolError notActive() {
        String active = node.activePeer();
        ObjectNode extra = Frames.object();
        extra.put("role", node.role().name());
        extra.put("active", active);
        return new ProtocolError("not-active", "this node (" + node.nodeName() + ") is " + node.role()
                + "; call commands go to the active node" + (active == null ? " (none is active now)" : ": " + active),
                extra, false);
    }

    private void requireOwner(String callId) throws ProtocolError {
        Call call = control.find(callId).orElseThrow(
                () -> ProtocolError.of("unknown-call", "no call " + callId + " on this node"));
        if (!application.equals(call.application())) {
            throw ProtocolError.of("not-owner", "call " + callId + " belongs to another application");
        }
    }

    private void run(Command command) throws ProtocolError {
        try {
            command.run();
        } catch (CallControlException e) {
            throw switch (e.reason()) {
                case UNKNOWN_CALL -> ProtocolError.of("unknown-call", e.getMessage());
                case WRONG_STATE -> ProtocolError.of("call-state", e.getMessage());
                case BAD_ARGUMENT -> ProtocolError.of("bad-argument", e.getMessage());
                case NOT_OWNER -> ProtocolError.of("not-owner", e.getMessage());
                case NOT_ACTIVE -> notActive();
            };
        }
    }
}

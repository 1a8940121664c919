package org.dualsip.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.support.CommandException;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.OutboundCallRequest;
import org.dualsip.api.pair.PairService;
import org.dualsip.api.pair.PairStatus;
import org.junit.jupiter.api.Test;

/** The commands themselves, run as Karaf would after injecting their fields. */
class CommandsTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Only calls() matters to the shell. */
    private static CallControl listing(List<Call> calls) {
        return new CallControl() {
            @Override public void ring(String callId, int code, String sdp) { }
            @Override public void answer(String callId, String sdpAnswer) { }
            @Override public void reject(String callId, int code, String reasonPhrase) { }
            @Override public void hangUp(String callId) { }
            @Override public String placeCall(OutboundCallRequest request) { return null; }
            @Override public void acceptReoffer(String callId, String sdpAnswer) { }
            @Override public void refuseReoffer(String callId, int code) { }
            @Override public void reoffer(String callId, String sdpOffer) { }
            @Override public void update(String callId, String sdpOffer) { }
            @Override public void acceptTransfer(String callId) { }
            @Override public void refuseTransfer(String callId, int code) { }
            @Override public void transferProgress(String callId, int code) { }
            @Override public void transfer(String callId, String referTo) { }
            @Override public String placeTransferCall(String callId, OutboundCallRequest request) { return null; }
            @Override public Optional<Call> find(String callId) { return Optional.empty(); }
            @Override public List<Call> calls() { return calls; }
        };
    }

    @Test
    void statusWithoutTheServiceSaysSo() {
        StatusCommand command = new StatusCommand();
        command.out = out;
        command.execute();
        assertEquals("dualsip SIP service is not running", output().strip());
    }

    @Test
    void statusPrintsTextOrJson() {
        StatusCommand command = new StatusCommand();
        command.out = out;
        command.statusService = () -> StatusReportTest.status(null);
        command.execute();
        assertTrue(output().contains("Role            : STANDALONE"), output());

        bytes.reset();
        command.json = true;
        command.execute();
        assertTrue(output().strip().startsWith("{") && output().contains("\"role\" : \"STANDALONE\""), output());
    }

    @Test
    void statusShowsTheFloatingAddressWhenItsServiceIsThere() throws Exception {
        StatusCommand command = new StatusCommand();
        command.out = out;
        command.statusService = () -> StatusReportTest.status(null);
        org.dualsip.api.address.FloatingAddressStatus floating = StatusReportTest.floating(false, "probe answered");
        command.addressStatusService = () -> floating;
        command.execute();
        assertTrue(output().contains("Address alarm   : probe answered"), output());

        bytes.reset();
        command.json = true;
        command.execute();
        assertTrue(output().contains("\"alarm\" : \"probe answered\""), output());
    }

    @Test
    void callsWithoutTheServiceSaysSo() {
        CallsCommand command = new CallsCommand();
        command.out = out;
        command.execute();
        assertEquals("dualsip SIP service is not running", output().strip());
    }

    @Test
    void callsPrintsATableWithOneRowPerCall() {
        CallsCommand command = new CallsCommand();
        command.out = out;
        command.callControl = listing(CallsReportTest.CALLS);
        command.execute();

        List<String> lines = output().lines().toList();
        assertTrue(lines.get(0).startsWith("Id") && lines.get(0).contains("Age"), output());
        assertEquals(2 + CallsReportTest.CALLS.size(), lines.size(), output());
    }

    @Test
    void callsFiltersAndReportsABadState() {
        CallsCommand command = new CallsCommand();
        command.out = out;
        command.callControl = listing(CallsReportTest.CALLS);
        command.state = "OFFERED";
        command.execute();
        assertEquals("No calls in state OFFERED.", output().strip());

        bytes.reset();
        command.state = "talking";
        command.execute();
        assertTrue(output().startsWith("unknown call state 'talking'"), output());
    }

    @Test
    void callsAsJsonIsAnArray() {
        CallsCommand command = new CallsCommand();
        command.out = out;
        command.callControl = listing(List.of());
        command.json = true;
        command.execute();
        assertEquals("[ ]", output().strip());
    }

    /** A pair service whose switchover succeeds or throws the given refusal. */
    private static PairService pair(IllegalStateException refusal) {
        return new PairService() {
            @Override public PairStatus status() { return PairReportTest.active(); }
            @Override public void switchover() {
                if (refusal != null) {
                    throw refusal;
                }
            }
        };
    }

    @Test
    void statusShowsThePairWhenThereIsOne() {
        StatusCommand command = new StatusCommand();
        command.out = out;
        command.statusService = () -> StatusReportTest.status(null);
        command.pairService = pair(null);
        command.execute();
        assertTrue(output().contains("Role            : ACTIVE"), output());
        assertTrue(output().contains("Sync            : IN_SYNC"), output());
    }

    @Test
    void statusShowsThePairAloneWhenSipIsStopped() {
        StatusCommand command = new StatusCommand();
        command.out = out;
        command.pairService = pair(null);
        command.execute();
        assertTrue(output().contains("Epoch           : 4"), output());
        assertTrue(output().contains("Alarm           : dualsip SIP service is not running"), output());
    }

    @Test
    void switchoverDone() throws Exception {
        SwitchoverCommand command = new SwitchoverCommand();
        command.out = out;
        command.pairService = pair(null);
        command.execute();
        assertEquals("switchover done: node-a is now PASSIVE, peer takes over in epoch 5", output().strip());
    }

    @Test
    void switchoverRefusedFailsTheCommandWithTheReason() {
        SwitchoverCommand command = new SwitchoverCommand();
        command.out = out;
        command.pairService = pair(new IllegalStateException("switchover refused: this node is PASSIVE, not ACTIVE"));

        CommandException refused = assertThrows(CommandException.class, command::execute);

        assertEquals("switchover refused: this node is PASSIVE, not ACTIVE", refused.getMessage());
        assertEquals("", output());
    }

    @Test
    void switchoverRefusedAsJsonIsOkFalse() throws Exception {
        SwitchoverCommand command = new SwitchoverCommand();
        command.out = out;
        command.json = true;
        command.pairService = pair(new IllegalStateException("switchover refused: the peer is not IN_SYNC"));
        command.execute();

        JsonNode json = new ObjectMapper().readTree(output());
        assertFalse(json.get("ok").asBoolean());
        assertEquals("the peer is not IN_SYNC", json.get("reason").asText());
    }

    @Test
    void switchoverWithoutThePairServiceSaysSo() throws Exception {
        SwitchoverCommand command = new SwitchoverCommand();
        command.out = out;
        CommandException refused = assertThrows(CommandException.class, command::execute);
        assertTrue(refused.getMessage().contains("pair service is not running"), refused.getMessage());

        command.json = true;
        command.execute();
        assertFalse(new ObjectMapper().readTree(output()).get("ok").asBoolean());
    }
}

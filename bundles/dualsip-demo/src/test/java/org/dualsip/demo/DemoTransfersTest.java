package org.dualsip.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.junit.jupiter.api.Test;

class DemoTransfersTest {

    private final RecordingCallControl control = new RecordingCallControl();

    private DemoApplication demo(String transfer) {
        return new DemoApplication(control, new ManualScheduler(),
                DemoSettings.parse(".*", "0", "0", "true", "", transfer));
    }

    private static Call call(String id, Direction direction, CallState state) {
        return new Call(id, direction, "sip:alice@127.0.0.1", "sip:demo@127.0.0.10", "sip:demo@127.0.0.10", state,
                "v=0\r\n", null, "demo", Instant.EPOCH);
    }

    @Test
    void refusesTransfersWith603ByDefault() {
        demo("").onEvent(new CallEvent.TransferRequested(call("c1", Direction.INBOUND, CallState.CONFIRMED),
                "sip:carol@x", null, null));
        assertEquals(List.of("refuseTransfer c1 603"), control.commands);
    }

    @Test
    void acceptingPlacesTheTransferCallLinkedToTheTransferredCall() {
        demo("accept").onEvent(new CallEvent.TransferRequested(call("c1", Direction.INBOUND, CallState.CONFIRMED),
                "sip:carol@x", "<sip:alice@y>", "abc@y;to-tag=1;from-tag=2"));
        assertEquals(List.of("acceptTransfer c1",
                "placeTransferCall c1 sip:carol@x {Referred-By=<sip:alice@y>, Replaces=abc@y;to-tag=1;from-tag=2}"),
                control.commands);
    }

    @Test
    void aTargetThatCannotBeCalledIsReported503() {
        DemoApplication demo = demo("accept");
        demo.onEvent(new CallEvent.TransferRequested(call("c1", Direction.INBOUND, CallState.CONFIRMED),
                "tel:+4420", null, null));
        assertEquals(List.of("acceptTransfer c1", "transferProgress c1 503"), control.commands);
    }

    @Test
    void aBadTransferSettingIsRefusedNamingTheKey() {
        InvalidSettingException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSettingException.class,
                () -> DemoSettings.parse(".*", "0", "0", "true", "", "maybe"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("transfer"), e.getMessage());
    }
}

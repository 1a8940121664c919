package org.dualsip.floatingip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    private static Capabilities of(String capEff) {
        return Capabilities.fromProcStatus("Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t" + capEff
                + "\nCapBnd:\t000001ffffffffff\n");
    }

    @Test
    void rootHasWhatTheDriverNeeds() {
        assertEquals(List.of(), of("000001ffffffffff").missingForDriver());
    }

    @Test
    void eachMissingCapabilityIsNamed() {
        assertEquals(List.of("CAP_NET_ADMIN", "CAP_NET_RAW"), of("0000000000000000").missingForDriver());
        assertEquals(List.of("CAP_NET_RAW"), of("0000000000001000").missingForDriver());
        assertEquals(List.of("CAP_NET_ADMIN"), of("0000000000002000").missingForDriver());
    }

    @Test
    void aStatusWithoutCapEffIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Capabilities.fromProcStatus("Name:\tjava\n"));
    }
}

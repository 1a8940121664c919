package org.dualsip.bench.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LagSamplesTest {

    private static String status(String lag, String sync) {
        return "{\n  \"node\" : \"a\",\n  \"role\" : \"ACTIVE\",\n  \"epoch\" : 3,\n  \"sync\" : " + sync
                + ",\n  \"replicationLagMs\" : " + lag + ",\n  \"roleChanges\" : [ ]\n}\n";
    }

    @Test
    void readsEveryStatusOfASessionAndItsPercentiles() {
        StringBuilder session = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            session.append(status(Double.toString(i / 10.0), "\"IN_SYNC\""));
        }
        session.append(status("null", "\"DEGRADED\""));
        LagSamples samples = new LagSamples().add(session.toString());
        assertEquals(100, samples.count());
        assertEquals(1, samples.withoutValue());
        assertEquals(1, samples.notInSync());
        assertEquals(5.0, samples.percentile(50).getAsDouble(), 1e-9);
        assertEquals(9.9, samples.percentile(99).getAsDouble(), 1e-9);
        assertEquals(10.0, samples.max().getAsDouble(), 1e-9);
    }

    @Test
    void noSamplesNoPercentile() {
        LagSamples samples = new LagSamples().add("Closed");
        assertEquals(0, samples.count());
        assertEquals("-", LagSamples.text(samples.percentile(50)));
    }
}

package org.dualsip.bench.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class HeapGaugeTest {

    @Test
    void readsG1HeapUsed() {
        String g1 = "12345:\n garbage-first heap   total 262144K, used 51234K [0x00000000f0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n"
                + " Metaspace       used 60000K, committed 61000K, reserved 1114112K\n";
        assertEquals(OptionalLong.of(51234L * 1024), HeapGauge.heapUsedBytes(g1));
    }

    @Test
    void sumsTheGenerationsOfSerialGc() {
        String serial = " def new generation   total 116160K, used 20660K [0x0, 0x1, 0x2)\n"
                + "  eden space 103296K,  20% used [0x0, 0x1, 0x2)\n"
                + " tenured generation   total 258048K, used 100K [0x0, 0x1, 0x2)\n"
                + " Metaspace       used 8914K, committed 9088K, reserved 1114112K\n";
        assertEquals(OptionalLong.of(20760L * 1024), HeapGauge.heapUsedBytes(serial));
    }

    @Test
    void readsTheHistogramTotal() {
        String histogram = " num     #instances         #bytes  class name (module)\n"
                + "   1:         10000         800000  [B (java.base@17)\n"
                + "Total         46250        2297752\n";
        assertEquals(OptionalLong.of(2297752), HeapGauge.histogramBytes(histogram));
        assertTrue(HeapGauge.histogramBytes("12345: no such process").isEmpty());
    }
}

package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckBatchTest {

    private final List<List<Long>> sent = new ArrayList<>();
    private final AckBatch batch = new AckBatch(sent::add);

    @Test
    void oneAckCarriesEveryIdOfTheBatch() {
        batch.add(3);
        batch.add(4);
        batch.add(9);
        batch.flush();

        assertEquals(List.of(List.of(3L, 4L, 9L)), sent);
    }

    @Test
    void anEmptyBatchSendsNothingAndAFlushStartsANewBatch() {
        batch.flush();
        batch.add(1);
        batch.flush();
        batch.flush();
        batch.add(2);
        batch.flush();

        assertEquals(List.of(List.of(1L), List.of(2L)), sent);
    }
}

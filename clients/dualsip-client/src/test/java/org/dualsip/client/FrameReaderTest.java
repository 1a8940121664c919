package org.dualsip.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class FrameReaderTest {

    private static FrameReader reader(String text, int limit) {
        return new FrameReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit);
    }

    @Test
    void splitsFramesOnNewlinesAndDropsCarriageReturns() throws IOException {
        FrameReader frames = reader("{\"a\":1}\n{\"b\":2}\r\n\npartial", 100);
        assertArrayEquals("{\"a\":1}".getBytes(), frames.next());
        assertArrayEquals("{\"b\":2}".getBytes(), frames.next());
        assertArrayEquals(new byte[0], frames.next());
        assertNull(frames.next(), "a last line without newline is not a frame");
    }

    @Test
    void aFrameOverTheLimitIsRefusedWithoutReadingItAll() throws IOException {
        FrameReader frames = reader("x".repeat(20) + "\n" + "y".repeat(10_000) + "\n", 20);
        assertArrayEquals("x".repeat(20).getBytes(), frames.next(), "exactly the limit is fine");
        assertThrows(FrameReader.FrameTooLargeException.class, frames::next);
    }

    @Test
    void backoffDoublesWithJitterUpToTheMaximumAndResets() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800));
        long[] steps = {100, 200, 400, 800, 800};
        for (long step : steps) {
            long delay = backoff.nextDelayMillis();
            assertTrue(delay >= step / 2 && delay <= step, "delay " + delay + " within [" + step / 2 + "," + step + "]");
        }
        backoff.reset();
        assertTrue(backoff.nextDelayMillis() <= 100);
    }
}

package org.dualsip.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    private static BoundedLineReader reader(String text, int limit) {
        return new BoundedLineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit);
    }

    /** Hands out one byte per read: every line crosses chunk boundaries. */
    private static InputStream trickle(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[pos++];
                return 1;
            }
        };
    }

    @Test
    void splitsLinesAndDropsCarriageReturns() throws IOException {
        BoundedLineReader r = reader("{\"a\":1}\n{\"b\":2}\r\n\n", 100);
        assertEquals("{\"a\":1}", r.readLine());
        assertEquals("{\"b\":2}", r.readLine());
        assertEquals("", r.readLine());
        assertNull(r.readLine());
    }

    @Test
    void aPartialLastLineIsDropped() throws IOException {
        BoundedLineReader r = reader("complete\nincompl", 100);
        assertEquals("complete", r.readLine());
        assertNull(r.readLine());
    }

    @Test
    void multiByteCharactersAcrossReads() throws IOException {
        BoundedLineReader r = new BoundedLineReader(trickle("héllo ☎ wörld\nnext\n"), 100);
        assertEquals("héllo ☎ wörld", r.readLine());
        assertEquals("next", r.readLine());
    }

    @Test
    void aLineOfExactlyTheLimitPassesOneMoreByteDoesNot() throws IOException {
        String exact = "x".repeat(50);
        assertEquals(exact, reader(exact + "\n", 50).readLine());
        assertEquals(exact, reader(exact + "\r\n", 50).readLine());
        assertThrows(FrameTooLargeException.class, () -> reader(exact + "y\n", 50).readLine());
        assertThrows(FrameTooLargeException.class,
                () -> new BoundedLineReader(trickle(exact + "y\n"), 50).readLine());
        assertThrows(FrameTooLargeException.class,
                () -> new BoundedLineReader(trickle(exact + "\ry\n"), 50).readLine());
    }

    @Test
    void anEndlessLineCostsOnlyTheLimit() {
        InputStream endless = new InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return 'z';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'z');
                served += len;
                if (served > 10_000_000) {
                    throw new AssertionError("kept reading an oversize line");
                }
                return len;
            }
        };
        assertThrows(FrameTooLargeException.class, () -> new BoundedLineReader(endless, 65536).readLine());
    }

    @Test
    void linesAfterALongLineStillSplit() throws IOException {
        String big = "b".repeat(20_000);
        BoundedLineReader r = reader(big + "\nsmall\n", 65536);
        assertEquals(big, r.readLine());
        assertEquals("small", r.readLine());
    }
}

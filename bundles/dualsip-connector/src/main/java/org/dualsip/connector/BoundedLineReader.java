package org.dualsip.connector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads '\n'-terminated UTF-8 lines, never holding more than {@code limit} bytes of one line: a peer
 * that sends an endless line costs a bounded buffer, not the heap. A '\r' before the '\n' is dropped.
 * Not thread-safe: one reader task per connection.
 */
final class BoundedLineReader {

    private final InputStream in;
    private final int limit;
    private final byte[] chunk = new byte[8192];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[1024];
    private int lineLength;

    BoundedLineReader(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /**
     * The next line without its terminator, or null at the end of the stream (a partial last line
     * is dropped: the peer went away in the middle of a frame).
     *
     * @throws FrameTooLargeException when the line exceeds the limit
     */
    String readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (chunkPos == chunkEnd && !fill()) {
                return null;
            }
            int newline = indexOfNewline();
            int end = newline < 0 ? chunkEnd : newline;
            append(chunkPos, end - chunkPos);
            if (newline >= 0) {
                chunkPos = newline + 1;
                return decode();
            }
            chunkPos = chunkEnd;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        if (n <= 0) {
            return false;
        }
        chunkPos = 0;
        chunkEnd = n;
        return true;
    }

    private int indexOfNewline() {
        for (int i = chunkPos; i < chunkEnd; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int count) throws FrameTooLargeException {
        // a '\r' that ends the line does not count against the limit
        if (lineLength + count > limit + 1 || (lineLength + count == limit + 1 && chunk[from + count - 1] != '\r')) {
            throw new FrameTooLargeException(limit);
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, lineLength + count), limit + 1));
        }
        System.arraycopy(chunk, from, line, lineLength, count);
        lineLength += count;
    }

    private String decode() throws FrameTooLargeException {
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (length > limit) {
            throw new FrameTooLargeException(limit);
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }
}

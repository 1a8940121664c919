package org.dualsip.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-terminated frames from a stream without ever holding more than {@code maxFrameBytes}:
 * a node that sends an endless line costs bounded memory and ends the connection.
 */
final class FrameReader {

    /** A frame longer than the limit arrived; the stream is no longer usable. */
    static final class FrameTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        FrameTooLargeException(int limit) {
            super("frame longer than " + limit + " bytes");
        }
    }

    private final InputStream in;
    private final int maxFrameBytes;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private byte[] frame = new byte[1024];
    // A field, not a local: a read timeout in the middle of a line must not lose what was read.
    private int length;

    FrameReader(InputStream in, int maxFrameBytes) {
        this.in = in;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The next frame without its '\n' (a trailing '\r' is dropped too), or null at end of stream. A
     * {@link java.net.SocketTimeoutException} leaves a partial frame in place for the next call.
     */
    byte[] next() throws IOException {
        while (true) {
            if (position == limit && !fill()) {
                return null; // a partial last line without '\n' is not a frame
            }
            byte b = buffer[position++];
            if (b == '\n') {
                if (length > 0 && frame[length - 1] == '\r') {
                    length--;
                }
                byte[] complete = Arrays.copyOf(frame, length);
                length = 0;
                return complete;
            }
            if (length == maxFrameBytes) {
                throw new FrameTooLargeException(maxFrameBytes);
            }
            if (length == frame.length) {
                frame = Arrays.copyOf(frame, Math.min(maxFrameBytes, frame.length * 2));
            }
            frame[length++] = b;
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}

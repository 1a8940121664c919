package org.dualsip.connector;

import java.io.IOException;

/** A line longer than max.frame.bytes: the rest of the stream cannot be framed, so it ends the connection. */
public final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    FrameTooLargeException(int limit) {
        super("frame longer than " + limit + " bytes");
    }
}

package org.dualsip.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists the epoch in a one-line file so that a restarted node never reuses an epoch it already
 * served in (DESIGN 3.3). Written atomically (temp file + move) so a crash leaves the old or the new
 * value, never half of one.
 */
final class EpochStore {

    private static final Logger LOG = LoggerFactory.getLogger(EpochStore.class);
    static final String FILE_NAME = "dualsip-sync.epoch";

    private final Path file;

    EpochStore(Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    /** The stored epoch, 0 when none (or unreadable, which is logged). */
    long load() {
        try {
            if (!Files.exists(file)) {
                return 0;
            }
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Cannot read the epoch from {} ({}); starting from 0", file, e.toString());
            return 0;
        }
    }

    /** Stores the epoch; a failure is logged (the node keeps serving with the epoch in memory). */
    void store(long epoch) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.writeString(tmp, Long.toString(epoch) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("Cannot store epoch {} in {}: {}", epoch, file, e.toString());
        }
    }
}

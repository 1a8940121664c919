package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochStoreTest {

    @TempDir
    Path dir;

    @Test
    void storesAndLoads() {
        EpochStore store = new EpochStore(dir.resolve("sub"));
        assertEquals(0, store.load());
        store.store(42);
        assertEquals(42, new EpochStore(dir.resolve("sub")).load());
    }

    @Test
    void unreadableFileStartsFromZero() throws Exception {
        Files.writeString(dir.resolve(EpochStore.FILE_NAME), "garbage");
        assertEquals(0, new EpochStore(dir).load());
    }
}

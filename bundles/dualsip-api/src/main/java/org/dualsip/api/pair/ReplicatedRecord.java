package org.dualsip.api.pair;

import java.util.Objects;

/**
 * One record as the sync link carries it. The payload is opaque to the sync bundle; the version
 * orders updates of the same key (an older version never overwrites a newer one).
 *
 * @param key     the record's key (e.g. the call id)
 * @param version the record's version, increasing with every change of that key
 * @param removed true when the record is gone (the payload may then be empty)
 * @param payload the serialised record
 */
public record ReplicatedRecord(String key, long version, boolean removed, byte[] payload) {
    public ReplicatedRecord {
        Objects.requireNonNull(key, "key");
        payload = payload == null ? new byte[0] : payload;
    }
}

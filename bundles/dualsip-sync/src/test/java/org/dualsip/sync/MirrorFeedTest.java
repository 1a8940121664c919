package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dualsip.api.pair.ReplicatedRecord;
import org.junit.jupiter.api.Test;

class MirrorFeedTest {

    final InMemoryMirror mirror = new InMemoryMirror();
    final MirrorFeed feed = new MirrorFeed(() -> mirror);

    static ReplicatedRecord rec(String key, long version) {
        return new ReplicatedRecord(key, version, false, new byte[] {(byte) version});
    }

    @Test
    void anOlderVersionNeverOverwritesANewerOne() {
        feed.apply(rec("k", 2));
        feed.apply(rec("k", 1));
        feed.apply(rec("k", 2));
        assertEquals(2, mirror.version("k"));
        assertEquals(1, mirror.applied.get());
        assertEquals(2, feed.staleIgnored());
        feed.apply(rec("k", 3));
        assertEquals(3, mirror.version("k"));
    }

    @Test
    void removalOutsideATransferForgetsTheKey() {
        feed.apply(rec("k", 1));
        feed.apply(new ReplicatedRecord("k", 2, true, null));
        assertEquals(0, feed.heldKeys());
        assertEquals(-1, mirror.version("k"));
    }

    @Test
    void transferWithMatchingCountSucceedsAndLiveChangesInterleave() {
        feed.apply(rec("old", 1));
        feed.transferStarted(1);
        assertEquals(-1, mirror.version("old"), "mirror cleared at the start marker");
        feed.apply(rec("a", 5));                    // live change, newer than the snapshot's
        feed.apply(new ReplicatedRecord("b", 3, true, null)); // live removal
        feed.transferRecord(1, rec("a", 4));
        feed.transferRecord(1, rec("b", 2));       // snapshot taken before the removal
        feed.transferRecord(1, rec("c", 1));
        MirrorFeed.Verdict v = feed.transferEnded(1, 3);
        assertTrue(v.ok());
        assertEquals(3, v.received());
        assertEquals(5, mirror.version("a"));
        assertEquals(-1, mirror.version("b"), "the removed record did not come back");
        assertEquals(1, mirror.version("c"));
        assertEquals(2, feed.heldKeys(), "tombstones dropped after the transfer");
    }

    @Test
    void countMismatchFails() {
        feed.transferStarted(1);
        feed.transferRecord(1, rec("a", 1));
        assertFalse(feed.transferEnded(1, 2).ok());
    }

    @Test
    void aTransferCutOffIsIgnoredAndANewOneStartsClean() {
        feed.transferStarted(1);
        feed.transferRecord(1, rec("a", 1));
        feed.peerLost();
        assertFalse(feed.transferRecord(1, rec("b", 1)), "records of the cut transfer are ignored");
        assertFalse(feed.transferEnded(1, 2).ok());
        feed.transferStarted(2);
        feed.transferRecord(2, rec("a", 1));
        feed.transferRecord(2, rec("b", 1));
        assertTrue(feed.transferEnded(2, 2).ok());
        assertEquals(2, mirror.records.size());
    }

    @Test
    void withoutAMirrorNothingIsHeld() {
        MirrorFeed none = new MirrorFeed(() -> null);
        assertFalse(none.apply(rec("a", 1)));
        none.transferStarted(1);
        assertFalse(none.transferEnded(1, 0).ok());
    }
}

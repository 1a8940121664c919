package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.Test;

/**
 * Losing the service address (a demotion, a switchover) must be quick: unbinding removes the listening
 * points without stopping JAIN-SIP (deleting its last provider would, with a one-second sleep), and the
 * node listens again at once on the next bind, every time.
 */
class RebindTest {

    @Test
    void unbindIsFastAndEveryNextBindAnswersAgain() throws Exception {
        CallEngine engine = new CallEngine("rebind", StackSettings.defaults().withPort(15111, List.of("udp")));
        try (SipTestPeer peer = new SipTestPeer("127.0.0.40", 15112, "127.0.0.43", 15111)) {
            for (int round = 1; round <= 6; round++) {
                engine.bind("127.0.0.43", 15111, round % 2 == 0 ? List.of("udp") : List.of("udp", "tcp"));
                assertNotNull(options(peer, 2000), "OPTIONS answered after bind " + round);
                long started = System.nanoTime();
                engine.unbind();
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(millis < 300, "unbind took " + millis + " ms");
                assertNull(options(peer, 100), "nothing listens after unbind " + round);
            }
        } finally {
            engine.stop();
        }
    }

    @Test
    void aPassiveWarmsUpWithoutListeningAndStillBindsAtTheTakeover() throws Exception {
        CallEngine engine = new CallEngine("warm", StackSettings.defaults().withPort(15113, List.of("udp", "tcp")));
        try (SipTestPeer peer = new SipTestPeer("127.0.0.40", 15114, "127.0.0.43", 15113)) {
            engine.roleChanged(new org.dualsip.api.pair.RoleChange(org.dualsip.api.node.Role.STARTING,
                    org.dualsip.api.node.Role.PASSIVE, "peer active", 1, java.time.Instant.now()));
            long deadline = System.currentTimeMillis() + 10_000;
            while (engine.warmUpAnswered() < 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10); // the warm-up runs off the role thread
            }
            assertEquals(PathWarmUp.REQUESTS, engine.warmUpAnswered(), "the passive answered its own warm-up");
            assertNull(engine.binding(), "the warm-up leaves nothing bound");
            engine.bind("127.0.0.43", 15113, List.of("udp", "tcp"));
            assertNull(options(peer, 300), "a passive answers nothing else, even when bound");
            engine.unbind();
            engine.roleChanged(new org.dualsip.api.pair.RoleChange(org.dualsip.api.node.Role.PASSIVE,
                    org.dualsip.api.node.Role.ACTIVE, "takeover", 2, java.time.Instant.now()));
            engine.bind("127.0.0.43", 15113, List.of("udp", "tcp"));
            assertNotNull(options(peer, 2000), "OPTIONS answered after the takeover bind");
        } finally {
            engine.stop();
        }
    }

    private static SipTestPeer.Msg options(SipTestPeer peer, long millis) throws Exception {
        Dialogs d = new Dialogs(peer, "127.0.0.43:15111");
        peer.onlyCallId = d.callId;
        peer.send(d.request("OPTIONS", d.uri(), "z9hG4bK" + SipTestPeer.id(), 1, false, null, null));
        return peer.expectStatus(200, "OPTIONS", millis);
    }
}

package org.dualsip.itests.system;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.client.DualsipClient;

/**
 * One standalone node whose connector listens on 127.0.0.1 (as RemoteAppPairIT's pair does, with the
 * configuration file written before the first boot), and a remote application connected to it with
 * {@link DualsipClient} whose events a {@link RecordedEvents} keeps. The demo application only takes
 * {@code sip:demo@...}; the remote application registers {@code sip:app[0-9]*@...}.
 */
final class ConnectorNode implements AutoCloseable {

    static final String TOKEN = "interop-connector-token-0123456789";
    static final String APPLICATION = "interop";

    private final KarafNode node;
    private final DualsipClient client;
    private final RecordedEvents events;

    private ConnectorNode(KarafNode node, DualsipClient client, RecordedEvents events) {
        this.node = node;
        this.client = client;
        this.events = events;
    }

    /**
     * Boots the node ({@code sip} holds further keys of {@code org.dualsip.sip}) and connects the
     * application; everything started is stopped again if a step fails.
     */
    static ConnectorNode start(Path home, NodeSettings settings, int connectorPort, Map<String, String> sip)
            throws Exception {
        Map<String, String> connector = new LinkedHashMap<>();
        connector.put("enabled", "true");
        connector.put("address", "127.0.0.1");
        connector.put("port", Integer.toString(connectorPort));
        connector.put("token", TOKEN);
        KarafNode node = new KarafNode(SystemTestSetup.distribution(), home,
                settings.withDemo("pattern", "sip:demo@.*")).withConfig("org.dualsip.connector", connector)
                .withConfig("org.dualsip.sip", sip);
        RecordedEvents events = new RecordedEvents();
        DualsipClient client = null;
        try {
            node.start();
            client = DualsipClient.builder().node("127.0.0.1", connectorPort).application(APPLICATION).token(TOKEN)
                    .patterns("sip:app[0-9]*@.*").listener(events).build().start();
            client.whenActive().get(30, TimeUnit.SECONDS);
            return new ConnectorNode(node, client, events);
        } catch (Exception | Error e) {
            if (client != null) {
                client.close();
            }
            node.stop();
            throw e;
        }
    }

    KarafNode node() {
        return node;
    }

    DualsipClient client() {
        return client;
    }

    RecordedEvents events() {
        return events;
    }

    /** Blocks on a client command (they complete once the node has accepted them). */
    static <T> T done(java.util.concurrent.CompletableFuture<T> command) throws Exception {
        return command.get(10, TimeUnit.SECONDS);
    }

    /** Waits until the node holds no live call (every call of the test ended on the node too). */
    boolean awaitNoLiveCalls(Duration timeout) throws IOException, InterruptedException {
        return org.dualsip.bench.node.NodePair.awaitStatus(node, s -> s.liveCalls() == 0, timeout).liveCalls() == 0;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            client.close();
        } finally {
            node.stop();
        }
    }
}

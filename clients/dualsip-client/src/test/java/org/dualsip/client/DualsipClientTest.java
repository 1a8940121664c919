package org.dualsip.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against two {@link FakeNode}s on 127.0.0.1 (ports 46150-46199): routing to the serving
 * node, re-routing on not-active, correlation of answers, reconnection, one takeover callback per
 * takeover, bad frames from a node, listener failures.
 */
class DualsipClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static int nextPort = 46150;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private FakeNode node(String name, String role, long epoch) throws Exception {
        FakeNode node = new FakeNode(name, nextPort++, role, epoch);
        resources.add(node);
        return node;
    }

    private DualsipClient client(FakeNode... nodes) {
        return client(DualsipClient.builder().activeWait(Duration.ofSeconds(5)), nodes);
    }

    private DualsipClient client(DualsipClient.Builder builder, FakeNode... nodes) {
        for (FakeNode node : nodes) {
            builder.node("127.0.0.1", node.port);
        }
        DualsipClient client = builder.application("app").token(FakeNode.TOKEN).patterns("sip:app@.*")
                .listener(listener).backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build().start();
        resources.add(0, client);
        return client;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static CommandException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        return assertInstanceOf(CommandException.class, e.getCause());
    }

    @Test
    void registersOnBothNodesAndSendsCommandsToTheActive() throws Exception {
        FakeNode a = node("a", "ACTIVE", 3);
        FakeNode b = node("b", "PASSIVE", 3);
        DualsipClient client = client(a, b);

        for (FakeNode node : List.of(a, b)) {
            JsonNode register = node.awaitRequest("register", WAIT);
            assertNotNull(register, "register sent to " + node.name);
            assertEquals("sip:app@.*", register.path("patterns").get(0).asText());
        }
        assertEquals("a", get(client.whenActive()));

        get(client.answer("c1", "v=0"));
        JsonNode answer = a.awaitRequest("answer", WAIT);
        assertEquals("c1", answer.path("call").asText());
        assertEquals("v=0", answer.path("sdp").asText());
        assertEquals("a-placed-1", get(client.placeCall("sip:x@h", "sip:y@h", "v=0", null)));
        get(client.update("c1", "v=0 update"));
        JsonNode update = a.awaitRequest("update", WAIT);
        assertEquals("c1", update.path("call").asText());
        assertEquals("v=0 update", update.path("sdp").asText());
        assertTrue(b.requests.stream().noneMatch(r -> "answer".equals(r.path("op").asText())),
                "the passive got no call command");
    }

    @Test
    void reroutesOnNotActiveAndWaitsForARoleEvent() throws Exception {
        FakeNode a = node("a", "ACTIVE", 1);
        FakeNode b = node("b", "PASSIVE", 1);
        DualsipClient client = client(a, b);
        assertEquals("a", get(client.whenActive()));
        await(() -> b.hellos.get() == 1, "hello on b");

        // Both change roles without telling the client yet: a refuses, nobody serves until b's event.
        a.role = "PASSIVE";
        b.role = "ACTIVE";
        b.epoch = 2;
        CompletableFuture<Void> hangup = client.hangUp("c7");
        assertNotNull(a.awaitRequest("hangup", WAIT), "tried on the node believed active first");
        Thread.sleep(200);
        assertTrue(!hangup.isDone(), "waits for a serving node instead of failing at once");
        b.send(b.roleEvent("ACTIVE", 2));
        get(hangup);
        assertEquals("c7", b.awaitRequest("hangup", WAIT).path("call").asText());
        assertEquals("b", client.activeNode().orElseThrow());
    }

    @Test
    void failsClearlyWhenNoNodeServesWithinTheWait() throws Exception {
        FakeNode a = node("a", "PASSIVE", 1);
        FakeNode b = node("b", "PASSIVE", 1);
        DualsipClient client = client(DualsipClient.builder().activeWait(Duration.ofMillis(300)), a, b);
        await(() -> a.hellos.get() == 1 && b.hellos.get() == 1, "both connected");

        CommandException e = failure(client.answer("c1", "v=0"));
        assertEquals(CommandException.NO_ACTIVE_NODE, e.code());
        assertTrue(e.getMessage().contains("a PASSIVE") && e.getMessage().contains("b PASSIVE"), e.getMessage());
        PairView pair = get(client.pairStatus());
        assertEquals("PASSIVE", pair.role(), "state queries are answered by a passive");
    }

    @Test
    void answersAreCorrelatedByIdWhateverTheirOrder() throws Exception {
        FakeNode a = node("a", "ACTIVE", 1);
        List<JsonNode> held = new ArrayList<>();
        a.override = request -> {
            if (!"hangup".equals(request.path("op").asText())) {
                return null;
            }
            synchronized (held) {
                held.add(request);
            }
            return (ObjectNode) FakeNode.JSON.createObjectNode().put("skip", true);
        };
        DualsipClient client = client(a);
        get(client.whenActive());

        List<CompletableFuture<Void>> hangups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            hangups.add(client.hangUp("call-" + i));
        }
        await(() -> {
            synchronized (held) {
                return held.size() == 20;
            }
        }, "20 hangups at the node");
        // Answer in reverse order; only call-13 fails.
        for (int i = held.size() - 1; i >= 0; i--) {
            JsonNode request = held.get(i);
            a.send("call-13".equals(request.path("call").asText())
                    ? FakeNode.error(request, "call-state", "call-13 is ENDED") : a.answer(request));
        }
        for (int i = 0; i < 20; i++) {
            if (i == 13) {
                CommandException e = failure(hangups.get(i));
                assertEquals("call-state", e.code());
                assertEquals("call-13 is ENDED", e.getMessage());
                assertEquals("a", e.node());
            } else {
                get(hangups.get(i));
            }
        }
    }

    @Test
    void reconnectsWithBackoffAfterTheNodeGoesAwayAndComesBack() throws Exception {
        FakeNode a = node("a", "STANDALONE", 1);
        DualsipClient client = client(a);
        get(client.whenActive());

        a.dropConnections();
        await(() -> a.hellos.get() == 2, "second hello after the drop");
        a.kill();
        await(() -> client.activeNode().isEmpty(), "node seen as gone");
        CompletableFuture<Void> pending = client.ring("c1", 180, null);
        Thread.sleep(300); // several refused connection attempts
        a.listen();
        get(pending); // sent once the node serves again
        await(() -> a.hellos.get() == 3, "third hello after the node listens again");
        assertNotNull(a.awaitRequest("ring", WAIT));
    }

    @Test
    void oneTakeoverCallbackFromTheEventWithTheSameCallIds() throws Exception {
        FakeNode a = node("a", "ACTIVE", 4);
        FakeNode b = node("b", "PASSIVE", 4);
        DualsipClient client = client(a, b);
        get(client.whenActive());
        await(() -> b.hellos.get() == 1 && a.connectionCount() == 1, "both connected");
        a.send(FakeNode.callEvent("offered", "c1", "OFFERED"));
        a.send(FakeNode.callEvent("offered", "c2", "OFFERED"));
        assertInstanceOf(RemoteCallEvent.Offered.class, listener.nextEvent(WAIT));
        assertInstanceOf(RemoteCallEvent.Offered.class, listener.nextEvent(WAIT));

        a.kill();
        b.calls = FakeNode.JSON.createArrayNode().add(FakeNode.call("c1", "OFFERED"));
        b.send(b.roleEvent("ACTIVE", 5));
        ObjectNode takeover = FakeNode.event("takeover").put("epoch", 5).put("reason", "peer connection closed");
        takeover.putArray("calls").add(FakeNode.call("c1", "OFFERED"));
        b.send(takeover);
        b.send(takeover); // a repeat (or a second path) must not give a second callback

        RecordingListener.TakeoverSeen seen = listener.nextTakeover(WAIT);
        assertEquals(5, seen.epoch());
        assertEquals(List.of("c1"), seen.calls().stream().map(RemoteCall::id).toList());
        RemoteCallEvent.Ended lost = assertInstanceOf(RemoteCallEvent.Ended.class, listener.nextEvent(WAIT));
        assertEquals("c2", lost.call().id(), "a call the new active does not have is reported ended once");
        assertEquals(EventRouter.LOST_REASON, lost.reason());
        Thread.sleep(1_500); // longer than the takeover grace: no inferred second report either
        assertNull(listener.nextTakeover(Duration.ZERO), "exactly one takeover callback");
        assertEquals(List.of("c1"), client.calls().stream().map(RemoteCall::id).toList());

        b.send(FakeNode.callEvent("offered", "c1", "OFFERED")); // the new active offers the call again
        b.send(FakeNode.callEvent("ringing", "c1", "RINGING").put("code", 180));
        assertInstanceOf(RemoteCallEvent.Ringing.class, listener.nextEvent(WAIT), "the repeated offer is dropped");
        get(client.answer("c1", "v=0"));
        assertNotNull(b.awaitRequest("answer", WAIT), "commands for the same call id go to the new active");
    }

    @Test
    void aMissedTakeoverEventIsInferredFromTheNewEpochOnce() throws Exception {
        FakeNode a = node("a", "ACTIVE", 7);
        FakeNode b = node("b", "PASSIVE", 7);
        DualsipClient client = client(DualsipClient.builder().takeoverGrace(Duration.ofMillis(200)), a, b);
        get(client.whenActive());
        await(() -> b.hellos.get() == 1, "b connected");
        a.send(FakeNode.callEvent("confirmed", "c9", "CONFIRMED"));
        assertInstanceOf(RemoteCallEvent.Confirmed.class, listener.nextEvent(WAIT));

        a.kill();
        b.calls = FakeNode.JSON.createArrayNode().add(FakeNode.call("c9", "CONFIRMED"));
        b.send(b.roleEvent("ACTIVE", 8)); // and no takeover event
        RecordingListener.TakeoverSeen seen = listener.nextTakeover(WAIT);
        assertEquals(8, seen.epoch());
        assertEquals("c9", seen.calls().get(0).id());
        ObjectNode late = FakeNode.event("takeover").put("epoch", 8).put("reason", "late");
        late.putArray("calls").add(FakeNode.call("c9", "CONFIRMED"));
        b.send(late);
        Thread.sleep(300);
        assertNull(listener.nextTakeover(Duration.ZERO), "the late event gives no second callback");
    }

    @Test
    void badFramesFromTheNodeAreIgnoredAndTheConnectionKept() throws Exception {
        FakeNode a = node("a", "ACTIVE", 1);
        client(DualsipClient.builder().maxFrameBytes(4096), a);
        await(() -> a.hellos.get() == 1 && a.connectionCount() == 1, "connected");
        a.sendRaw("{not json");
        a.sendRaw("[1,2,3]");
        a.sendRaw("{\"no\":\"type\"}");
        a.sendRaw("{\"type\":\"event\",\"event\":\"no-such-event\",\"call\":{\"id\":\"x\"}}");
        a.sendRaw("{\"type\":\"event\",\"event\":\"offered\",\"call\":{\"id\":\"x\",\"state\":\"WEIRD\"}}");
        a.sendRaw("{\"type\":\"result\",\"id\":999999}");
        a.send(FakeNode.callEvent("offered", "good", "OFFERED"));
        RemoteCallEvent event = listener.nextEvent(WAIT);
        assertEquals("good", event.call().id());
        assertEquals(1, a.hellos.get(), "the connection survived the bad frames");

        a.sendRaw("{\"type\":\"event\",\"pad\":\"" + "x".repeat(5000) + "\"}");
        await(() -> a.hellos.get() == 2, "a frame over the limit ends the connection; the client reconnects");
    }

    @Test
    void aFailingListenerDoesNotStopDeliveryAndEventsKeepTheirOrder() throws Exception {
        FakeNode a = node("a", "ACTIVE", 1);
        List<String> seen = new ArrayList<>();
        RemoteCallListener throwing = event -> {
            synchronized (seen) {
                seen.add(event.getClass().getSimpleName() + ":" + event.call().id());
            }
            throw new IllegalStateException("application bug");
        };
        DualsipClient client = DualsipClient.builder().node("127.0.0.1", a.port).application("app")
                .token(FakeNode.TOKEN).listener(throwing).build().start();
        resources.add(0, client);
        await(() -> a.hellos.get() == 1 && a.connectionCount() == 1, "connected");
        a.send(FakeNode.callEvent("offered", "c1", "OFFERED"));
        a.send(FakeNode.callEvent("answered", "c1", "ANSWERED_WAITING_ACK"));
        a.send(FakeNode.callEvent("confirmed", "c1", "CONFIRMED"));
        a.send(FakeNode.callEvent("ended", "c1", "ENDED").put("reason", "REMOTE_HANGUP").put("code", 200));
        a.send(FakeNode.callEvent("ended", "c1", "ENDED").put("reason", "REMOTE_HANGUP").put("code", 200));
        a.send(FakeNode.callEvent("confirmed", "c1", "CONFIRMED"));
        await(() -> {
            synchronized (seen) {
                return seen.size() >= 4;
            }
        }, "four events");
        Thread.sleep(200);
        synchronized (seen) {
            assertEquals(List.of("Offered:c1", "Answered:c1", "Confirmed:c1", "Ended:c1"), seen,
                    "in order, once each; nothing after the end");
        }
        assertTrue(client.calls().isEmpty(), "an ended call leaves the view");
    }

    @Test
    void transferEventsReachTheListenerAndTransferOpsGoToTheActive() throws Exception {
        FakeNode a = node("a", "ACTIVE", 1);
        List<RemoteCallEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        DualsipClient client = DualsipClient.builder().node("127.0.0.1", a.port).application("app")
                .token(FakeNode.TOKEN).listener(seen::add).build().start();
        resources.add(0, client);
        await(() -> a.hellos.get() == 1 && a.connectionCount() == 1, "connected");
        a.send(FakeNode.callEvent("offered", "c2", "OFFERED").put("replaces", "c1"));
        a.send(FakeNode.callEvent("transfer-requested", "c2", "CONFIRMED").put("referTo", "sip:carol@x")
                .put("referredBy", "<sip:a@y>").putNull("replaces"));
        a.send(FakeNode.callEvent("transfer-status", "c2", "CONFIRMED").put("code", 202).put("finished", false));
        await(() -> seen.size() >= 3, "three events");
        assertEquals("c1", ((RemoteCallEvent.Offered) seen.get(0)).replaces());
        RemoteCallEvent.TransferRequested asked = (RemoteCallEvent.TransferRequested) seen.get(1);
        assertEquals("sip:carol@x", asked.referTo());
        assertEquals("<sip:a@y>", asked.referredBy());
        assertEquals(null, asked.replaces());
        RemoteCallEvent.TransferStatus status = (RemoteCallEvent.TransferStatus) seen.get(2);
        assertEquals(202, status.code());
        assertFalse(status.finished());

        get(client.acceptTransfer("c2"));
        assertEquals("c2", a.awaitRequest("accept-transfer", WAIT).path("call").asText());
        get(client.refuseTransfer("c2", 603));
        assertEquals(603, a.awaitRequest("refuse-transfer", WAIT).path("code").asInt());
        get(client.transferProgress("c2", 180));
        assertEquals(180, a.awaitRequest("transfer-progress", WAIT).path("code").asInt());
        get(client.transfer("c2", "sip:dave@x"));
        assertEquals("sip:dave@x", a.awaitRequest("transfer", WAIT).path("to").asText());
        get(client.placeTransferCall("c2", "sip:s@h", "sip:carol@x", "v=0", null));
        assertEquals("c2", a.awaitRequest("place", WAIT).path("transferOf").asText());
    }

    @Test
    void aWrongTokenIsRefusedAndRetriedWithoutCrashing() throws Exception {
        FakeNode a = node("a", "ACTIVE", 1);
        DualsipClient client = DualsipClient.builder().node("127.0.0.1", a.port).application("app")
                .token("wrong-token-0123456789").listener(listener).backoff(Duration.ofMillis(20), Duration.ofMillis(50))
                .activeWait(Duration.ofMillis(300)).build().start();
        resources.add(0, client);
        assertNotNull(a.awaitRequest("hello", WAIT));
        assertEquals(CommandException.NO_ACTIVE_NODE, failure(client.hangUp("c1")).code());
        assertEquals(0, a.hellos.get());
    }

    @Test
    void closingFailsTheCommandsStillWaitingForAnActiveNode() throws Exception {
        FakeNode a = node("a", "PASSIVE", 1);
        DualsipClient client = client(DualsipClient.builder().activeWait(Duration.ofSeconds(60)), a);
        await(() -> a.hellos.get() == 1, "connected");
        CompletableFuture<Void> waiting = client.answer("c1", "v=0");
        Thread.sleep(100);
        client.close();
        assertEquals(CommandException.CLOSED, failure(waiting).code());
        assertEquals(CommandException.CLOSED, failure(client.hangUp("c1")).code());
    }

    @Test
    void settingsAreCheckedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> DualsipClient.builder().node("127.0.0.1", 1)
                .application("bad name").token("t").listener(event -> { }).build());
        assertThrows(IllegalArgumentException.class, () -> DualsipClient.builder().node("127.0.0.1", 1)
                .application("ok").listener(event -> { }).build(), "no credential");
        assertThrows(java.util.regex.PatternSyntaxException.class, () -> DualsipClient.builder().node("h", 1)
                .application("ok").token("t").patterns("sip:(").listener(event -> { }).build());
        assertEquals(new ClientSettings.NodeAddress("::1", 7001), ClientSettings.NodeAddress.parse("[::1]:7001"));
    }
}

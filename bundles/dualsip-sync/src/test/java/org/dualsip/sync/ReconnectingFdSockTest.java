package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.IpAddress;
import org.jgroups.stack.Protocol;
import org.jgroups.util.Util;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A joining member whose first FD_SOCK2 connection attempt to its peer fails (as when the CONNECT-RSP
 * comes too late on a loaded machine): plain FD_SOCK2 then never monitors that peer again and a crashed
 * peer is found only by the heartbeats (here 3 s, to tell the two apart); ours connects again once the
 * suspicion is disproved and notices the crash in milliseconds. Two channels in this JVM on a free block
 * of six ports in 127.0.0.1:47280-47299 (our stack, except a slow FD_ALL3).
 */
class ReconnectingFdSockTest {

    private static final long HEARTBEAT_TIMEOUT_MS = 3000;
    private final List<JChannel> channels = new ArrayList<>();

    @AfterEach
    void closeAll() {
        channels.forEach(Util::close);
    }

    /** Characterises FD_SOCK2 5.5.7 (why ReconnectingFdSock exists): fails once the library is fixed. */
    @Test
    void plainFdSock2StaysBlindToAPeerItFailedToConnectToOnce() throws Exception {
        FD_SOCK2 joiner = new FailingFirstConnect();
        long detectedMs = crashThePeerOf(joiner);
        assertTrue(detectedMs >= HEARTBEAT_TIMEOUT_MS / 2,
                "plain FD_SOCK2 noticed the crash itself after " + detectedMs + " ms");
    }

    @Test
    void aFailedConnectionIsTriedAgainAndACrashIsNoticedAtOnce() throws Exception {
        FD_SOCK2 joiner = new ReconnectingFailingFirstConnect();
        long detectedMs = crashThePeerOf(joiner);
        System.out.println("crash of the monitored peer noticed after " + detectedMs
                + " ms (the first FD_SOCK2 connection to it had failed)");
        assertTrue(detectedMs < HEARTBEAT_TIMEOUT_MS / 2, "noticed after " + detectedMs + " ms: by the heartbeats");
    }

    /** Forms {coordinator, joiner}, waits for the joiner's failed connection to be sorted out, crashes the coordinator. */
    private long crashThePeerOf(FD_SOCK2 joinerFd) throws Exception {
        int port = freeBlockOfSix();
        JChannel coordinator = channel("c", port, port + 3, new ReconnectingFdSock(), view -> { });
        AtomicInteger joinerViewSize = new AtomicInteger();
        JChannel joiner = channel("j", port + 3, port, joinerFd, view -> joinerViewSize.set(view.size()));
        await(10_000, () -> joinerViewSize.get() == 2, () -> "a view of two");
        // the failed attempt, the suspicion, its verification (100 ms) and the unsuspicion, with room to spare
        await(5000, () -> ((FailureCount) joinerFd).failedAttempts() > 0, () -> "the injected failure");
        Thread.sleep(1500);
        assertEquals(2, joinerViewSize.get(), "the disproved suspicion kept the peer in the view");
        long crashed = System.nanoTime();
        Util.shutdown(coordinator); // stops the stack without a leave: its connections close, as in a crash
        await(2 * HEARTBEAT_TIMEOUT_MS + 2000, () -> joinerViewSize.get() == 1, () -> "the peer gone from the view");
        assertTrue(joiner.isConnected());
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashed);
    }

    private JChannel channel(String name, int port, int peerPort, FD_SOCK2 fd, java.util.function.Consumer<View> views)
            throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        TCP tcp = new TCP();
        tcp.setBindAddress(loopback);
        tcp.setBindPort(port);
        tcp.setPortRange(0);
        TCPPING ping = new TCPPING();
        ping.setInitialHosts(List.of(new InetSocketAddress("127.0.0.1", peerPort)));
        ping.setPortRange(0);
        fd.setOffset(ReplicationChannel.FD_SOCK_OFFSET).setPortRange(ReplicationChannel.FD_SOCK_PORT_RANGE)
                .setBindAddress(loopback);
        FD_ALL3 heartbeats = new FD_ALL3();
        heartbeats.setInterval(100);
        heartbeats.setTimeout(HEARTBEAT_TIMEOUT_MS);
        Protocol verify = new ProbingVerifySuspect(ReplicationChannel.FD_SOCK_OFFSET,
                ReplicationChannel.FD_SOCK_OFFSET + ReplicationChannel.FD_SOCK_PORT_RANGE).setTimeout(100);
        GMS gms = new GMS().setJoinTimeout(500);
        JChannel ch = new JChannel(tcp, ping, fd, heartbeats, verify, new NAKACK2().useMcastXmit(false),
                new UNICAST3(), new STABLE(), gms).name(name);
        ch.setReceiver(new Receiver() {
            @Override
            public void viewAccepted(View view) {
                views.accept(view);
            }
        });
        channels.add(ch);
        ch.connect("fd-sock-test");
        return ch;
    }

    interface FailureCount {
        int failedAttempts();
    }

    /** Plain FD_SOCK2 whose first connection attempt (every port of the peer) fails. */
    static final class FailingFirstConnect extends FD_SOCK2 implements FailureCount {
        private final AtomicInteger failed = new AtomicInteger();

        FailingFirstConnect() {
            setId(org.jgroups.conf.ClassConfigurator.getProtocolId(FD_SOCK2.class));
        }

        @Override
        protected boolean connectTo(IpAddress dest, Address logical) {
            return failed.getAndIncrement() >= 1 + ReplicationChannel.FD_SOCK_PORT_RANGE && super.connectTo(dest, logical);
        }

        @Override
        public int failedAttempts() {
            return Math.min(failed.get(), 1 + ReplicationChannel.FD_SOCK_PORT_RANGE);
        }
    }

    /** Ours, with the same first failure. */
    static final class ReconnectingFailingFirstConnect extends ReconnectingFdSock implements FailureCount {
        private final AtomicInteger failed = new AtomicInteger();

        @Override
        protected boolean connectTo(IpAddress dest, Address logical) {
            return failed.getAndIncrement() >= 1 + ReplicationChannel.FD_SOCK_PORT_RANGE && super.connectTo(dest, logical);
        }

        @Override
        public int failedAttempts() {
            return Math.min(failed.get(), 1 + ReplicationChannel.FD_SOCK_PORT_RANGE);
        }
    }

    private static int freeBlockOfSix() {
        for (int first = 47280; first + 6 <= 47300; first += 6) {
            boolean free = true;
            for (int port = first; port < first + 6 && free; port++) {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.bind(new InetSocketAddress("127.0.0.1", port));
                } catch (IOException inUse) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no six free ports in 127.0.0.1:47280-47299");
    }

    private static void await(long ms, BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + ms + " ms waiting for " + what.get());
            }
            Thread.sleep(2);
        }
    }
}

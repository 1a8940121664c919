package org.dualsip.sync;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one JGroups channel of the pair: TCP to exactly the configured peer, tuned to notice a killed
 * peer at once (FD_SOCK2: its connection closes) and a hung one within the heartbeat timeout
 * (FD_ALL3). The only class that sees JGroups types besides the tests' fault injection.
 *
 * <p>Suspicions are verified ({@link ProbingVerifySuspect}, one heartbeat interval): after a healed
 * partition both members open their FD_SOCK2 connections to each other at the same moment, one of the
 * two connections is dropped by the connection collision rule and FD_SOCK2 then suspects a perfectly
 * alive peer; unverified, that split the merged group again every time (seen in the hung-peer test), so
 * the roles flapped. A peer whose failure-detection ports refuse connections is dead for certain and
 * skips the check, so a killed process still costs only milliseconds. FD_SOCK2 itself is
 * {@link ReconnectingFdSock}: after a failed connection to the peer it connects again, where plain
 * FD_SOCK2 stayed blind to that peer until it left (its death then cost the heartbeat timeout).
 */
final class ReplicationChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationChannel.class);
    static final String CLUSTER = "dualsip-sync";
    /**
     * FD_SOCK2 listens on bind.port + 1, or + 2 when that one is taken (JGroups' default offset, 100,
     * would leave our port plan); the peer probes both.
     */
    static final int FD_SOCK_OFFSET = 1;
    static final int FD_SOCK_PORT_RANGE = 1;

    /** Events of the channel, delivered on JGroups threads. */
    interface Events {
        void received(byte[] data);

        /** The messages JGroups delivered together have all been {@link #received}. */
        void batchEnded();

        void peerJoined(String peerName);

        void peerLost(String reason);
    }

    private final SyncSettings settings;
    private final Events events;
    private final List<Protocol> faults;
    private volatile JChannel channel;
    private volatile Address peer;

    /**
     * @param faults protocols inserted just above the transport (tests inject DISCARD/DELAY here);
     *               empty in production
     */
    ReplicationChannel(SyncSettings settings, Events events, List<Protocol> faults) {
        this.settings = settings;
        this.events = events;
        this.faults = List.copyOf(faults);
    }

    /** Builds the stack and joins (or forms) the sync group; JGroups loads with this bundle's loader. */
    void start() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ReplicationChannel.class.getClassLoader());
        try {
            JChannel ch = new JChannel(stack()).name(settings.nodeName());
            ch.setReceiver(new Receiver() {
                @Override
                public void receive(Message msg) {
                    onMessage(msg);
                    events.batchEnded();
                }

                @Override
                public void receive(MessageBatch batch) {
                    for (Message msg : batch) {
                        onMessage(msg);
                    }
                    events.batchEnded();
                }

                @Override
                public void viewAccepted(View view) {
                    onView(view);
                }
            });
            channel = ch;
            ch.connect(CLUSTER);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private List<Protocol> stack() throws Exception {
        InetAddress bind = InetAddress.getByName(settings.bindAddress());
        TCP tcp = new TCP();
        tcp.setBindAddress(bind);
        tcp.setBindPort(settings.bindPort());
        tcp.setPortRange(0);
        // Replication is a small request waiting for a small ack: Nagle plus delayed ACKs (JGroups'
        // default since JGRP-2781) put 40 ms on some round trips, most of the 50 ms budget.
        tcp.tcpNodelay(true);
        TCPPING ping = new TCPPING();
        ping.setInitialHosts(List.of(new InetSocketAddress(settings.peerHost(), settings.peerPort())));
        ping.setPortRange(0);
        ping.breakOnCoordResponse(true);
        // A peer restarted after kill -9 may first answer on the dead connection of its previous
        // process: ask more than once within the join timeout (a miss is healed by MERGE3, which is
        // why startup.wait.ms should stay well above the merge interval).
        ping.numDiscoveryRuns(3);
        FD_SOCK2 fdSock = new ReconnectingFdSock().setOffset(FD_SOCK_OFFSET).setPortRange(FD_SOCK_PORT_RANGE).setBindAddress(bind);
        // The suspicion check costs one heartbeat interval, and FD_ALL3 notices silence only at its next
        // check (up to one more interval): it gets the rest of the timeout, so a hung peer is declared
        // lost about heartbeat.timeout.ms after it stopped, not that plus the check (measured ~600 ms
        // with the defaults before the second interval was taken off).
        long interval = settings.heartbeatIntervalMs();
        long verifyMs = interval;
        FD_ALL3 fdAll = new FD_ALL3();
        fdAll.setInterval(interval);
        fdAll.setTimeout(Math.max(settings.heartbeatTimeoutMs() - verifyMs - interval, interval + 1));
        NAKACK2 nakack = new NAKACK2().useMcastXmit(false);
        long join = Math.max(300, settings.heartbeatTimeoutMs());
        GMS gms = new GMS().setJoinTimeout(join).setMergeTimeout(2 * join).setLeaveTimeout(join)
                .setViewAckCollectionTimeout(join);
        gms.setValue("print_local_addr", false);
        MERGE3 merge = new MERGE3().setMinInterval(2 * join).setMaxInterval(4 * join).setCheckInterval(6 * join);

        List<Protocol> protocols = new ArrayList<>();
        protocols.add(tcp);
        protocols.addAll(faults);
        VERIFY_SUSPECT2 verify = new ProbingVerifySuspect(FD_SOCK_OFFSET, FD_SOCK_OFFSET + FD_SOCK_PORT_RANGE)
                .setTimeout(verifyMs);
        protocols.addAll(List.of(ping, merge, fdSock, fdAll, verify, nakack, new UNICAST3(), new STABLE(), gms));
        return protocols;
    }

    /** Sends to the peer in order with everything sent before; false when the peer is not in the group. */
    boolean send(byte[] data) {
        return send(data, false);
    }

    /**
     * Sends to the peer out of band: delivered at once on the receiving side, not queued behind the
     * ordered messages (acknowledgements: the active waits for them on its SIP threads).
     */
    boolean sendOutOfBand(byte[] data) {
        return send(data, true);
    }

    private boolean send(byte[] data, boolean outOfBand) {
        Address to = peer;
        JChannel ch = channel;
        if (to == null || ch == null) {
            return false;
        }
        try {
            Message message = new BytesMessage(to, data);
            if (outOfBand) {
                message.setFlag(Message.Flag.OOB);
            }
            ch.send(message);
            return true;
        } catch (Exception e) {
            LOG.debug("Send to {} failed: {}", to, e.toString());
            return false;
        }
    }

    private void onMessage(Message msg) {
        if (msg.getSrc() != null && msg.getSrc().equals(channel.getAddress())) {
            return;
        }
        byte[] data = new byte[msg.getLength()];
        System.arraycopy(msg.getArray(), msg.getOffset(), data, 0, msg.getLength());
        events.received(data);
    }

    private void onView(View view) {
        Address self = channel.getAddress();
        Address other = null;
        for (Address member : view.getMembers()) {
            if (!member.equals(self)) {
                other = member;
                break;
            }
        }
        if (view.size() > 2) {
            LOG.warn("The sync group has {} members ({}); a pair expects 2", view.size(), view);
        }
        Address before = peer;
        peer = other;
        LOG.debug("Sync view {}", view);
        if (other != null && !other.equals(before)) {
            if (before != null) {
                events.peerLost("peer " + before + " replaced by " + other);
            }
            events.peerJoined(String.valueOf(other));
        } else if (other == null && before != null) {
            events.peerLost("peer " + before + " left the sync group (connection closed or heartbeats missing)");
        }
    }

    /** Leaves the group cleanly (the peer sees a leave at once). */
    @Override
    public void close() {
        JChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** Test only: stops the stack without a leave, as a killed process would. */
    void crash() throws Exception {
        Util.shutdown(channel);
    }
}

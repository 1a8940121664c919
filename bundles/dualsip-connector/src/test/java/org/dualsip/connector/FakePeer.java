package org.dualsip.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Peer that keeps what is sent to it. */
final class FakePeer implements Peer {

    final List<ObjectNode> frames = new CopyOnWriteArrayList<>();
    volatile boolean closed;
    volatile String goodbye;
    volatile boolean certificate;
    private final String remote;

    FakePeer(String remote) {
        this.remote = remote;
    }

    FakePeer() {
        this("192.0.2.1:40000");
    }

    @Override
    public boolean send(ObjectNode frame) {
        if (closed) {
            return false;
        }
        frames.add(frame);
        return true;
    }

    @Override
    public void close(String goodbyeReason) {
        goodbye = goodbyeReason;
        closed = true;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public boolean tls() {
        return false;
    }

    @Override
    public boolean verifiedClientCertificate() {
        return certificate;
    }

    ObjectNode last() {
        return frames.get(frames.size() - 1);
    }

    List<ObjectNode> events(String name) {
        return frames.stream().filter(f -> "event".equals(f.path("type").asText())
                && name.equals(f.path("event").asText())).toList();
    }
}

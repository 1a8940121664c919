package org.dualsip.sync;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.stack.IpAddress;

/**
 * VERIFY_SUSPECT2 that trusts a refused connection, so a killed peer is excluded in milliseconds while a
 * suspected but living one still gets the "are you dead?" check.
 *
 * <p>Why: a killed process closes its FD_SOCK2 connection at once, but a closed connection alone is not
 * proof (after a healed partition one of two colliding FD_SOCK2 connections is dropped while both peers
 * live; unverified, that split the pair again and again). VERIFY_SUSPECT2 then spent its whole timeout
 * plus up to one more tick of its fixed-rate task (100-200 ms) on a peer that was certainly gone.
 *
 * <p>So, for each suspect, in parallel with the normal verification, its FD_SOCK2 ports are probed with
 * a plain TCP connect: when every one refuses, nothing of that process listens any more (its host is up,
 * since it answered with a reset) and the suspicion goes up at once. Anything else (a port accepts: the
 * process lives, maybe hung; a timeout: the host or the link is down) leaves the decision to the
 * verification, which now fires exactly at its timeout rather than on the next tick.
 *
 * <p>Uses VERIFY_SUSPECT2's protocol id, so its messages are the same on the wire.
 */
final class ProbingVerifySuspect extends VERIFY_SUSPECT2 {

    private final int[] probeOffsets;

    /**
     * @param probeOffsets where the peer's FD_SOCK2 may listen, relative to its transport port
     */
    ProbingVerifySuspect(int... probeOffsets) {
        this.probeOffsets = probeOffsets.clone();
        setId(ClassConfigurator.getProtocolId(VERIFY_SUSPECT2.class));
    }

    @Override
    protected void verifySuspect(Collection<Address> mbrs) {
        if (mbrs == null || mbrs.isEmpty()) {
            return;
        }
        super.verifySuspect(mbrs);
        // The fixed-rate task of VERIFY_SUSPECT2 runs every 'timeout': one more run right at the expiry.
        timer.schedule(this, timeout + 1, TimeUnit.MILLISECONDS, false);
        for (Address suspect : List.copyOf(mbrs)) {
            Runnable probe = () -> probe(suspect);
            if (!getTransport().getThreadPool().execute(probe)) {
                log.debug("%s: no thread to probe %s; verification only", local_addr, suspect);
            }
        }
    }

    private void probe(Address suspect) {
        Object physical = down_prot.down(new Event(Event.GET_PHYSICAL_ADDRESS, suspect));
        if (!(physical instanceof IpAddress address)) {
            return;
        }
        for (int offset : probeOffsets) {
            if (!refused(new InetSocketAddress(address.getIpAddress(), address.getPort() + offset))) {
                return;
            }
        }
        if (removeSuspect(suspect)) {
            log.debug("%s: %s refuses connections on its failure-detection ports: dead, no verification needed",
                    local_addr, suspect);
            up_prot.up(new Event(Event.SUSPECT, List.of(suspect)));
        }
    }

    /** True only for an explicit refusal; a timeout or any other failure proves nothing. */
    private boolean refused(InetSocketAddress target) {
        try (Socket socket = new Socket()) {
            socket.connect(target, (int) Math.max(1, timeout));
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

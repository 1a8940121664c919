package org.dualsip.sip.record;

import java.util.List;
import java.util.Map;

/**
 * A server transaction of ours that still needs a final response (or whose 2xx still awaits its
 * ACK), or the client INVITE we sent: what another node needs to answer or cancel it.
 *
 * @param method the request method (INVITE or UPDATE)
 * @param cseq   the CSeq number of the request
 * @param vias   every Via header value of the request, top first (branch, sent-by, received, rport)
 * @param sdp    the SDP offer the request carried, or null
 * @param answer the SDP we answered with once accepted (a re-INVITE 2xx awaiting ACK), else null
 * @param extraHeaders headers the application added to our own INVITE (name to value), repeated when
 *                     another node sends that INVITE again; empty otherwise
 */
public record PendingTransaction(String method, long cseq, List<String> vias, String sdp, String answer,
                                 Map<String, String> extraHeaders) {
    public PendingTransaction {
        vias = vias == null ? List.of() : List.copyOf(vias);
        extraHeaders = extraHeaders == null ? Map.of() : Map.copyOf(extraHeaders);
    }

    /** A transaction without extra headers (every one but an outbound INVITE with some). */
    public PendingTransaction(String method, long cseq, List<String> vias, String sdp, String answer) {
        this(method, cseq, vias, sdp, answer, Map.of());
    }

    public PendingTransaction answered(String sdpAnswer) {
        return new PendingTransaction(method, cseq, vias, sdp, sdpAnswer, extraHeaders);
    }

    public boolean isAnswered() {
        return answer != null;
    }
}

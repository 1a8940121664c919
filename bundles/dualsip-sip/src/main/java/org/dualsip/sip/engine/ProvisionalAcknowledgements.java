package org.dualsip.sip.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sip.ClientTransaction;
import javax.sip.header.ContactHeader;
import javax.sip.header.RSeqHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.record.ReliableProvisionals;

/** RFC 3262 as the UAC of our INVITE: the PRACK of each reliable provisional response, once. */
final class ProvisionalAcknowledgements {

    private final CallEngine engine;

    ProvisionalAcknowledgements(CallEngine engine) {
        this.engine = engine;
    }

    /**
     * A reliable provisional response (RFC 3262 4): the first, or the next in RSeq order, is PRACKed
     * (a new request in the early dialog, to its Contact along its Record-Route) and shown to the
     * application; a retransmission or one out of order is dropped (our PRACK's transaction repeats
     * itself). Early SDP in it is the answer to our offer.
     */
    void onReliableProvisional(CallSession s, CallRecord r, Response resp) throws Exception {
        long rseq = Integer.toUnsignedLong(((RSeqHeader) resp.getHeader(RSeqHeader.NAME)).getSequenceNumber());
        ReliableProvisionals p = r.prack() != null ? r.prack() : new ReliableProvisionals(false, false, 0, 0, null, false, 0);
        if (p.remoteRSeq() != 0 && rseq != p.remoteRSeq() + 1) {
            return;
        }
        String sdp = MessageBuilder.body(resp);
        ContactHeader contact = (ContactHeader) resp.getHeader(ContactHeader.NAME);
        List<String> routes = new ArrayList<>(MessageBuilder.headerValues(resp, "Record-Route"));
        Collections.reverse(routes);
        String target = contact != null ? contact.getAddress().getURI().toString() : r.dialog().remoteTarget();
        String remoteTag = ((ToHeader) resp.getHeader(ToHeader.NAME)).getTag();
        long cseq = r.localCSeq() + 1;
        // the answer to our INVITE's offer completes its offer/answer: UPDATE may offer anew (RFC 3311 5.1)
        CallRecord base = sdp != null && r.offerLocal() && r.offerAnswer().is(OfferAnswer.Phase.INITIAL)
                ? r.withSdp(r.sdpOffer(), sdp).withOfferAnswer(OfferAnswer.STABLE) : r;
        CallRecord next = engine.commit(s, base.withState(CallState.RINGING).withLocalCSeq(cseq).withPrack(p.received(rseq))
                .withDialog(r.dialog().withRemoteTag(remoteTag).withRemoteTarget(target, routes)));
        Request prack = engine.builder().inDialog(next, Request.PRACK, cseq);
        prack.setHeader(engine.builder().header("RAck", rseq + " " + r.invite().cseq() + " " + Request.INVITE));
        engine.send(s, () -> {
            ClientTransaction ct = engine.provider().getNewClientTransaction(prack);
            ct.setApplicationData(next.id());
            ct.sendRequest();
        });
        engine.emit(s, new CallEvent.Ringing(next.toCall(), resp.getStatusCode(), sdp));
    }
}

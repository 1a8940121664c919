package org.dualsip.sip.engine;

import java.io.IOException;
import java.util.List;

/** The far end's side of REFER, NOTIFY and Replaces in the transfer tests: requests and answers as raw text. */
final class TransferPeer {

    private TransferPeer() {
    }

    static String refer(Dialogs d, long cseq, String extra) {
        return d.request("REFER", d.uri(), "z9hG4bK" + SipTestPeer.id(), cseq, true, extra, null);
    }

    static String referTo(String uri) {
        return "Refer-To: <" + uri + ">\nReferred-By: <sip:alice@127.0.0.1>";
    }

    /** A NOTIFY of the far end reporting {@code code} on our REFER with CSeq {@code referCSeq}. */
    static String notify(Dialogs d, long cseq, long referCSeq, int code, boolean terminated) {
        String head = d.request("NOTIFY", d.uri(), "z9hG4bK" + SipTestPeer.id(), cseq, true,
                "Event: refer;id=" + referCSeq + "\nSubscription-State: "
                        + (terminated ? "terminated;reason=noresource" : "active;expires=60")
                        + "\nContent-Type: message/sipfrag;version=2.0", null);
        return head + "\nSIP/2.0 " + code + " Whatever\n";
    }

    /** Our answer to a request the engine sent (same Vias, From, To, Call-ID, CSeq). */
    static String answer(SipTestPeer.Msg req, int code, String reason, String extra) {
        StringBuilder b = new StringBuilder("SIP/2.0 " + code + " " + reason + "\n");
        for (String v : req.headers().getOrDefault("via", List.of())) {
            b.append("Via: ").append(v).append('\n');
        }
        b.append("From: ").append(req.header("From")).append('\n');
        String to = req.header("To");
        b.append("To: ").append(to.contains("tag=") ? to : to + ";tag=" + SipTestPeer.id()).append('\n');
        b.append("Call-ID: ").append(req.header("Call-ID")).append('\n');
        b.append("CSeq: ").append(req.header("CSeq")).append('\n');
        if (extra != null) {
            b.append(extra).append('\n');
        }
        return b.toString();
    }

    /** Our answer to an INVITE the engine sent, with our To tag, Contact and (for a 2xx) SDP. */
    static String answerInvite(SipTestPeer.Msg invite, int code, String reason, String tag, String contact) {
        String to = invite.header("To");
        String head = answer(invite, code, reason, "Contact: <" + contact + ">").replace("To: " + to + "\n",
                "To: " + to + ";tag=" + tag + "\n");
        head = head.replaceAll("(To: [^\n]*;tag=" + tag + ");tag=[^\n]*", "$1");
        return code >= 200 && code < 300 ? head + "Content-Type: application/sdp\n\n" + Dialogs.OFFER : head;
    }

    static void ok(SipTestPeer peer, SipTestPeer.Msg req) throws IOException {
        peer.send(answer(req, 200, "OK", null));
    }

    static long cseq(SipTestPeer.Msg m) {
        return Long.parseLong(m.header("CSeq").trim().split("\\s+")[0]);
    }
}

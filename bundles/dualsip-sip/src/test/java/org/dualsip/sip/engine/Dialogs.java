package org.dualsip.sip.engine;

/**
 * Builds the far end's requests for tests, as a UAC calling the engine at {@code target}.
 */
final class Dialogs {

    static final String OFFER = "v=0\no=peer 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
            + "m=audio 30000 RTP/AVP 0\n";

    final SipTestPeer peer;
    final String target;
    final String callId = SipTestPeer.id() + "@test";
    final String fromTag = SipTestPeer.id();
    String toTag;
    String inviteBranch = "z9hG4bK" + SipTestPeer.id();
    String user = "alice";

    Dialogs(SipTestPeer peer, String target) {
        this.peer = peer;
        this.target = target;
    }

    String via(String branch) {
        return "Via: SIP/2.0/UDP " + peer.host + ":" + peer.port + ";branch=" + branch + ";rport";
    }

    String request(String method, String uri, String branch, long cseq, boolean withToTag, String extra, String body) {
        StringBuilder b = new StringBuilder();
        b.append(method).append(' ').append(uri).append(" SIP/2.0\n")
                .append(via(branch)).append('\n')
                .append("From: \"Alice\" <sip:alice@").append(peer.host).append(">;tag=").append(fromTag).append('\n')
                .append("To: <").append(uri).append('>').append(withToTag && toTag != null ? ";tag=" + toTag : "").append('\n')
                .append("Call-ID: ").append(callId).append('\n')
                .append("CSeq: ").append(cseq).append(' ').append(method).append('\n')
                .append("Max-Forwards: 70\n")
                .append("Contact: <sip:alice@").append(peer.host).append(':').append(peer.port).append(">\n");
        if (extra != null && !extra.isEmpty()) {
            b.append(extra).append('\n');
        }
        if (body != null) {
            b.append("Content-Type: application/sdp\n\n").append(body);
        }
        return b.toString();
    }

    String uri() {
        return "sip:" + user + "@" + target;
    }

    String invite() {
        return request("INVITE", uri(), inviteBranch, 1, false, null, OFFER);
    }

    String cancel() {
        return request("CANCEL", uri(), inviteBranch, 1, false, null, null);
    }

    String ack(long cseq) {
        return request("ACK", uri(), "z9hG4bK" + SipTestPeer.id(), cseq, true, null, null);
    }

    String inDialog(String method, long cseq, String body) {
        return request(method, uri(), "z9hG4bK" + SipTestPeer.id(), cseq, true, null, body);
    }
}

package org.dualsip.sip.engine;

import gov.nist.javax.sip.header.SIPHeader;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.Direction;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.DialogState;
import org.dualsip.sip.record.PendingTransaction;
import org.dualsip.sip.stack.JainSipStack;

/**
 * Builds the SIP messages the engine sends from a call record alone (so another node can send them
 * too), plus the small header conversions between JAIN-SIP objects and the record's plain text.
 */
final class MessageBuilder {

    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, MESSAGE, PRACK, REFER, NOTIFY";
    /** The extensions we announce in Supported besides 'timer' (when on) and 100rel (where it applies). */
    static final String SUPPORTED = "replaces, norefersub";
    static final String ALLOW_OUT_OF_DIALOG = "INVITE, ACK, CANCEL, OPTIONS";
    static final String USER_AGENT = "dualsip";

    private final JainSipStack stack;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;

    MessageBuilder(JainSipStack stack) {
        this.stack = stack;
        this.addresses = stack.addressFactory();
        this.headers = stack.headerFactory();
        this.messages = stack.messageFactory();
    }

    static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | 0x1000000000L);
    }

    static String newBranch() {
        return "z9hG4bK-ds" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    static String body(Message m) {
        byte[] raw = m.getRawContent();
        return raw == null || raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8);
    }

    /** Every Via of a request as plain header values, top first. */
    static List<String> viaValues(Request request) {
        List<String> out = new ArrayList<>(2);
        ListIterator<?> it = request.getHeaders(ViaHeader.NAME);
        while (it.hasNext()) {
            out.add(((SIPHeader) it.next()).getHeaderValue());
        }
        return out;
    }

    /** Header values of every header with this name, in message order. */
    static List<String> headerValues(Message m, String name) {
        List<String> out = new ArrayList<>(2);
        ListIterator<?> it = m.getHeaders(name);
        while (it.hasNext()) {
            out.add(((SIPHeader) it.next()).getHeaderValue());
        }
        return out;
    }

    /** The name-addr of a From/To header without its tag. */
    static String addressWithoutTag(Address a) {
        return a.toString();
    }

    /** Our Contact for a dialog on the given transport, on the address we listen on. */
    ContactHeader contact(String transport) throws ParseException {
        JainSipStack.Binding b = stack.binding();
        String host = b == null ? "127.0.0.1" : b.host();
        int port = b == null ? 5060 : b.port();
        SipURI uri = addresses.createSipURI("dualsip", host);
        uri.setPort(port);
        if ("TCP".equalsIgnoreCase(transport)) {
            uri.setTransportParam("tcp");
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    ViaHeader via(String transport, String branch) throws ParseException, InvalidArgumentException {
        JainSipStack.Binding b = stack.binding();
        return headers.createViaHeader(b == null ? "127.0.0.1" : b.host(), b == null ? 5060 : b.port(),
                transport == null ? "UDP" : transport, branch);
    }

    /** A response to a transaction described by the record (used when no JAIN-SIP request is cached). */
    Response response(CallRecord r, PendingTransaction tx, int code)
            throws ParseException, InvalidArgumentException, javax.sip.SipException {
        DialogState d = r.dialog();
        List<ViaHeader> vias = new ArrayList<>(tx.vias().size());
        for (String v : tx.vias()) {
            vias.add((ViaHeader) headers.createHeader(ViaHeader.NAME, v));
        }
        FromHeader from = headers.createFromHeader(addresses.createAddress(d.remoteUri()), d.remoteTag());
        ToHeader to = headers.createToHeader(addresses.createAddress(d.localUri()), d.localTag());
        Response resp = messages.createResponse(code, headers.createCallIdHeader(d.sipCallId()),
                headers.createCSeqHeader(tx.cseq(), tx.method()), from, to, vias, headers.createMaxForwardsHeader(70));
        resp.removeHeader(MaxForwardsHeader.NAME); // the factory insists on one; responses carry none
        if (tx == r.invite() && r.direction() == Direction.INBOUND && code > 100 && code < 300) {
            // RFC 3261 12.1.1: a dialog-creating response echoes the INVITE's Record-Route (kept in order)
            for (String route : d.routeSet()) {
                resp.addLast(headers.createHeader("Record-Route", route)); // addHeader would put it on top
            }
        }
        return resp;
    }

    /** A response to a cached request, with our tag on To when it has none. */
    Response response(Request request, int code, String localTag) throws ParseException {
        Response resp = messages.createResponse(code, request);
        ToHeader to = (ToHeader) resp.getHeader(ToHeader.NAME);
        if (code > 100 && to != null && to.getTag() == null && localTag != null) {
            to.setTag(localTag);
        }
        return resp;
    }

    /** Adds Contact and, when given, an SDP body: for 1xx/2xx of dialog-creating transactions. */
    void addContactAndSdp(Message m, String transport, String sdp) throws ParseException {
        m.setHeader(contact(transport));
        if (sdp != null) {
            m.setContent(sdp, sdpType());
        }
    }

    ContentTypeHeader sdpType() throws ParseException {
        return headers.createContentTypeHeader("application", "sdp");
    }

    Header header(String name, String value) throws ParseException {
        return headers.createHeader(name, value);
    }

    /** Adds Allow (one header per method: JAIN-SIP keeps Allow as a list of single values). */
    void addAllow(Message m, String allowed) throws ParseException {
        for (String method : allowed.split(", ")) {
            m.addHeader(headers.createAllowHeader(method));
        }
    }

    /** Allow on a 2xx that creates or refreshes a dialog: the far end learns it may refresh with UPDATE. */
    void add2xxCapabilities(Message m) throws ParseException {
        if (m.getHeader("Allow") == null) {
            addAllow(m, ALLOW);
        }
        addSupported(m);
    }

    /** 488 Not Acceptable Here for a malformed SDP, saying why in a Warning (RFC 3261 20.43, code 399). */
    Response malformedSdp(Request req, String problem, String localTag) throws ParseException {
        Response resp = response(req, Response.NOT_ACCEPTABLE_HERE, localTag);
        String text = problem.replace('"', '\'').replace('\\', '/');
        resp.addHeader(headers.createHeader("Warning", "399 dualsip \"" + text + "\""));
        return resp;
    }

    void addAcceptSdp(Message m) throws ParseException {
        m.addHeader(headers.createAcceptHeader("application", "sdp"));
    }

    /** Supported: replaces (RFC 3891) and norefersub (RFC 4488). */
    void addSupported(Message m) throws ParseException {
        for (String tag : SUPPORTED.split(", ")) {
            m.addHeader(headers.createSupportedHeader(tag)); // one per tag: a parsed list does not add
        }
    }

    void addUnsupported(Message m, java.util.List<String> tags) throws ParseException {
        for (String tag : tags) {
            m.addHeader(headers.createUnsupportedHeader(tag));
        }
    }

    /** A request inside the dialog (BYE, re-INVITE, INFO...) with CSeq {@code cseq}. */
    Request inDialog(CallRecord r, String method, long cseq) throws ParseException, InvalidArgumentException {
        DialogState d = r.dialog();
        return request(d, method, cseq, d.remoteTarget(), d.remoteTag(), d.routeSet(), newBranch());
    }

    /** The initial INVITE of an outbound call, with its branch from the record (CANCEL reuses it). */
    Request initialInvite(CallRecord r, String branch, Map<String, String> extra)
            throws ParseException, InvalidArgumentException {
        DialogState d = r.dialog();
        Request req = request(d, Request.INVITE, r.invite().cseq(), d.requestUri(), null, List.of(), branch);
        req.addHeader(contact(d.transport()));
        for (Map.Entry<String, String> e : extra.entrySet()) {
            req.addHeader(headers.createHeader(e.getKey(), e.getValue()));
        }
        if (r.sdpOffer() != null) {
            req.setContent(r.sdpOffer(), sdpType());
        }
        return req;
    }

    /** The CANCEL of our initial INVITE, from the record: same request-URI, Call-ID, From, CSeq and branch. */
    Request cancelFor(CallRecord r) throws ParseException, InvalidArgumentException {
        DialogState d = r.dialog();
        String branch = r.invite().vias().get(0); // for our INVITE the record keeps just its branch
        return request(d, Request.CANCEL, r.invite().cseq(), d.requestUri(), null, List.of(), branch);
    }

    /** The ACK of a 2xx to our INVITE with the given CSeq (RFC 3261 13.2.2.4: a new transaction). */
    Request ackFor2xx(CallRecord r, long cseq) throws ParseException, InvalidArgumentException {
        DialogState d = r.dialog();
        return request(d, Request.ACK, cseq, d.remoteTarget(), d.remoteTag(), d.routeSet(), newBranch());
    }

    private Request request(DialogState d, String method, long cseq, String target, String remoteTag,
                            List<String> routes, String branch) throws ParseException, InvalidArgumentException {
        URI uri = addresses.createURI(target);
        if (routes.isEmpty() && uri instanceof SipURI sip && "TCP".equalsIgnoreCase(d.transport())
                && sip.getTransportParam() == null) {
            sip.setTransportParam("tcp"); // stay on the dialog's transport when the target says nothing
        }
        CallIdHeader callId = headers.createCallIdHeader(d.sipCallId());
        CSeqHeader cseqHeader = headers.createCSeqHeader(cseq, method);
        FromHeader from = headers.createFromHeader(addresses.createAddress(d.localUri()), d.localTag());
        ToHeader to = headers.createToHeader(addresses.createAddress(d.remoteUri()), remoteTag);
        List<ViaHeader> vias = List.of(via(d.transport(), branch));
        MaxForwardsHeader mf = headers.createMaxForwardsHeader(70);
        Request req = messages.createRequest(uri, method, callId, cseqHeader, from, to, new ArrayList<>(vias), mf);
        for (String route : routes) {
            req.addHeader(headers.createHeader("Route", route));
        }
        return req;
    }
}

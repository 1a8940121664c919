package org.dualsip.sip.engine;

import gov.nist.javax.sip.message.SIPRequest;
import org.dualsip.sip.stack.StrictMessageParser;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The checks of RFC 3261 8.2 a UAS makes before it acts on a request, in the RFC's order: method,
 * request-URI scheme, dialog (To-tag), Require, body type. Returns the refusal, or null to go on.
 */
final class RequestValidator {

    /** A refusal: the code and, for 420, the option tags we do not support. */
    record Refusal(int code, List<String> unsupported) { }

    static final Set<String> SUPPORTED_METHODS =
            Set.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "UPDATE", "INFO", "MESSAGE", "PRACK", "REFER", "NOTIFY");
    static final Set<String> KNOWN_UNSUPPORTED =
            Set.of("REGISTER", "SUBSCRIBE", "PUBLISH");
    /** Option tags a request may require besides 'timer': 100rel, replaces (RFC 3891), norefersub (RFC 4488). */
    static final Set<String> SUPPORTED_OPTIONS = Set.of("100rel", "replaces", "norefersub");

    private final InDialogRequests dialogs;
    /** Whether 'timer' (RFC 4028) is an option tag we support: session timers configured on. */
    private final java.util.function.BooleanSupplier timers;

    RequestValidator(InDialogRequests dialogs, java.util.function.BooleanSupplier timers) {
        this.dialogs = dialogs;
        this.timers = timers;
    }

    Refusal check(Request req) {
        String method = req.getMethod();
        if (req instanceof SIPRequest sip && StrictMessageParser.BAD_REQUEST.equals(sip.getApplicationData())) {
            return refuse(Response.BAD_REQUEST); // malformed, received over TCP (see StrictMessageParser)
        }
        if (req instanceof SIPRequest sip && StrictMessageParser.BAD_VERSION.equals(sip.getApplicationData())) {
            return refuse(Response.VERSION_NOT_SUPPORTED);
        }
        CSeqHeader cseq = (CSeqHeader) req.getHeader(CSeqHeader.NAME);
        if (cseq == null || !method.equals(cseq.getMethod())) {
            return refuse(Response.BAD_REQUEST);
        }
        if (!SUPPORTED_METHODS.contains(method)) {
            return refuse(KNOWN_UNSUPPORTED.contains(method) ? Response.METHOD_NOT_ALLOWED : Response.NOT_IMPLEMENTED);
        }
        String scheme = req.getRequestURI().getScheme();
        if (!"sip".equalsIgnoreCase(scheme) && !"sips".equalsIgnoreCase(scheme)) {
            return refuse(Response.UNSUPPORTED_URI_SCHEME);
        }
        ToHeader to = (ToHeader) req.getHeader(ToHeader.NAME);
        if (to != null && to.getTag() != null && !"CANCEL".equals(method) && !dialogs.answersIn(req)) {
            return refuse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
        }
        if (!"CANCEL".equals(method)) {
            List<String> unsupported = requiredOptions(req, timers.getAsBoolean());
            if (!unsupported.isEmpty()) {
                return new Refusal(Response.BAD_EXTENSION, unsupported);
            }
        }
        if ("INVITE".equals(method) || "UPDATE".equals(method)) {
            return checkBody(req);
        }
        return null;
    }

    private static Refusal checkBody(Request req) {
        ContentTypeHeader ct = (ContentTypeHeader) req.getHeader(ContentTypeHeader.NAME);
        byte[] body = req.getRawContent();
        if (ct != null && body != null && body.length > 0
                && !("application".equalsIgnoreCase(ct.getContentType()) && "sdp".equalsIgnoreCase(ct.getContentSubType()))) {
            return refuse(Response.UNSUPPORTED_MEDIA_TYPE);
        }
        if (!acceptsSdp(req)) {
            return refuse(Response.NOT_ACCEPTABLE);
        }
        return null;
    }

    /** True when the request has no Accept header or one that admits application/sdp. */
    private static boolean acceptsSdp(Request req) {
        ListIterator<?> it = req.getHeaders(AcceptHeader.NAME);
        if (!it.hasNext()) {
            return true;
        }
        while (it.hasNext()) {
            AcceptHeader a = (AcceptHeader) it.next();
            String type = a.getContentType();
            String sub = a.getContentSubType();
            if (type == null || "*".equals(type)
                    || ("application".equalsIgnoreCase(type) && (sub == null || "*".equals(sub) || "sdp".equalsIgnoreCase(sub)))) {
                return true;
            }
        }
        return false;
    }

    /** Option tags in Require that we do not support: all but 100rel, and 'timer' while session timers are on. */
    private static List<String> requiredOptions(Request req, boolean timers) {
        List<String> out = new ArrayList<>(0);
        ListIterator<?> it = req.getHeaders(RequireHeader.NAME);
        while (it.hasNext()) {
            String tag = ((RequireHeader) it.next()).getOptionTag();
            if (tag != null && !tag.isBlank() && !SUPPORTED_OPTIONS.contains(tag.trim().toLowerCase(java.util.Locale.ROOT))
                    && !(timers && "timer".equalsIgnoreCase(tag.trim()))) {
                out.add(tag.trim());
            }
        }
        return out;
    }

    private static Refusal refuse(int code) {
        return new Refusal(code, List.of());
    }
}

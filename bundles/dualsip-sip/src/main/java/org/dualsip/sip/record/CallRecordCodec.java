package org.dualsip.sip.record;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;

/**
 * CallRecord to bytes and back, for the sync link: a small explicit binary format led by a format
 * version, so that a node can refuse what it does not understand instead of misreading it. Strings
 * are a length (-1 for null) and UTF-8 bytes (SDP may exceed writeUTF's 64 KB); enums travel by
 * name so that reordering their constants never changes the meaning of stored bytes.
 */
public final class CallRecordCodec {

    /**
     * The format written; bump it on any change of the layout. 1: first release; 2: an outbound
     * INVITE's extra headers; 3: offerLocal and the session timer; 4: reliable provisionals (100rel);
     * 5: the offer/answer state ({@link OfferAnswer}) and the transfer state (REFER subscription,
     * Replaces link), appended after the end reason in that order, then the Reason header of a BYE the
     * engine sends on its own ({@link CallRecord#byeReason()}).
     */
    public static final int FORMAT_VERSION = 5;
    /**
     * The oldest format still read: a format-4 record (from a peer not yet upgraded, during a rolling
     * upgrade) is the same layout without the offer/answer state, which is then derived from it, and
     * without transfer state.
     */
    public static final int OLDEST_FORMAT_READ = 4;

    /** Format 4: what the previous release reads and writes. */
    static final int PREVIOUS_FORMAT = 4;

    private CallRecordCodec() {
    }

    /** Thrown for bytes that are not a record of a format we read. */
    public static final class UndecodableRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        UndecodableRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The format a record is written in: the previous one when the record holds nothing that format
     * lacks (no transfer, no BYE of the engine's own, an offer/answer state the reader derives the same
     * way), so that during a rolling upgrade a passive of the previous release keeps every ordinary
     * call; otherwise {@link #FORMAT_VERSION}, which such a passive drops.
     */
    static int formatFor(CallRecord r) {
        boolean nothingNew = r.transfer() == null && r.byeReason() == null
                && (r.offerAnswer().equals(derivedOfferAnswer(r)) || stableAfterTheInvite(r));
        return nothingNew ? PREVIOUS_FORMAT : FORMAT_VERSION;
    }

    /** STABLE once the INVITE's exchange is over means what INITIAL means there (OfferAnswer.Phase.INITIAL). */
    private static boolean stableAfterTheInvite(CallRecord r) {
        return r.offerAnswer().equals(OfferAnswer.STABLE) && switch (r.state()) {
            case CONFIRMED, TERMINATING, ENDED -> true;
            default -> false;
        };
    }

    public static byte[] encode(CallRecord r) {
        return encode(r, formatFor(r));
    }

    /** The record in this format (the previous one leaves out what it lacks). */
    static byte[] encode(CallRecord r, int format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(format);
            writeString(out, r.id());
            out.writeLong(r.version());
            writeString(out, r.direction().name());
            writeString(out, r.state().name());
            writeString(out, r.application());
            out.writeLong(r.createdAtMillis());
            writeDialog(out, r.dialog());
            out.writeLong(r.localCSeq());
            out.writeLong(r.remoteCSeq());
            writeString(out, r.sdpOffer());
            writeString(out, r.sdpAnswer());
            writeTransaction(out, r.invite());
            writeTransaction(out, r.reoffer());
            out.writeBoolean(r.hangUpPending());
            out.writeBoolean(r.offerLocal());
            writeSessionTimer(out, r.sessionTimer());
            writePrack(out, r.prack());
            out.writeInt(r.endCode());
            writeString(out, r.endReason());
            if (format > PREVIOUS_FORMAT) {
                writeOfferAnswer(out, r.offerAnswer());
                writeTransfer(out, r.transfer());
                writeString(out, r.byeReason());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    public static CallRecord decode(byte[] payload) throws UndecodableRecordException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int format = in.readUnsignedByte();
            if (format < OLDEST_FORMAT_READ || format > FORMAT_VERSION) {
                throw new UndecodableRecordException("record format " + format + " (this node reads "
                        + OLDEST_FORMAT_READ + " to " + FORMAT_VERSION + ")", null);
            }
            CallRecord r = new CallRecord(readString(in), in.readLong(), Direction.valueOf(readString(in)),
                    CallState.valueOf(readString(in)), readString(in), in.readLong(), readDialog(in),
                    in.readLong(), in.readLong(), readString(in), readString(in), readTransaction(in),
                    readTransaction(in), in.readBoolean(), in.readBoolean(), readSessionTimer(in), readPrack(in), in.readInt(),
                    readString(in));
            r = r.withOfferAnswer(format >= 5 ? readOfferAnswer(in) : derivedOfferAnswer(r));
            if (format >= 5) {
                r = r.withTransfer(readTransfer(in)).withByeReason(readString(in));
            }
            if (in.available() > 0) {
                throw new UndecodableRecordException(in.available() + " bytes after the record", null);
            }
            return shareOffer(r);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException("not a call record: " + e, e);
        }
    }

    /**
     * The INVITE's SDP is the call's offer: one String for both, as on the active, so that a mirrored
     * call does not hold the SDP twice (the passive holds every call).
     */
    private static CallRecord shareOffer(CallRecord r) {
        PendingTransaction t = r.invite();
        if (t == null || t.sdp() == null || t.sdp() == r.sdpOffer() || !t.sdp().equals(r.sdpOffer())) {
            return r;
        }
        return r.withInvite(new PendingTransaction(t.method(), t.cseq(), t.vias(), r.sdpOffer(), t.answer(),
                t.extraHeaders()));
    }

    private static void writeOfferAnswer(DataOutputStream out, OfferAnswer o) throws IOException {
        writeString(out, o.phase().name());
        writeString(out, o.method());
        out.writeLong(o.cseq());
        writeString(out, o.sdp());
        out.writeBoolean(o.forApplication());
        out.writeLong(o.retryAtMillis());
        out.writeInt(o.glares());
    }

    private static OfferAnswer readOfferAnswer(DataInputStream in) throws IOException {
        return new OfferAnswer(OfferAnswer.Phase.valueOf(readString(in)), readString(in), in.readLong(),
                readString(in), in.readBoolean(), in.readLong(), in.readInt());
    }

    /**
     * A format-4 record has no offer/answer state: what it knew is a far end's re-offer awaiting our
     * answer (its {@code reoffer}); an offer of ours was not tracked then, so none is outstanding.
     */
    private static OfferAnswer derivedOfferAnswer(CallRecord r) {
        PendingTransaction re = r.reoffer();
        if (re != null && !re.isAnswered()) {
            return OfferAnswer.remoteOffer(re.method(), re.cseq());
        }
        return OfferAnswer.INITIAL; // CONFIRMED calls count as complete: see OfferAnswer.Phase.INITIAL
    }

    private static void writeSessionTimer(DataOutputStream out, SessionTimer t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeInt(t.interval());
            out.writeBoolean(t.localRefresher());
            out.writeLong(t.refreshedAtMillis());
            out.writeInt(t.minSe());
            out.writeBoolean(t.peerAllowsUpdate());
            out.writeBoolean(t.peerSupportsTimer());
            out.writeLong(t.refreshCSeq());
        }
    }

    private static SessionTimer readSessionTimer(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new SessionTimer(in.readInt(), in.readBoolean(), in.readLong(), in.readInt(), in.readBoolean(),
                in.readBoolean(), in.readLong());
    }

    private static void writeTransfer(DataOutputStream out, Transfer t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            writeString(out, t.role().name());
            writeString(out, t.stage().name());
            out.writeLong(t.referCSeq());
            writeList(out, t.vias());
            writeString(out, t.referTo());
            writeString(out, t.referredBy());
            writeString(out, t.replaces());
            out.writeBoolean(t.subscription());
            out.writeInt(t.lastStatus());
            out.writeLong(t.notifyCSeq());
            out.writeLong(t.deadlineMillis());
            writeString(out, t.replacedCallId());
            writeString(out, t.transferOf());
        }
    }

    private static Transfer readTransfer(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new Transfer(Transfer.Role.valueOf(readString(in)), Transfer.Stage.valueOf(readString(in)),
                in.readLong(), readList(in), readString(in), readString(in), readString(in), in.readBoolean(),
                in.readInt(), in.readLong(), in.readLong(), readString(in), readString(in));
    }

    private static void writePrack(DataOutputStream out, ReliableProvisionals p) throws IOException {
        out.writeBoolean(p != null);
        if (p != null) {
            out.writeBoolean(p.peerSupports());
            out.writeBoolean(p.peerRequires());
            out.writeLong(p.localRSeq());
            out.writeInt(p.unackedCode());
            writeString(out, p.unackedSdp());
            out.writeBoolean(p.answerHeld());
            out.writeLong(p.remoteRSeq());
        }
    }

    private static ReliableProvisionals readPrack(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new ReliableProvisionals(in.readBoolean(), in.readBoolean(), in.readLong(), in.readInt(),
                readString(in), in.readBoolean(), in.readLong());
    }

    private static void writeDialog(DataOutputStream out, DialogState d) throws IOException {
        writeString(out, d.sipCallId());
        writeString(out, d.localTag());
        writeString(out, d.remoteTag());
        writeString(out, d.localUri());
        writeString(out, d.remoteUri());
        writeString(out, d.requestUri());
        writeString(out, d.remoteTarget());
        writeList(out, d.routeSet());
        writeString(out, d.transport());
    }

    private static DialogState readDialog(DataInputStream in) throws IOException {
        return new DialogState(readString(in), readString(in), readString(in), readString(in), readString(in),
                readString(in), readString(in), readList(in), readString(in));
    }

    private static void writeTransaction(DataOutputStream out, PendingTransaction t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            writeString(out, t.method());
            out.writeLong(t.cseq());
            writeList(out, t.vias());
            writeString(out, t.sdp());
            writeString(out, t.answer());
            out.writeInt(t.extraHeaders().size());
            for (Map.Entry<String, String> h : t.extraHeaders().entrySet()) {
                writeString(out, h.getKey());
                writeString(out, h.getValue());
            }
        }
    }

    private static PendingTransaction readTransaction(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new PendingTransaction(readString(in), in.readLong(), readList(in), readString(in), readString(in),
                readHeaders(in));
    }

    private static Map<String, String> readHeaders(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IOException("bad header count " + count);
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = readString(in);
            String value = readString(in);
            if (name == null || value == null) {
                throw new IOException("header without a name or value");
            }
            headers.put(name, value);
        }
        return headers;
    }

    private static void writeList(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            writeString(out, v);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad list length " + n);
        }
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(readString(in));
        }
        return values;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.available()) {
            throw new IOException("bad string length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}

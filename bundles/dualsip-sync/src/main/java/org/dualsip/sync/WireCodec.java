package org.dualsip.sync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.ReplicatedRecord;
import org.dualsip.api.pair.SyncState;

/**
 * Encodes the sync link's messages. Every message starts with a magic number and the wire version, so
 * a peer speaking another version is refused with a clear reason instead of being misread.
 */
final class WireCodec {

    static final int MAGIC = 0x44535331; // "DSS1"
    /** 1: first release; 2: acks carry a list of ids (one per delivered batch), states the cluster name. */
    static final int VERSION = 2;
    /** Bigger payloads are refused on decoding: a corrupt length must not allocate gigabytes. */
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    private static final byte STATE = 1;
    private static final byte RECORD = 2;
    private static final byte ACK = 3;
    private static final byte TRANSFER_START = 4;
    private static final byte TRANSFER_RECORD = 5;
    private static final byte TRANSFER_END = 6;
    private static final byte TRANSFER_DONE = 7;
    private static final byte HANDOVER = 8;

    /** A message that cannot be decoded; the reason names what was wrong. */
    static final class UndecodableException extends Exception {
        private final boolean foreign;

        UndecodableException(String reason) {
            this(reason, false);
        }

        UndecodableException(String reason, boolean foreign) {
            super(reason);
            this.foreign = foreign;
        }

        /** True when the sender speaks another protocol or version (not a damaged message). */
        boolean foreign() {
            return foreign;
        }
    }

    private WireCodec() {
    }

    static byte[] encode(WireMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            writeBody(message, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return bytes.toByteArray();
    }

    static WireMessage decode(byte[] data) throws UndecodableException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new UndecodableException("not a dualsip sync message (bad magic)", true);
            }
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new UndecodableException("incompatible wire version " + version + " (this node speaks "
                        + VERSION + ")", true);
            }
            WireMessage message = readBody(in.readByte(), in);
            if (in.available() > 0) {
                throw new UndecodableException("trailing bytes after " + message.getClass().getSimpleName());
            }
            return message;
        } catch (IOException | IllegalArgumentException e) {
            throw new UndecodableException("truncated or corrupt message: " + e);
        }
    }

    private static void writeBody(WireMessage message, DataOutputStream out) throws IOException {
        if (message instanceof WireMessage.State m) {
            out.writeByte(STATE);
            out.writeUTF(m.cluster());
            PeerState s = m.state();
            out.writeUTF(s.name());
            out.writeUTF(s.role().name());
            out.writeLong(s.epoch());
            out.writeInt(s.priority());
            out.writeUTF(s.sync().name());
        } else if (message instanceof WireMessage.Record m) {
            out.writeByte(RECORD);
            out.writeLong(m.id());
            out.writeLong(m.epoch());
            writeRecord(m.record(), out);
        } else if (message instanceof WireMessage.Ack m) {
            out.writeByte(ACK);
            out.writeInt(m.ids().size());
            for (long id : m.ids()) {
                out.writeLong(id);
            }
        } else if (message instanceof WireMessage.TransferStart m) {
            out.writeByte(TRANSFER_START);
            out.writeLong(m.transfer());
            out.writeLong(m.epoch());
        } else if (message instanceof WireMessage.TransferRecord m) {
            out.writeByte(TRANSFER_RECORD);
            out.writeLong(m.transfer());
            writeRecord(m.record(), out);
        } else if (message instanceof WireMessage.TransferEnd m) {
            out.writeByte(TRANSFER_END);
            out.writeLong(m.transfer());
            out.writeLong(m.count());
        } else if (message instanceof WireMessage.TransferDone m) {
            out.writeByte(TRANSFER_DONE);
            out.writeLong(m.transfer());
            out.writeLong(m.received());
            out.writeBoolean(m.ok());
        } else if (message instanceof WireMessage.Handover m) {
            out.writeByte(HANDOVER);
            out.writeUTF(m.from());
            out.writeLong(m.epoch());
        }
    }

    private static WireMessage readBody(byte type, DataInputStream in) throws IOException, UndecodableException {
        switch (type) {
            case STATE:
                return new WireMessage.State(in.readUTF(), new PeerState(in.readUTF(), Role.valueOf(in.readUTF()), in.readLong(),
                        in.readInt(), SyncState.valueOf(in.readUTF())));
            case RECORD:
                return new WireMessage.Record(in.readLong(), in.readLong(), readRecord(in));
            case ACK:
                return readAck(in);
            case TRANSFER_START:
                return new WireMessage.TransferStart(in.readLong(), in.readLong());
            case TRANSFER_RECORD:
                return new WireMessage.TransferRecord(in.readLong(), readRecord(in));
            case TRANSFER_END:
                return new WireMessage.TransferEnd(in.readLong(), in.readLong());
            case TRANSFER_DONE:
                return new WireMessage.TransferDone(in.readLong(), in.readLong(), in.readBoolean());
            case HANDOVER:
                return new WireMessage.Handover(in.readUTF(), in.readLong());
            default:
                throw new UndecodableException("unknown message type " + type);
        }
    }

    private static WireMessage.Ack readAck(DataInputStream in) throws IOException, UndecodableException {
        int count = in.readInt();
        if (count < 0 || count > in.available() / Long.BYTES) {
            throw new UndecodableException("bad ack count " + count);
        }
        List<Long> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(in.readLong());
        }
        return new WireMessage.Ack(ids);
    }

    private static void writeRecord(ReplicatedRecord record, DataOutputStream out) throws IOException {
        out.writeUTF(record.key());
        out.writeLong(record.version());
        out.writeBoolean(record.removed());
        out.writeInt(record.payload().length);
        out.write(record.payload());
    }

    private static ReplicatedRecord readRecord(DataInputStream in) throws IOException, UndecodableException {
        String key = in.readUTF();
        long version = in.readLong();
        boolean removed = in.readBoolean();
        int length = in.readInt();
        if (length < 0 || length > MAX_PAYLOAD || length > in.available()) {
            throw new UndecodableException("bad payload length " + length);
        }
        byte[] payload = in.readNBytes(length);
        return new ReplicatedRecord(key, version, removed, payload);
    }
}

package io.jetsnap.it.plugin;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.model.StreamState;
import io.jetsnap.core.spi.ManifestCodec;
import io.jetsnap.core.spi.ManifestReader;
import io.jetsnap.core.spi.ManifestWriter;
import io.jetsnap.core.spi.MatchStrength;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A codec that lives outside jetsnap's modules, registered only in this module's test
 * {@code META-INF/services}: the example of docs/extending.md. It writes the snapshot with
 * {@link DataOutputStream}: a magic, the header, one tagged record per message, the trailer.
 */
public final class DataStreamCodec implements ManifestCodec {
    static final byte[] MAGIC = "JSNAPDAT1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_STRING = 16 << 20;
    private static final int MAX_PAYLOAD = 64 << 20;
    private static final int MAX_CONSUMERS = 100_000;
    private static final byte MESSAGE = 'M';
    private static final byte TRAILER = 'T';

    @Override
    public String name() {
        return "data";
    }

    @Override
    public String fileExtension() {
        return "jsd";
    }

    @Override
    public MatchStrength probe(byte[] head, int length) {
        return length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                ? MatchStrength.FULL : MatchStrength.NO_MATCH;
    }

    @Override
    public ManifestWriter newWriter(OutputStream out) {
        // shield the caller's stream from close(): the writer only flushes it
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }, 1 << 16));
        return new Writer(data);
    }

    @Override
    public ManifestReader newReader(InputStream in) {
        return new Reader(new DataInputStream(new BufferedInputStream(in, 1 << 16)));
    }

    private record Writer(DataOutputStream out) implements ManifestWriter {
        @Override
        public void writeHeader(SnapshotHeader h) throws IOException {
            if (h.formatVersion() != SnapshotHeader.FORMAT_VERSION) {
                throw new IllegalArgumentException("this writer writes format version "
                        + SnapshotHeader.FORMAT_VERSION + " only, not " + h.formatVersion());
            }
            out.write(MAGIC);
            string(h.format());
            out.writeInt(h.formatVersion());
            string(h.toolVersion());
            time(h.created());
            string(h.serverVersion());
            string(h.stream());
            string(h.streamConfigJson());
            StreamState s = h.state();
            out.writeLong(s.messages());
            out.writeLong(s.bytes());
            out.writeLong(s.firstSequence());
            out.writeLong(s.lastSequence());
            optionalTime(s.firstTime());
            optionalTime(s.lastTime());
            out.writeBoolean(h.selection().maxSequence() != null);
            if (h.selection().maxSequence() != null) {
                out.writeLong(h.selection().maxSequence());
            }
            optionalTime(h.selection().before());
            out.writeLong(h.selection().upToSequence());
            out.writeInt(h.consumers().size());
            for (ConsumerSnapshot c : h.consumers()) {
                string(c.name());
                string(c.configJson());
                out.writeLong(c.deliveredStreamSequence());
                out.writeLong(c.deliveredConsumerSequence());
                out.writeLong(c.ackFloorStreamSequence());
                out.writeLong(c.ackFloorConsumerSequence());
            }
            // the origin by its members' names (Origin.members), -1 for none
            out.writeInt(h.origin() == null ? -1 : h.origin().members().size());
            if (h.origin() != null) {
                for (java.util.Map.Entry<String, String> e : h.origin().members().entrySet()) {
                    string(e.getKey());
                    string(e.getValue());
                }
            }
        }

        @Override
        public void writeMessage(SnapshotMessage m) throws IOException {
            out.writeByte(MESSAGE);
            out.writeLong(m.sequence());
            string(m.subject());
            // the header block's bytes as they are, -1 for none
            out.writeInt(m.headers().present() ? m.headers().length() : -1);
            out.write(m.headers().bytes());
            out.writeInt(m.payload().length);
            out.write(m.payload());
            time(m.timestamp());
        }

        @Override
        public void writeTrailer(SnapshotTrailer t) throws IOException {
            out.writeByte(TRAILER);
            out.writeLong(t.messageCount());
            out.writeLong(t.payloadBytes());
            string(t.digest());
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        private void string(String s) throws IOException {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }

        private void time(Instant t) throws IOException {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }

        private void optionalTime(Instant t) throws IOException {
            out.writeBoolean(t != null);
            if (t != null) {
                time(t);
            }
        }
    }

    private static final class Reader implements ManifestReader {
        private final DataInputStream in;
        private boolean ended;

        Reader(DataInputStream in) {
            this.in = in;
        }

        @Override
        public SnapshotHeader readHeader() throws IOException {
            return guard(() -> {
                byte[] magic = in.readNBytes(MAGIC.length);
                if (!Arrays.equals(magic, MAGIC)) {
                    throw SnapshotException.corrupt("not a data-stream snapshot: bad magic");
                }
                String format = string();
                int version = in.readInt();
                String tool = string();
                Instant created = time();
                String server = string();
                String stream = string();
                String config = string();
                StreamState state = new StreamState(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                        optionalTime(), optionalTime());
                Long maxSeq = in.readBoolean() ? in.readLong() : null;
                Selection selection = new Selection(maxSeq, optionalTime(), in.readLong());
                int count = length(in.readInt(), MAX_CONSUMERS, "consumer count");
                List<ConsumerSnapshot> consumers = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    consumers.add(new ConsumerSnapshot(string(), string(), in.readLong(), in.readLong(), in.readLong(),
                            in.readLong()));
                }
                int members = in.readInt();
                io.jetsnap.core.model.Origin origin = null;
                if (members >= 0) {
                    java.util.Map<String, String> m = new java.util.HashMap<>();
                    for (int i = 0; i < length(members, io.jetsnap.core.model.Origin.MEMBERS.size(), "origin members"); i++) {
                        m.put(string(), string());
                    }
                    origin = io.jetsnap.core.model.Origin.ofMembers(m);
                }
                return new SnapshotHeader(format, version, tool, created, server, stream, config, state, selection,
                        consumers, origin);
            });
        }

        @Override
        public SnapshotMessage nextMessage() throws IOException {
            if (ended) {
                return null;
            }
            return guard(() -> {
                byte tag = in.readByte();
                if (tag == TRAILER) {
                    ended = true;
                    return null;
                }
                if (tag != MESSAGE) {
                    throw SnapshotException.corrupt("data-stream snapshot is corrupt: unknown record tag " + tag);
                }
                long seq = in.readLong();
                String subject = string();
                int headerLength = in.readInt();
                HeaderBlock headers = HeaderBlock.NONE;
                if (headerLength != -1) {
                    byte[] block = new byte[length(headerLength, MAX_PAYLOAD, "header block length")];
                    in.readFully(block);
                    headers = HeaderBlock.of(block);
                }
                byte[] payload = new byte[length(in.readInt(), MAX_PAYLOAD, "payload length")];
                in.readFully(payload);
                return new SnapshotMessage(seq, subject, headers, payload, time());
            });
        }

        @Override
        public SnapshotTrailer readTrailer() throws IOException {
            return guard(() -> {
                while (nextMessage() != null) {
                    // the trailer follows the last message
                }
                SnapshotTrailer t = new SnapshotTrailer(in.readLong(), in.readLong(), string());
                if (in.read() != -1) {
                    throw SnapshotException.corrupt("data-stream snapshot has bytes after its trailer");
                }
                return t;
            });
        }

        @Override
        public void close() {
            // the caller owns the stream
        }

        private interface Read<T> {
            T read() throws IOException;
        }

        private static <T> T guard(Read<T> read) throws IOException {
            try {
                return read.read();
            } catch (EOFException e) {
                throw SnapshotException.corrupt("data-stream snapshot is truncated", e);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw SnapshotException.corrupt("data-stream snapshot is corrupt: " + e.getMessage(), e);
            }
        }

        private static int length(int n, int max, String what) {
            if (n < 0 || n > max) {
                throw SnapshotException.corrupt("data-stream snapshot is corrupt: " + what + " " + n + " is out of range");
            }
            return n;
        }

        private String string() throws IOException {
            byte[] utf8 = new byte[length(in.readInt(), MAX_STRING, "string length")];
            in.readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        private Instant time() throws IOException {
            long seconds = in.readLong();
            int nanos = in.readInt();
            if (nanos < 0 || nanos > 999_999_999) {
                throw SnapshotException.corrupt("data-stream snapshot is corrupt: bad nanoseconds " + nanos);
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }

        private Instant optionalTime() throws IOException {
            return in.readBoolean() ? time() : null;
        }
    }
}

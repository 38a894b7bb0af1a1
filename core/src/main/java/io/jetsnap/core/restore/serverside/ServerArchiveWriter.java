package io.jetsnap.core.restore.serverside;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes nats-server's stream backup archive (2.15+, read by {@code $JS.API.STREAM.RESTORE}):
 * the magic {@code NATSARC1}, then entries. Each entry is the unsigned varint length of its name,
 * its timestamp as a zig-zag varint of Unix nanoseconds, the unsigned varints sequence, header
 * size and payload size, the name's UTF-8 bytes, then header and payload bytes. The first entry
 * is {@code state.json}, then one {@code consumers/NAME} entry per consumer, then the messages
 * (the name is the subject), and an entry that is all zeros ends the archive.
 *
 * <p>The caller wraps the result in Snappy/S2 framing ({@link SnappyFrameOutputStream}).
 */
public final class ServerArchiveWriter {
    private static final byte[] MAGIC = "NATSARC1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONE = new byte[0];

    private final OutputStream out;
    private final byte[] varint = new byte[10];
    private boolean started;

    public ServerArchiveWriter(OutputStream out) {
        this.out = out;
    }

    /** The first entry: the stream state the server restores to (first and last sequence, consumer count). */
    public void state(byte[] stateJson, long timestampNanos) throws IOException {
        entry("state.json", timestampNanos, 0, NONE, stateJson);
    }

    /** A consumer's {@code {"config":…,"state":…}}. */
    public void consumer(String name, byte[] consumerJson, long timestampNanos) throws IOException {
        entry("consumers/" + name, timestampNanos, 0, NONE, consumerJson);
    }

    /**
     * One stored message.
     *
     * @param headerBlock the message's header block as the server stores it ({@code NATS/1.0\r\n…\r\n\r\n}), or empty
     */
    public void message(String subject, long timestampNanos, long sequence, byte[] headerBlock, byte[] payload)
            throws IOException {
        if (sequence < 1) {
            throw new IllegalArgumentException("a message's sequence must be at least 1");
        }
        entry(subject, timestampNanos, sequence, headerBlock, payload);
    }

    /** The end-of-archive entry; without it the server reports the backup as truncated. */
    public void end() throws IOException {
        entry("", 0, 0, NONE, NONE);
    }

    private void entry(String name, long timestamp, long sequence, byte[] header, byte[] payload) throws IOException {
        if (!started) {
            out.write(MAGIC);
            started = true;
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(nameBytes.length);
        writeUnsigned((timestamp << 1) ^ (timestamp >> 63));
        writeUnsigned(sequence);
        writeUnsigned(header.length);
        writeUnsigned(payload.length);
        out.write(nameBytes);
        out.write(header);
        out.write(payload);
    }

    private void writeUnsigned(long value) throws IOException {
        int n = 0;
        while ((value & ~0x7FL) != 0) {
            varint[n++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        varint[n++] = (byte) value;
        out.write(varint, 0, n);
    }
}

package io.jetsnap.core.digest;

import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.SnapshotMessage;
import java.nio.charset.StandardCharsets;

/**
 * The canonical encoding of one message (docs/format.md, "The digest", the {@code M} record):
 * {@code 'M'}, sequence as i64, subject, the headers, payload as u32 length + bytes, then the
 * time as i64 seconds + i32 nanoseconds; all big-endian, strings as u32 byte length + UTF-8. In
 * format 2 the headers are {@code u8(0)} for none, else {@code u8(1)} and the header block's bytes
 * as u32 length + bytes; in format 1 they were the header count as u32 and each name and value.
 * The snapshot digest and each message's checksum hash the same bytes.
 */
final class MessageRecord {
    /** Where the encoded bytes go: {@code MessageDigest::update}, {@code CRC32C::update}. */
    @FunctionalInterface
    interface Sink {
        void put(byte[] b, int off, int len);
    }

    private static final byte[] TAG = {'M'};
    private static final byte[] ABSENT = {0};
    private static final byte[] PRESENT = {1};

    private MessageRecord() {
    }

    /** Encodes {@code m} as format {@code formatVersion} (1 or 2) hashes it. */
    static void encode(SnapshotMessage m, int formatVersion, Sink sink) {
        byte[] scratch = new byte[12];
        sink.put(TAG, 0, 1);
        i64(sink, scratch, m.sequence());
        string(sink, scratch, m.subject());
        if (formatVersion == 1) {
            Format1Lines.encode(m.headers(), sink, scratch);
        } else {
            HeaderBlock h = m.headers();
            sink.put(h.present() ? PRESENT : ABSENT, 0, 1);
            if (h.present()) {
                u32(sink, scratch, h.length());
                sink.put(h.bytes(), 0, h.length());
            }
        }
        u32(sink, scratch, m.payload().length);
        sink.put(m.payload(), 0, m.payload().length);
        i64(sink, scratch, m.timestamp().getEpochSecond());
        u32(sink, scratch, m.timestamp().getNano());
    }

    private static void string(Sink sink, byte[] scratch, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        u32(sink, scratch, utf8.length);
        sink.put(utf8, 0, utf8.length);
    }

    private static void i64(Sink sink, byte[] scratch, long v) {
        for (int i = 0; i < 8; i++) {
            scratch[i] = (byte) (v >>> (56 - 8 * i));
        }
        sink.put(scratch, 0, 8);
    }

    static void u32(Sink sink, byte[] scratch, int v) {
        for (int i = 0; i < 4; i++) {
            scratch[i] = (byte) (v >>> (24 - 8 * i));
        }
        sink.put(scratch, 0, 4);
    }
}

package io.jetsnap.core.digest;

import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.SnapshotMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The canonical encoding of one message (docs/format.md, "The digest", the {@code M} record):
 * {@code 'M'}, sequence as i64, subject, header count as u32 and each name and value, payload as
 * u32 length + bytes, then the time as i64 seconds + i32 nanoseconds; all big-endian, strings as
 * u32 byte length + UTF-8. The snapshot digest and each message's checksum hash the same bytes.
 */
final class MessageRecord {
    /** Where the encoded bytes go: {@code MessageDigest::update}, {@code CRC32C::update}. */
    @FunctionalInterface
    interface Sink {
        void put(byte[] b, int off, int len);
    }

    private static final byte[] TAG = {'M'};

    private MessageRecord() {
    }

    static void encode(SnapshotMessage m, Sink sink) {
        byte[] scratch = new byte[12];
        sink.put(TAG, 0, 1);
        i64(sink, scratch, m.sequence());
        string(sink, scratch, m.subject());
        List<MessageHeader> lines = m.headers().lines();
        u32(sink, scratch, lines.size());
        for (MessageHeader header : lines) {
            string(sink, scratch, header.name());
            string(sink, scratch, header.value());
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

    private static void u32(Sink sink, byte[] scratch, int v) {
        for (int i = 0; i < 4; i++) {
            scratch[i] = (byte) (v >>> (24 - 8 * i));
        }
        sink.put(scratch, 0, 4);
    }
}

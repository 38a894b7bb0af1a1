package io.jetsnap.core.engine;

import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.nats.client.impl.Headers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Converts between jnats messages and the snapshot model. */
final class NatsMessages {
    private static final byte[] EMPTY = new byte[0];

    private NatsMessages() {
    }

    static SnapshotMessage toSnapshot(long sequence, String subject, Headers headers, byte[] data, Instant time) {
        return toSnapshot(sequence, subject, headerBlock(headers), data, time);
    }

    static SnapshotMessage toSnapshot(long sequence, String subject, HeaderBlock headers, byte[] data, Instant time) {
        return new SnapshotMessage(sequence, subject, headers, data == null ? EMPTY : data, time);
    }

    /**
     * The subject of a message delivered to a subscription. jnats turns each byte of the protocol
     * line into a char with sign extension, so a UTF-8 subject such as {@code orders.café} arrives
     * as {@code orders.caf\uFFC3\uFFA9}; this undoes that (bytes 0x80..0xFF became 0xFF80..0xFFFF).
     */
    static String deliveredSubject(String subject) {
        boolean mangled = false;
        for (int i = 0; i < subject.length() && !mangled; i++) {
            mangled = subject.charAt(i) >= 0xFF80;
        }
        if (!mangled) {
            return subject;
        }
        byte[] bytes = new byte[subject.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) subject.charAt(i);
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** jnats' parsed headers as a block as jnats serialises them; NONE when there are none. */
    static HeaderBlock headerBlock(Headers headers) {
        return headers == null || headers.isEmpty() ? HeaderBlock.NONE : without(headers, Set.of());
    }

    /**
     * The message in a {@code STREAM.MSG.GET} answer without headers, read straight from its bytes
     * (several times cheaper than jnats' JSON tree, which mattered for WorkQueue snapshots); null for
     * any other answer (an error, headers, an escaped subject), which jnats' {@code MessageInfo} then reads.
     * The server writes the fields in a fixed order: subject, seq, hdrs, data, time.
     */
    static @org.jspecify.annotations.Nullable SnapshotMessage fromGetAnswer(byte[] json) {
        int i = indexOf(json, MESSAGE, 0);
        if (i < 0 || !startsWith(json, i += MESSAGE.length, SUBJECT)) {
            return null;
        }
        int subjectStart = i + SUBJECT.length;
        int subjectEnd = stringEnd(json, subjectStart);
        if (subjectEnd < 0 || !startsWith(json, i = subjectEnd + 1, SEQ)) {
            return null;
        }
        i += SEQ.length;
        long seq = 0;
        int digitsStart = i;
        for (; i < json.length && json[i] >= '0' && json[i] <= '9' && i - digitsStart < 19; i++) {
            seq = seq * 10 + (json[i] - '0');
        }
        byte[] data = EMPTY;
        if (startsWith(json, i, DATA)) {
            int dataStart = i + DATA.length;
            int dataEnd = quote(json, dataStart);
            if (dataEnd < 0) {
                return null;
            }
            data = java.util.Base64.getDecoder().decode(java.nio.ByteBuffer.wrap(json, dataStart, dataEnd - dataStart)).array();
            i = dataEnd + 1;
        }
        // anything else here (headers, a field of a later server) is left to jnats
        if (i == digitsStart || !startsWith(json, i, TIME)) {
            return null;
        }
        int timeStart = i + TIME.length;
        int timeEnd = stringEnd(json, timeStart);
        if (timeEnd < 0) {
            return null;
        }
        String subject = new String(json, subjectStart, subjectEnd - subjectStart, java.nio.charset.StandardCharsets.UTF_8);
        String time = new String(json, timeStart, timeEnd - timeStart, java.nio.charset.StandardCharsets.US_ASCII);
        return new SnapshotMessage(seq, subject, HeaderBlock.NONE, data, ServerTime.parse(time));
    }

    // the answer's members in the order the server writes them, each with what comes before it
    private static final byte[] MESSAGE = ascii("\"message\":{");
    private static final byte[] SUBJECT = ascii("\"subject\":\"");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] DATA = ascii(",\"data\":\"");
    private static final byte[] TIME = ascii(",\"time\":\"");

    private static boolean startsWith(byte[] json, int at, byte[] what) {
        return at + what.length <= json.length && java.util.Arrays.equals(json, at, at + what.length, what, 0, what.length);
    }

    /** Where the next quote is at or after {@code from}, or -1 (base64 has neither quotes nor escapes). */
    private static int quote(byte[] json, int from) {
        for (int i = from; i < json.length; i++) {
            if (json[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Where the JSON string starting at {@code from} ends (its closing quote), or -1 if it has escapes. */
    private static int stringEnd(byte[] json, int from) {
        for (int i = from; i < json.length; i++) {
            if (json[i] == '"') {
                return i;
            }
            if (json[i] == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** The unsigned number whose digits start at {@code from}, after any spaces. */
    static long digits(byte[] json, int from) {
        long n = 0;
        int i = from;
        while (i < json.length && json[i] == ' ') {
            i++;
        }
        for (; i < json.length && json[i] >= '0' && json[i] <= '9'; i++) {
            n = n * 10 + (json[i] - '0');
        }
        return n;
    }

    /** Where {@code what} first occurs in {@code json} at or after {@code from}, or -1. */
    static int indexOf(byte[] json, byte[] what, int from) {
        outer:
        for (int i = from; i <= json.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (json[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The headers as a block, leaving out those named in {@code skip} (headers a direct get adds);
     * NONE when none are left: {@code Name:value} lines, as jnats writes them, in the order jnats
     * parsed them. Until the read takes the stored bytes themselves this is all jnats leaves of
     * them; {@link #natsHeaders} gives the same lines back in the same order.
     */
    static HeaderBlock without(Headers headers, Set<String> skip) {
        StringBuilder block = new StringBuilder("NATS/1.0\r\n");
        boolean any = false;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (!skip.contains(e.getKey())) {
                for (String value : e.getValue()) {
                    block.append(e.getKey()).append(':').append(value).append("\r\n");
                    any = true;
                }
            }
        }
        return any ? HeaderBlock.of(block.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : HeaderBlock.NONE;
    }

    /** The headers to publish {@code m} with, or null if it has none. */
    static @org.jspecify.annotations.Nullable Headers natsHeaders(SnapshotMessage m) {
        List<MessageHeader> lines = m.headers().lines();
        if (lines.isEmpty()) {
            return null;
        }
        Headers h = new Headers();
        for (MessageHeader header : lines) {
            h.add(header.name(), header.value());
        }
        return h;
    }
}

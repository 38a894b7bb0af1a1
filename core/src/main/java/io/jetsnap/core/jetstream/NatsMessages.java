package io.jetsnap.core.jetstream;

import io.jetsnap.core.jetstream.wire.HeaderCarrier;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.SnapshotMessage;
import io.nats.client.Message;
import io.nats.client.support.JsonValue;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Converts between NATS messages and the snapshot model, header blocks as their exact bytes: a
 * message get's JSON answer carries them in {@code hdrs}, a delivery on a connection of jetsnap's
 * own in a {@link HeaderCarrier}.
 */
public final class NatsMessages {
    private static final byte[] EMPTY = new byte[0];

    private NatsMessages() {
    }

    public static SnapshotMessage toSnapshot(long sequence, String subject, HeaderBlock headers, byte[] data, Instant time) {
        io.jetsnap.core.HeapNeed.meet((data == null ? 0L : data.length) + headers.length());
        return new SnapshotMessage(sequence, subject, headers, data == null ? EMPTY : data, time);
    }

    /**
     * The subject of a message delivered to a subscription. jnats turns each byte of the protocol
     * line into a char with sign extension, so a UTF-8 subject such as {@code orders.café} arrives
     * as {@code orders.caf\uFFC3\uFFA9}; this undoes that (bytes 0x80..0xFF became 0xFF80..0xFFFF).
     */
    public static String deliveredSubject(String subject) {
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

    /**
     * The exact header block of a message delivered on a connection with jetsnap's data port
     * ({@link io.jetsnap.core.jetstream.wire.ExactHeadersConnection}); NONE if it had none.
     */
    public static HeaderBlock deliveredHeaders(Message m) {
        byte[] block = HeaderCarrier.carried(m);
        return block == null ? HeaderBlock.NONE : HeaderBlock.of(block);
    }

    /**
     * The message in a {@code STREAM.MSG.GET} answer, read straight from its bytes (several times
     * cheaper than a JSON tree, which mattered for WorkQueue snapshots); null for any other answer
     * (an error, an escaped subject, a member of a later server), which {@link #fromGetAnswerTree}
     * then reads. The server writes the members in a fixed order: subject, seq, hdrs (the stored
     * header block, base64; absent when there is none), data, time.
     */
    public static @org.jspecify.annotations.Nullable SnapshotMessage fromGetAnswer(byte[] json) {
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
        HeaderBlock headers = HeaderBlock.NONE;
        if (startsWith(json, i, HDRS)) {
            int hdrsStart = i + HDRS.length;
            int hdrsEnd = stringEnd(json, hdrsStart);
            if (hdrsEnd < 0) {
                return null;
            }
            headers = HeaderBlock.of(base64(json, hdrsStart, hdrsEnd));
            i = hdrsEnd + 1;
        }
        byte[] data = EMPTY;
        if (startsWith(json, i, DATA)) {
            int dataStart = i + DATA.length;
            int dataEnd = stringEnd(json, dataStart);
            if (dataEnd < 0) {
                return null;
            }
            data = base64(json, dataStart, dataEnd);
            i = dataEnd + 1;
        }
        // anything else here (a member of a later server) is left to the tree
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
        return new SnapshotMessage(seq, subject, headers, data, ServerTime.parse(time));
    }

    /**
     * The message in a {@code STREAM.MSG.GET} answer's {@code message} member, from the parsed JSON:
     * for the answers {@link #fromGetAnswer} leaves (jnats' {@code MessageInfo} would parse and
     * re-serialise the header block, and refuse one with a UTF-8 value).
     */
    public static SnapshotMessage fromGetAnswerTree(Map<String, JsonValue> message) {
        JsonValue hdrs = message.get("hdrs");
        JsonValue data = message.get("data");
        return new SnapshotMessage(message.get("seq").number.longValue(), message.get("subject").string,
                hdrs == null || hdrs.string == null ? HeaderBlock.NONE : HeaderBlock.of(Base64.getDecoder().decode(hdrs.string)),
                data == null || data.string == null ? EMPTY : Base64.getDecoder().decode(data.string),
                ServerTime.parse(message.get("time").string));
    }

    private static byte[] base64(byte[] json, int from, int to) {
        java.nio.ByteBuffer decoded = Base64.getDecoder().decode(java.nio.ByteBuffer.wrap(json, from, to - from));
        byte[] array = decoded.array();
        return decoded.arrayOffset() == 0 && decoded.position() == 0 && decoded.limit() == array.length ? array
                : java.util.Arrays.copyOfRange(array, decoded.arrayOffset() + decoded.position(),
                        decoded.arrayOffset() + decoded.limit());
    }

    // the answer's members in the order the server writes them, each with what comes before it
    private static final byte[] MESSAGE = ascii("\"message\":{");
    private static final byte[] SUBJECT = ascii("\"subject\":\"");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] HDRS = ascii(",\"hdrs\":\"");
    private static final byte[] DATA = ascii(",\"data\":\"");
    private static final byte[] TIME = ascii(",\"time\":\"");

    private static boolean startsWith(byte[] json, int at, byte[] what) {
        return at + what.length <= json.length && java.util.Arrays.equals(json, at, at + what.length, what, 0, what.length);
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
    public static long digits(byte[] json, int from) {
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
    public static int indexOf(byte[] json, byte[] what, int from) {
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
}

package io.jetsnap.format.cbor;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.MatchStrength;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The zstd skippable frame a CBOR snapshot begins with. It names the format in its first bytes,
 * where a probe sees it, and zstd itself skips it, so {@code zstd -d} still decompresses the file.
 *
 * <p>Layout: the skippable-frame magic {@code 0x184D2A50} (little-endian: {@code 50 2A 4D 18}), the
 * content length as a little-endian u32, then the content: the ASCII text {@code JETSNAP-CBOR/1}.
 */
final class FormatMarker {
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int ZSTD_MAGIC = 0xFD2FB528;
    /** The version of the encoding (marker, zstd frame, CBOR layout) this build writes and reads. */
    private static final int VERSION = 1;

    private static final byte[] PREFIX = "JETSNAP-CBOR/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TEXT = ("JETSNAP-CBOR/" + VERSION).getBytes(StandardCharsets.US_ASCII);
    /** The marker content read: the prefix and a version number of one to nine digits. */
    private static final int MIN_TEXT = PREFIX.length + 1;
    private static final int MAX_TEXT = PREFIX.length + 9;
    private static final byte[] FRAME = frame();
    /** The length of the marker this build writes. */
    static final int LENGTH = FRAME.length;

    private FormatMarker() {
    }

    static void write(OutputStream out) throws IOException {
        out.write(FRAME);
    }

    /** {@link MatchStrength#FULL} for the marker, {@link MatchStrength#SOLID} for a bare zstd frame. */
    static MatchStrength probe(byte[] head, int length) {
        if (length < 4) {
            return MatchStrength.NO_MATCH;
        }
        int magic = u32(head, 0);
        if (magic == ZSTD_MAGIC) {
            return MatchStrength.SOLID;
        }
        if (magic == SKIPPABLE_MAGIC && length >= 8 + PREFIX.length) {
            long size = u32(head, 4) & 0xFFFF_FFFFL;
            if (size >= MIN_TEXT && size <= MAX_TEXT && startsWith(head, 8, PREFIX)) {
                return MatchStrength.FULL;
            }
        }
        return MatchStrength.NO_MATCH;
    }

    /**
     * Reads the marker from the start of {@code in} and returns the stream from the first byte of the
     * zstd frame that follows it. A bare zstd frame (the marker lost, e.g. by recompressing) is
     * accepted too: its first bytes are replayed.
     *
     * @return the zstd data, and whether the marker was present
     */
    static Start read(InputStream in) throws IOException {
        byte[] head = in.readNBytes(8);
        if (head.length == 0) {
            throw notJetsnap("the input is empty");
        }
        if (head.length >= 4 && u32(head, 0) == ZSTD_MAGIC) {
            return new Start(new SequenceInputStream(new ByteArrayInputStream(head), in), false);
        }
        if (!startsWith(FRAME, 0, Arrays.copyOf(head, Math.min(4, head.length)))) {
            throw notJetsnap("it begins with neither the JETSNAP-CBOR marker nor a zstd frame");
        }
        if (head.length < 8) {
            throw truncated(head.length);
        }
        long size = u32(head, 4) & 0xFFFF_FFFFL;
        if (size < MIN_TEXT || size > MAX_TEXT) {
            throw notJetsnap("it begins with a zstd skippable frame of " + size + " bytes, not a JETSNAP-CBOR marker");
        }
        byte[] text = in.readNBytes((int) size);
        if (!startsWith(text, 0, Arrays.copyOf(PREFIX, Math.min(PREFIX.length, text.length)))) {
            throw notJetsnap("it begins with a zstd skippable frame that is not a JETSNAP-CBOR marker");
        }
        if (text.length < size) {
            throw truncated(8 + text.length);
        }
        String version = new String(text, PREFIX.length, text.length - PREFIX.length, StandardCharsets.US_ASCII);
        if (!version.matches("[0-9]{1,9}")) {
            throw notJetsnap("its JETSNAP-CBOR marker has no version number");
        }
        if (Integer.parseInt(version) != VERSION) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "the snapshot is JETSNAP-CBOR version " + version
                    + " but this jetsnap reads version " + VERSION + "; use a newer jetsnap");
        }
        return new Start(in, true);
    }

    /** The zstd data of a snapshot, and whether a marker came before it. */
    record Start(InputStream zstdData, boolean marked) {
    }

    private static SnapshotException notJetsnap(String why) {
        return SnapshotException.corrupt("not a jetsnap snapshot: " + why);
    }

    private static SnapshotException truncated(int length) {
        return SnapshotException.corrupt("snapshot is truncated: the input ends inside its JETSNAP-CBOR marker (byte "
                + length + " of the file)");
    }

    private static byte[] frame() {
        byte[] frame = new byte[8 + TEXT.length];
        putU32(frame, 0, SKIPPABLE_MAGIC);
        putU32(frame, 4, TEXT.length);
        System.arraycopy(TEXT, 0, frame, 8, TEXT.length);
        return frame;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] wanted) {
        return at + wanted.length <= bytes.length
                && Arrays.equals(bytes, at, at + wanted.length, wanted, 0, wanted.length);
    }

    private static int u32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static void putU32(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}

package io.jetsnap.core.digest;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import java.util.zip.CRC32C;

/**
 * Each message's own checksum: CRC-32C (Castagnoli) of the message's canonical encoding, the same
 * bytes the snapshot digest takes for it. The digest proves the whole snapshot at its end; the
 * checksum lets a reader say which message is damaged, as soon as it reads it. Codecs write it
 * with every message and check it on reading with {@link #check}.
 */
public final class MessageChecksum {
    private MessageChecksum() {
    }

    /** The checksum of {@code m} in the format this version writes, an unsigned 32-bit value. */
    public static long of(SnapshotMessage m) {
        return of(m, SnapshotHeader.FORMAT_VERSION);
    }

    /**
     * The checksum of {@code m} as a snapshot of format {@code formatVersion} has it (the record
     * differs between versions, see {@link ManifestDigest}).
     *
     * @throws IllegalArgumentException for a format version no checksum is defined for
     */
    public static long of(SnapshotMessage m, int formatVersion) {
        if (formatVersion < 1 || formatVersion > SnapshotHeader.FORMAT_VERSION) {
            throw new IllegalArgumentException("no message checksum is defined for format version " + formatVersion);
        }
        CRC32C crc = new CRC32C();
        MessageRecord.encode(m, formatVersion, crc::update);
        return crc.getValue();
    }

    /** The checksum as it is written in text: eight lower-case hex digits. */
    public static String hex(long checksum) {
        char[] c = new char[8];
        for (int i = 7; i >= 0; i--) {
            c[i] = HEX_DIGITS[(int) (checksum & 0xF)];
            checksum >>>= 4;
        }
        return new String(c);
    }

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    /**
     * Throws a corrupt-snapshot error naming the message if {@code recorded} is not its checksum.
     *
     * @param index the message's position in the snapshot, from 1
     * @param where extra words for the error, such as a byte offset; may be empty
     */
    public static void check(SnapshotMessage m, long recorded, long index, String where) {
        check(m, SnapshotHeader.FORMAT_VERSION, recorded, index, where);
    }

    /** As {@link #check(SnapshotMessage, long, long, String)}, for a snapshot of format {@code formatVersion}. */
    public static void check(SnapshotMessage m, int formatVersion, long recorded, long index, String where) {
        long actual = of(m, formatVersion);
        if (actual != recorded) {
            throw SnapshotException.corrupt("message #" + index + " (sequence " + m.sequence() + ") is damaged: its "
                    + "checksum is " + hex(recorded) + " but its content hashes to " + hex(actual) + where);
        }
    }
}

package io.jetsnap.core.jetstream.wire;

import java.util.Arrays;

/** A growable byte buffer that is reused: what one pass of a {@link FrameRewriter} writes out. */
final class ByteSink {
    private static final int INITIAL = 1 << 10;
    /** A buffer grown beyond this is given back after use, so one huge frame does not pin its memory. */
    private static final int KEEP = 1 << 20;

    private byte[] bytes = new byte[INITIAL];
    private int size;

    void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    void write(byte[] source) {
        write(source, 0, source.length);
    }

    /** Writes {@code value} in decimal. */
    void writeDecimal(long value) {
        write(Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** Empties the buffer (keeping its memory unless it grew large). */
    void clear() {
        size = 0;
        if (bytes.length > KEEP) {
            bytes = new byte[INITIAL];
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) size + more, 2L * bytes.length);
            if (wanted > Integer.MAX_VALUE - 8) {
                wanted = (long) size + more;
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}

package io.jetsnap.core.restore.serverside;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Writes the Snappy framing format (github.com/google/snappy, framing_format.txt) with every
 * chunk stored uncompressed: a stream identifier, then chunks of at most 64 KiB, each with the
 * masked CRC-32C of its data. nats-server reads its backups through an S2 reader, which accepts
 * Snappy framing; storing uncompressed costs no CPU on either side and needs no native library.
 */
public final class SnappyFrameOutputStream extends BlockOutputStream {
    static final int MAX_CHUNK_DATA = 65_536;
    private static final byte[] STREAM_IDENTIFIER = {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'};
    private static final int UNCOMPRESSED_CHUNK = 0x01;
    private static final int MASK_DELTA = 0xa282ead8;

    private final OutputStream out;
    private final byte[] chunkHeader = new byte[8];
    private final CRC32C crc = new CRC32C();
    private boolean started;
    private boolean closed;

    public SnappyFrameOutputStream(OutputStream out) {
        super(MAX_CHUNK_DATA);
        this.out = out;
    }

    /** Writes out the data given so far as a chunk, then flushes the underlying stream. */
    @Override
    public void flush() throws IOException {
        super.flush();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            super.flush();
            if (!started) {
                out.write(STREAM_IDENTIFIER);
            }
        }
    }

    @Override
    protected void block(byte[] data, int length) throws IOException {
        if (!started) {
            out.write(STREAM_IDENTIFIER);
            started = true;
        }
        crc.reset();
        crc.update(data, 0, length);
        int masked = masked((int) crc.getValue());
        int chunkLength = length + 4;
        chunkHeader[0] = UNCOMPRESSED_CHUNK;
        chunkHeader[1] = (byte) chunkLength;
        chunkHeader[2] = (byte) (chunkLength >>> 8);
        chunkHeader[3] = (byte) (chunkLength >>> 16);
        chunkHeader[4] = (byte) masked;
        chunkHeader[5] = (byte) (masked >>> 8);
        chunkHeader[6] = (byte) (masked >>> 16);
        chunkHeader[7] = (byte) (masked >>> 24);
        out.write(chunkHeader);
        out.write(data, 0, length);
    }

    /** The framing format's checksum: the CRC rotated right by 15 bits plus a constant. */
    static int masked(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }
}

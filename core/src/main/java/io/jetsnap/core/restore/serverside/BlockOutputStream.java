package io.jetsnap.core.restore.serverside;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream that gathers bytes into fixed-size blocks and hands each full block on;
 * {@link #flush()} hands on a partial one. Subclasses say what a block becomes.
 */
public abstract class BlockOutputStream extends OutputStream {
    private final int blockSize;
    private byte[] block;
    private int filled;

    protected BlockOutputStream(int blockSize) {
        this.blockSize = blockSize;
        this.block = new byte[blockSize];
    }

    /**
     * Takes a block of {@code length} bytes. The subclass may keep {@code data}: the stream
     * continues in a new array.
     */
    protected abstract void block(byte[] data, int length) throws IOException;

    @Override
    public void write(int b) throws IOException {
        if (filled == blockSize) {
            handOn();
        }
        block[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == blockSize) {
                handOn();
            }
            int n = Math.min(len, blockSize - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Hands on the bytes gathered so far, if any. */
    @Override
    public void flush() throws IOException {
        if (filled > 0) {
            handOn();
        }
    }

    private void handOn() throws IOException {
        byte[] full = block;
        int length = filled;
        block = new byte[blockSize];
        filled = 0;
        block(full, length);
    }
}

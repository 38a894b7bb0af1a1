package io.jetsnap.format.cbor;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's input as the reader sees it: counted, so that errors can say how far the file got,
 * and never closed (closing the zstd stream closes what it reads from).
 */
final class SourceInput extends FilterInputStream {
    private long position;
    private boolean ended;

    SourceInput(InputStream in) {
        super(in);
    }

    /** How many bytes have been read. */
    long position() {
        return position;
    }

    /** Whether a read has met the end of the input. */
    boolean ended() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            ended = true;
        } else {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            ended = true;
        } else {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        position += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // the caller's stream stays open
    }
}

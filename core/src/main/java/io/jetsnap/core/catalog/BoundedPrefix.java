package io.jetsnap.core.catalog;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The first {@code limit} bytes of a stream, and then a {@link Exceeded} failure rather than more:
 * a listing reads each file's header through it, so that a large file that is not a snapshot (or a
 * header that never ends) costs a bounded read and bounded memory, whatever the file holds.
 */
final class BoundedPrefix extends FilterInputStream {
    /** The failure once the limit is reached. */
    static final class Exceeded extends IOException {
        private static final long serialVersionUID = 1L;

        Exceeded(long limit) {
            super("its header does not end within its first " + (limit >> 20) + " MiB");
        }
    }

    private final long limit;
    private long read;

    BoundedPrefix(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        if (read >= limit) {
            throw new Exceeded(limit);
        }
        int b = super.read();
        if (b >= 0) {
            read++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (read >= limit) {
            throw new Exceeded(limit);
        }
        int n = super.read(b, off, (int) Math.min(len, limit - read));
        if (n > 0) {
            read += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return super.skip(Math.min(n, limit - read));
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Whether {@code e} or one of its causes is this stream's failure. */
    static boolean exceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Exceeded) {
                return true;
            }
        }
        return false;
    }
}

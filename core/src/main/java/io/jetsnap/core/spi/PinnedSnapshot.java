package io.jetsnap.core.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A committed snapshot held so that every read of it sees the bytes the first read saw: a restore
 * reads it once to verify it and again to load it, and a snapshot replaced in between (a sync job,
 * an operator copying a newer one) must not be loaded unverified. Each {@link #open} starts at the
 * first byte; a read that would see other bytes is refused (a {@code BAD_INPUT} error that names
 * the snapshot) instead.
 */
public interface PinnedSnapshot extends Closeable {
    InputStream open() throws IOException;

    @Override
    default void close() throws IOException {
    }
}

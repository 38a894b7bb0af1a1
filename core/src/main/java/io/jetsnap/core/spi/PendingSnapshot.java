package io.jetsnap.core.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** A snapshot being written: invisible until {@link #commit()}, discarded by {@link #close()} otherwise. */
public interface PendingSnapshot extends Closeable {
    /** Where the snapshot will be once committed. */
    String location();

    /** The stream to write the snapshot's bytes to. Do not close it; commit or close this instead. */
    OutputStream output();

    /** Makes the snapshot durable and visible under {@link #location()}, atomically. */
    StoredSnapshot commit() throws IOException;

    /** Discards the snapshot unless it was committed. Never throws for an uncommitted snapshot. */
    @Override
    void close() throws IOException;
}

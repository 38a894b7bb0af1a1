package io.jetsnap.core.spi;

import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import java.io.Closeable;
import java.io.IOException;

/** Writes one snapshot: {@link #writeHeader} once, {@link #writeMessage} per message, {@link #writeTrailer} once. */
public interface ManifestWriter extends Closeable {
    void writeHeader(SnapshotHeader header) throws IOException;

    void writeMessage(SnapshotMessage message) throws IOException;

    /** Writes the trailer and flushes everything to the underlying stream. */
    void writeTrailer(SnapshotTrailer trailer) throws IOException;
}

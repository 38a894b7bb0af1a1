package io.jetsnap.core.snapshot;

import io.jetsnap.core.model.SnapshotMessage;
import org.jspecify.annotations.Nullable;

/** Reads a stream's messages in sequence order without changing the stream. */
interface MessageSource extends AutoCloseable {
    /** The next message with sequence at most the source's end, or null when there is none. */
    @Nullable SnapshotMessage next();

    @Override
    void close();
}

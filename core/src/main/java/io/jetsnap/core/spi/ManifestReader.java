package io.jetsnap.core.spi;

import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import java.io.Closeable;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Reads one snapshot in order: {@link #readHeader}, {@link #nextMessage} until null, {@link #readTrailer}. */
public interface ManifestReader extends Closeable {
    SnapshotHeader readHeader() throws IOException;

    /** The next message, or null when the messages have ended. */
    @Nullable SnapshotMessage nextMessage() throws IOException;

    /** The trailer; also checks that nothing but end of input follows it. */
    SnapshotTrailer readTrailer() throws IOException;
}

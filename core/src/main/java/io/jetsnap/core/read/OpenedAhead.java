package io.jetsnap.core.read;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * The snapshot opened for the load before the restore changes anything. A store that pins what
 * was verified ({@link io.jetsnap.core.spi.PinnedSnapshot}) refuses here a snapshot replaced since
 * it was verified, so the refusal comes with nothing changed; the first {@link #open} hands on
 * this stream, any later one opens the input again.
 */
public final class OpenedAhead implements SnapshotInput, AutoCloseable {
    private final SnapshotInput input;
    private @Nullable InputStream ahead;

    private OpenedAhead(SnapshotInput input, InputStream ahead) {
        this.input = input;
        this.ahead = ahead;
    }

    public static OpenedAhead of(SnapshotInput input) {
        try {
            return new OpenedAhead(input, input.open());
        } catch (SnapshotException e) {
            throw new SnapshotException(e.code(), e.getMessage() + "; nothing was changed", e, e.serverErrorCode());
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not open the snapshot again to load it: " + e.getMessage()
                    + "; nothing was changed", e);
        }
    }

    @Override
    public InputStream open() throws IOException {
        InputStream first = ahead;
        if (first != null) {
            ahead = null;
            return first;
        }
        return input.open();
    }

    @Override
    public void close() {
        if (ahead != null) {
            try {
                ahead.close();
            } catch (IOException ignored) {
                // only read from: nothing is lost by a failed close
            }
            ahead = null;
        }
    }
}

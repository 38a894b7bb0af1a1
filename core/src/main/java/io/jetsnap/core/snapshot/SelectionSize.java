package io.jetsnap.core.snapshot;

import io.jetsnap.core.model.StreamState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How many messages a snapshot's selection holds, as far as the stream's state says before any is
 * read: the expected total its progress reports. Never the whole stream's count for a narrower
 * selection; unknown (-1) where the state cannot tell.
 */
final class SelectionSize {
    static final long UNKNOWN = -1;

    private SelectionSize() {
    }

    /**
     * @param upTo the last sequence selected (at most the state's last)
     * @param before the {@code --before} time, or null
     */
    static long expected(StreamState state, long upTo, @Nullable Instant before) {
        if (state.messages() == 0 || upTo < state.firstSequence()) {
            return 0;
        }
        if (before != null) {
            return UNKNOWN; // which messages are older is seen only in their timestamps
        }
        // the sequences after upTo hold at most one message each, those up to it no more than the stream has:
        // where the two bounds meet (no deleted sequence, or none up to upTo that could matter) the count is exact
        long atLeast = state.messages() - (state.lastSequence() - upTo);
        long atMost = Math.min(state.messages(), upTo - state.firstSequence() + 1);
        return atLeast == atMost ? atMost : UNKNOWN;
    }
}

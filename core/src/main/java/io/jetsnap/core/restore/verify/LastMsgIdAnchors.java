package io.jetsnap.core.restore.verify;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The message ids that {@code Nats-Expected-Last-Msg-Id} headers expect of a message no longer in
 * the snapshot. The server checks that header against the id of the message stored just before
 * (sequence - 1); when that message was deleted after, the placeholder the restore publishes at its
 * sequence carries the id, so the check passes as it did in the original, and the placeholder is
 * removed with the others at the end. Collected in the verify pass, so memory grows with the
 * number of such messages: capped.
 */
public final class LastMsgIdAnchors {
    static final int MAX_ANCHORS = 500_000;

    private final Map<Long, String> idAt = new HashMap<>();
    private long previousSequence;

    /** Called for every message in order; {@code expectedLastMsgId} is its header's value, or null. */
    public void message(long sequence, @Nullable String expectedLastMsgId) {
        if (expectedLastMsgId != null && sequence > 1 && previousSequence != sequence - 1) {
            idAt.put(sequence - 1, expectedLastMsgId);
            if (idAt.size() > MAX_ANCHORS) {
                throw new SnapshotException(ErrorCode.UNSUPPORTED, "more than " + MAX_ANCHORS + " messages carry "
                        + "Nats-Expected-Last-Msg-Id naming a message no longer in the snapshot; restoring them exactly "
                        + "needs more memory than this version allows; nothing was changed");
            }
        }
        previousSequence = sequence;
    }

    /** The message id the placeholder at {@code sequence} must carry, or null. */
    public @Nullable String placeholderId(long sequence) {
        return idAt.get(sequence);
    }

    /** The lowest sequence a placeholder must carry an id at, or {@link Long#MAX_VALUE}. */
    public long lowest() {
        return idAt.keySet().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }
}

package io.jetsnap.core.restore.verify;

import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.restore.plan.DuplicateTail;
import org.jspecify.annotations.Nullable;

/**
 * What the verify pass found in a snapshot that checked out, and what the load needs of it.
 *
 * @param firstSequence the first message's sequence (0 when there are none)
 * @param lastSequence the last message's sequence (0 when there are none)
 * @param target the sequences the restored stream must report
 * @param withTtl how many messages carry {@code Nats-TTL}
 * @param statusLines how many header blocks the publishing restore's target rewrites ({@link StatusLines})
 * @param storedBytes what the messages take in the target's storage ({@link StoredSize})
 */
public record Verified(SnapshotSummary summary, long firstSequence, long lastSequence, SequenceTarget target,
                       SubjectAnchors anchors, LastMsgIdAnchors msgIdAnchors, DuplicateTail duplicates, long withTtl,
                       long statusLines, long storedBytes, @Nullable String firstSubject) {
    /**
     * The first sequence the publishing restore publishes at: the first message's, or lower where
     * a placeholder must hold a subject or a message id that a later message's header expects.
     */
    public long loadFrom() {
        return Math.min(target.firstSequence(), Math.min(anchors.lowestBelow(target.firstSequence()),
                msgIdAnchors.lowest()));
    }

    /** The placeholders a publishing restore publishes: every missing sequence from {@link #loadFrom()} on. */
    public long placeholders() {
        return PlaceholderBound.needed(loadFrom(), target, summary.trailer().messageCount());
    }
}

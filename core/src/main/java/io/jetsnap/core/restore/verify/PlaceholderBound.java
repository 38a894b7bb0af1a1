package io.jetsnap.core.restore.verify;

import io.jetsnap.core.Counted;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.SnapshotHeader;

/**
 * How many placeholders a publishing restore may publish. Each sequence without a message between
 * the first one it publishes at and the stream's last sequence costs one publish (a stream that
 * holds messages moves past a sequence only by storing one), so a snapshot whose sequences jump by
 * 10^12 would take months; it is refused before anything changes, above a bound the caller can
 * raise for a real stream that sparse (or restore it by the server, which skips sequences itself).
 */
public final class PlaceholderBound {
    private PlaceholderBound() {
    }

    /**
     * The sequences without a message from a verified snapshot's first message up to the last
     * sequence a restore gives the stream: at least the placeholders a publishing restore publishes.
     */
    public static long missingSequences(SnapshotHeader header, long messages, long firstMessage, long lastMessage) {
        return needed(firstMessage, SequenceTarget.of(header, messages, firstMessage, lastMessage), messages);
    }

    /**
     * The placeholders a publishing restore publishes: every sequence from {@code loadFrom} to the
     * target's last sequence that no message takes.
     */
    public static long needed(long loadFrom, SequenceTarget target, long messages) {
        if (messages == 0 || target.lastSequence() < loadFrom) {
            return 0;
        }
        long sequences = target.lastSequence() - Math.max(1, loadFrom) + 1;
        return Math.max(0, sequences - messages);
    }

    /** Refuses, nothing changed, when {@code needed} is above {@code limit}. */
    public static void refuse(long needed, long limit, SequenceTarget target) {
        if (needed > limit) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "the snapshot's sequences leave " + Counted.of(needed, "sequence") + " "
                    + "without a message up to its last sequence " + target.lastSequence() + "; the publishing restore "
                    + "would publish a placeholder for each, more than the bound of " + limit + "; nothing was changed "
                    + "(if the stream really was that sparse, raise the placeholder bound, or restore into nats-server "
                    + "2.15+, whose own restore skips sequences)");
        }
    }
}

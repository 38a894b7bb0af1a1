package io.jetsnap.core.restore.verify;

import io.jetsnap.core.model.SnapshotHeader;

/**
 * The first and last sequence the restored stream must report, so that the next publish gets the
 * sequence it would have got in the original and a {@code Nats-Expected-Last-Sequence} taken from
 * the original still holds. The last sequence is not the last message's: messages deleted at the
 * end, a purge, or a WorkQueue whose work is all done leave the original's last sequence above its
 * last message (and an empty stream's first sequence one above its last).
 *
 * <p>What "the original" is depends on the snapshot's selection:
 * <ul>
 *   <li>a whole stream: the stream when the snapshot began (its last sequence then);</li>
 *   <li>{@code --max-seq N}: the stream as it stood at the cut, ending at N (or at its last
 *       sequence when the snapshot began, if that is lower), so the next publish gets N + 1;</li>
 *   <li>{@code --before TIME}: the stream at TIME as far as the snapshot knows it, ending at its
 *       last message taken: a time cut records no sequence of its own, and a message deleted after
 *       that one but before TIME cannot be told from one stored after TIME.</li>
 * </ul>
 *
 * @param firstSequence the restored stream's first sequence: its first message's, or, empty,
 *     {@code lastSequence + 1}
 * @param lastSequence the restored stream's last sequence; 0 for a stream that never held a message
 */
public record SequenceTarget(long firstSequence, long lastSequence) {

    /**
     * @param firstMessage the first message's sequence in the snapshot (ignored when there are none)
     * @param lastMessage the last message's sequence in the snapshot (ignored when there are none)
     */
    public static SequenceTarget of(SnapshotHeader header, long messages, long firstMessage, long lastMessage) {
        long last = header.selection().before() != null
                ? (messages > 0 ? lastMessage : 0)
                : Math.max(header.selection().upToSequence(), messages > 0 ? lastMessage : 0);
        return new SequenceTarget(messages > 0 ? firstMessage : last + 1, last);
    }

    /** Whether the stream must end above its last message (or, empty, above 0): sequences to hold at the end. */
    public boolean trailingGapAfter(long lastMessage) {
        return lastSequence > lastMessage;
    }
}

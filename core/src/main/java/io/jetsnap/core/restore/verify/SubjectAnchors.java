package io.jetsnap.core.restore.verify;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The sequences that {@code Nats-Expected-Last-Subject-Sequence} headers point at, with the
 * subject each must hold. When such a message is gone from the snapshot (a KV update whose
 * previous revision the history limit evicted), the restore publishes its placeholder on that
 * subject rather than on the private gap subject, so that the server's check sees the same last
 * sequence for the subject as the original did; those placeholders are deleted one by one at the
 * end. Collected in the verify pass, so memory grows with the number of such headers: capped.
 */
public final class SubjectAnchors {
    static final int MAX_ANCHORS = 500_000;

    private final Map<Long, String> subjectAt = new HashMap<>();
    private final List<Long> published = new ArrayList<>();

    /** Records that a message expects {@code subject}'s last sequence to be {@code sequence}. */
    public void expect(long sequence, String subject) {
        if (sequence <= 0) {
            return;
        }
        subjectAt.put(sequence, subject);
        if (subjectAt.size() > MAX_ANCHORS) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "more than " + MAX_ANCHORS + " messages carry "
                    + "Nats-Expected-Last-Subject-Sequence; restoring them exactly needs more memory than this version "
                    + "allows; nothing was changed");
        }
    }

    /** The subject the placeholder at {@code sequence} must have, or null for the private gap subject. */
    public @Nullable String placeholderSubject(long sequence) {
        String subject = subjectAt.remove(sequence);
        if (subject != null) {
            published.add(sequence);
        }
        return subject;
    }

    /** The message at {@code sequence} is in the snapshot: no placeholder will be needed there. */
    public void present(long sequence) {
        subjectAt.remove(sequence);
    }

    /**
     * The lowest expected sequence below {@code sequence} (which the verify pass saw no message at,
     * being below the first), or {@link Long#MAX_VALUE}.
     */
    public long lowestBelow(long sequence) {
        return subjectAt.keySet().stream().mapToLong(Long::longValue).filter(s -> s < sequence).min().orElse(Long.MAX_VALUE);
    }

    /** The placeholders published on real subjects, to delete when the load is done. */
    public List<Long> publishedPlaceholders() {
        return published;
    }
}

package io.jetsnap.core.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which messages of the stream a snapshot holds.
 *
 * @param maxSequence the {@code --max-seq} asked for, or null
 * @param before the {@code --before} time asked for (messages stored strictly before it), or null
 * @param upToSequence the last sequence considered: the stream's last sequence when the snapshot
 *     began, lowered to {@code maxSequence} when that is smaller
 */
public record Selection(@Nullable Long maxSequence, @Nullable Instant before, long upToSequence) {
    public static Selection everythingUpTo(long lastSequence) {
        return new Selection(null, null, lastSequence);
    }
}

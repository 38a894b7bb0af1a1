package io.jetsnap.core.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The source stream's state when the snapshot began, as the server reported it.
 *
 * @param firstTime null when the stream was empty
 * @param lastTime null when the stream was empty
 */
public record StreamState(long messages, long bytes, long firstSequence, long lastSequence,
                          @Nullable Instant firstTime, @Nullable Instant lastTime) {
}

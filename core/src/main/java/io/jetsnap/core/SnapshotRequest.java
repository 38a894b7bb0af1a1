package io.jetsnap.core;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to snapshot.
 *
 * @param stream the stream's name
 * @param maxSequence take only messages with sequence at most this, or null for all
 * @param before take only messages stored strictly before this time, or null for all
 * @param consumers also record the stream's durable consumers (configuration and position)
 */
public record SnapshotRequest(String stream, @Nullable Long maxSequence, @Nullable Instant before, boolean consumers) {
    public SnapshotRequest {
        Objects.requireNonNull(stream, "stream");
        if (maxSequence != null && maxSequence < 0) {
            throw new IllegalArgumentException("maxSequence must not be negative");
        }
    }

    public static SnapshotRequest of(String stream) {
        return new SnapshotRequest(stream, null, null, true);
    }

    public SnapshotRequest withMaxSequence(@Nullable Long max) {
        return new SnapshotRequest(stream, max, before, consumers);
    }

    public SnapshotRequest withBefore(@Nullable Instant time) {
        return new SnapshotRequest(stream, maxSequence, time, consumers);
    }

    public SnapshotRequest withConsumers(boolean include) {
        return new SnapshotRequest(stream, maxSequence, before, include);
    }
}

package io.jetsnap.core.engine;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to restore.
 *
 * @param stream the target stream's name; may differ from the snapshot's (a clone)
 * @param force delete and recreate the target if it already holds messages
 * @param replicas override the snapshot's replica count, or null to keep it
 */
public record RestoreRequest(String stream, boolean force, @Nullable Integer replicas) {
    public RestoreRequest {
        Objects.requireNonNull(stream, "stream");
        if (replicas != null && replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1");
        }
    }

    public static RestoreRequest of(String stream) {
        return new RestoreRequest(stream, false, null);
    }

    public RestoreRequest withForce(boolean f) {
        return new RestoreRequest(stream, f, replicas);
    }

    public RestoreRequest withReplicas(@Nullable Integer r) {
        return new RestoreRequest(stream, force, r);
    }
}

package io.jetsnap.core.model;

import java.util.Objects;

/**
 * What a snapshot says after its last message, so that a reader can tell a whole snapshot from a
 * truncated or altered one.
 *
 * @param messageCount how many messages the snapshot holds
 * @param payloadBytes the sum of their payload lengths
 * @param digest {@code sha256:} and 64 lowercase hex digits, computed by {@code ManifestDigest}
 *     over the header's content and every message (not over the codec's bytes)
 */
public record SnapshotTrailer(long messageCount, long payloadBytes, String digest) {
    public SnapshotTrailer {
        Objects.requireNonNull(digest, "digest");
    }
}

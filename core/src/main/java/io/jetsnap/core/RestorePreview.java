package io.jetsnap.core;

import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotTrailer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a restore would do, worked out without changing anything ({@code restore --dry-run}).
 *
 * @param stream the target stream
 * @param action {@code create} (no such stream), {@code replace} (an empty stream would be
 *     reconfigured, or one with messages deleted and recreated under force) or {@code refuse}
 * @param method how the messages would go back; null when refused before that was decided
 * @param existingMessages messages the target holds now, or -1 when it does not exist
 * @param header the snapshot's header
 * @param trailer the snapshot's checked trailer: the whole snapshot was read and checked (count,
 *     payload bytes, digest); null when it did not check out
 * @param consumers the durable consumers that would be created, by name
 * @param reasons why the restore would be refused, or what to know about it (one sentence each)
 */
public record RestorePreview(String stream, String action, RestoreRequest.@Nullable Method method, long existingMessages,
                             SnapshotHeader header, @Nullable SnapshotTrailer trailer, List<String> consumers,
                             List<String> reasons) {
    public RestorePreview {
        consumers = List.copyOf(consumers);
        reasons = List.copyOf(reasons);
    }

    /** Whether the whole snapshot checked out. */
    public boolean verified() {
        return trailer != null;
    }

    /** Whether the restore would go ahead. */
    public boolean wouldRestore() {
        return !action.equals("refuse");
    }
}

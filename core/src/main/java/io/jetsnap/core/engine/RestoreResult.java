package io.jetsnap.core.engine;

import io.jetsnap.core.model.SnapshotSummary;
import java.time.Duration;

/**
 * What a restore did.
 *
 * @param stream the restored stream
 * @param action {@code created} (no stream existed), {@code replaced} (an empty one was
 *     reconfigured) or {@code recreated} (a stream with messages was deleted under force)
 * @param messages messages restored
 * @param payloadBytes their payload bytes
 * @param gapsFilled sequence numbers that had no message and were kept free with placeholders
 * @param consumersNotRestored durable consumers the snapshot records that this version does not
 *     restore yet
 */
public record RestoreResult(String stream, String action, SnapshotSummary snapshot, long messages,
                            long payloadBytes, long gapsFilled, int consumersNotRestored, Duration duration) {
}

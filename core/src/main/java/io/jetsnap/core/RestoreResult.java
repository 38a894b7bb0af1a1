package io.jetsnap.core;

import io.jetsnap.core.model.Origin;
import io.jetsnap.core.model.SnapshotSummary;
import java.time.Duration;
import java.util.List;

/**
 * What a restore did.
 *
 * @param stream the restored stream
 * @param action {@code created} (no stream existed), {@code replaced} (an empty one was
 *     reconfigured) or {@code recreated} (a stream with messages was deleted under force)
 * @param method how the messages went back: {@link RestoreRequest.Method#SERVER} (the server's own
 *     restore, original timestamps kept) or {@link RestoreRequest.Method#PUBLISH}
 * @param messages messages restored
 * @param payloadBytes their payload bytes
 * @param gapsFilled sequence numbers that had no message and were kept free with placeholders
 * @param consumersRestored durable consumers restored, each where it was
 * @param notes what could not be restored exactly, one sentence each (e.g. a consumer whose deliver
 *     policy had to change on an older server)
 * @param target the server the restore changed: the one connected to, its cluster and domain
 */
public record RestoreResult(String stream, String action, RestoreRequest.Method method, SnapshotSummary snapshot, long messages,
                            long payloadBytes, long gapsFilled, int consumersRestored, List<String> notes,
                            Duration duration, Origin target) {
}

package io.jetsnap.core.jetstream;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Retries a step that fails the way a JetStream cluster fails while it elects a new leader: the
 * request times out or goes unanswered, or the server answers that JetStream is temporarily
 * unavailable. Only for steps that may be repeated (reads, and creating a consumer of one's own). Any other
 * failure, or the same one after {@code limit}, goes to the caller.
 */
public final class ClusterPatience {
    /** JetStream API error code: JetStream system temporarily unavailable. */
    private static final int TEMPORARILY_UNAVAILABLE = 10008;
    private static final long PAUSE_MILLIS = 500;

    private ClusterPatience() {
    }

    public static <T> T call(Duration limit, Supplier<T> step) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                return step.get();
            } catch (SnapshotException e) {
                if (!transientFailure(e) || System.nanoTime() + PAUSE_MILLIS * 1_000_000 > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while waiting for the cluster", e);
            }
        }
    }

    private static boolean transientFailure(SnapshotException e) {
        Throwable cause = e.getCause();
        return e.serverErrorCode() == TEMPORARILY_UNAVAILABLE
                || cause instanceof JetStreamApiException api && api.getApiErrorCode() == TEMPORARILY_UNAVAILABLE
                || cause instanceof IOException && String.valueOf(cause.getMessage()).startsWith("Timeout")
                || cause instanceof TimeoutException;
    }
}

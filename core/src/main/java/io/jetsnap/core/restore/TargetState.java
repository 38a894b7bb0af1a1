package io.jetsnap.core.restore;

import io.jetsnap.core.Cancellation;
import io.jetsnap.core.Counted;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.PartialRestoreException;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.SourceStream;
import io.jetsnap.core.restore.verify.SequenceTarget;
import io.jetsnap.core.restore.verify.Verified;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The target stream as a restore finds and leaves it: looked up, checked once restored, and, when
 * a restore fails, described in the error (what it holds now, and what to do), once a lost
 * connection is back.
 */
final class TargetState {
    /** JetStream API error code: subjects overlap with an existing stream. */
    private static final int SUBJECTS_OVERLAP = 10065;
    /** How long a failed restore waits for a lost connection to come back, to say what the target holds. */
    private static final Duration RECONNECT_PATIENCE = Duration.ofSeconds(30);
    static final String RESTORE_AGAIN = ": once the cause is dealt with, run the restore again with --force, "
            + "which deletes the stream and restores the snapshot whole";

    private final Connection connection;
    private final JsApi api;
    private final Cancellation cancellation;

    TargetState(Connection connection, JsApi api, Cancellation cancellation) {
        this.connection = connection;
        this.api = api;
        this.cancellation = cancellation;
    }

    /**
     * A failure to create the target: nothing was changed. The server reports overlapping subjects
     * itself (err_code 10065), or inside a failed restore's message.
     */
    static SnapshotException nothingChanged(SnapshotException e) {
        boolean overlap = e.serverErrorCode() == SUBJECTS_OVERLAP || e.getMessage().contains("subjects overlap");
        return new SnapshotException(e.code(), e.getMessage() + "; nothing was changed" + (overlap ? " (to clone a stream "
                + "beside its original, give the clone other subjects with --subjects)" : ""), e, e.serverErrorCode());
    }

    /** A failure after the target was changed: says what the target holds now, and what to do. */
    SnapshotException partly(RestoreRequest request, SnapshotException e) {
        return new PartialRestoreException(e, e.getMessage() + "; stream " + request.stream() + " is only partly restored ("
                + stateNow(request.stream()) + ")" + RESTORE_AGAIN, true);
    }

    /** A failure of jnats itself (a lost connection, a full reconnect buffer) as a one-line error. */
    static SnapshotException connectionFailed(RuntimeException e) {
        return new SnapshotException(ErrorCode.SERVER, "the connection to the server failed during the restore ("
                + e.getMessage() + ")", e);
    }

    /** What the target holds now, once the connection is back (waiting a bounded time for it). */
    String stateNow(String stream) {
        awaitConnection();
        try {
            SourceStream now = describe(stream);
            if (now == null) {
                return "it does not exist now";
            }
            long messages = now.state().messages();
            return messages == 0 ? "it holds no messages" : "it holds " + Counted.of(messages, "message") + ", sequences "
                    + now.state().firstSequence() + " to " + now.state().lastSequence();
        } catch (RuntimeException e) {
            return "its state could not be read: " + e.getMessage();
        }
    }

    @Nullable SourceStream describeQuietly(String stream) {
        try {
            return describe(stream);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Waits, at most {@link #RECONNECT_PATIENCE}, for the connection to be up again after a failure;
     * not at all once the restore was asked to stop (whoever asked waits for it only so long).
     */
    void awaitConnection() {
        long deadline = System.nanoTime() + (cancellation.isCancelled() ? 0 : RECONNECT_PATIENCE.toNanos());
        while (connection.getStatus() != Connection.Status.CONNECTED && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void checkRestored(String stream, Verified verified) {
        checkRestored(stream, verified, false, new ArrayList<>());
    }

    /**
     * @param expires messages may have outlived their time (the originals' timestamps were kept,
     *     and the stream has a maximum age or messages carry Nats-TTL): the server removes them, as
     *     it would have in the original stream, and a note says how many
     */
    void checkRestored(String stream, Verified verified, boolean expires, List<String> notes) {
        SourceStream restored = describe(stream);
        if (restored == null) {
            throw new SnapshotException(ErrorCode.SERVER, "stream " + stream + " disappeared during the restore");
        }
        long expected = verified.summary().trailer().messageCount();
        boolean interest = restored.retention().equals("interest");
        boolean mayExpire = expires || verified.withTtl() > 0;
        if (mayExpire && restored.state().messages() < expected) {
            long expired = expected - restored.state().messages();
            notes.add(Counted.of(expired, "restored message") + (expired == 1 ? " had outlived its time (max_age or "
                    + "Nats-TTL, counted from its original timestamp) and the server removed it" : " had outlived their time "
                    + "(max_age or Nats-TTL, counted from their original timestamps) and the server removed them"));
        } else if (!interest && restored.state().messages() != expected) {
            throw new SnapshotException(ErrorCode.SERVER, "stream " + stream + " holds "
                    + Counted.of(restored.state().messages(), "message") + " after the restore, not " + expected);
        }
        SequenceTarget target = verified.target();
        if (restored.state().lastSequence() != target.lastSequence()) {
            throw new SnapshotException(ErrorCode.SERVER, "stream " + stream + " ends at sequence "
                    + restored.state().lastSequence() + " after the restore, not " + target.lastSequence());
        }
        // a stream that never held a message reports first sequence 0, not 1
        boolean neverHeldAny = target.lastSequence() == 0 && restored.state().firstSequence() == 0;
        if (restored.state().messages() == expected && !interest && !neverHeldAny
                && restored.state().firstSequence() != target.firstSequence()) {
            throw new SnapshotException(ErrorCode.SERVER, "stream " + stream + " starts at sequence "
                    + restored.state().firstSequence() + " after the restore, not " + target.firstSequence());
        }
    }

    @Nullable SourceStream describe(String stream) {
        String info = api.streamInfoText(stream);
        return info == null ? null : SourceStream.fromInfo(stream, info);
    }

}

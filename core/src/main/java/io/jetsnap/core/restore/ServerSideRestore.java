package io.jetsnap.core.restore;

import io.jetsnap.core.Cancellation;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.RestoreResult;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.SourceStream;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.Origin;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.read.CheckedReader;
import io.jetsnap.core.read.PrefetchingReader;
import io.jetsnap.core.read.SnapshotInput;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.restore.consumers.ConsumerPlacement;
import io.jetsnap.core.restore.consumers.ConsumerRestorer;
import io.jetsnap.core.restore.plan.BucketRename;
import io.jetsnap.core.restore.plan.DuplicateTail;
import io.jetsnap.core.restore.plan.RestorePlan;
import io.jetsnap.core.restore.serverside.RestoreApi;
import io.jetsnap.core.restore.verify.Verified;
import io.jetsnap.core.spi.ManifestReader;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server-side restore (nats-server 2.15+): the target, if any, is deleted, and the snapshot
 * is sent as it is read to the server's restore API ({@link RestoreApi}), which stores every
 * message exactly as it was and sets up the consumers; a failure says what the server built, and a
 * restore asked to stop deletes it again.
 */
final class ServerSideRestore {
    private static final String MSG_ID = "Nats-Msg-Id";

    private final Connection connection;
    private final JsApi api;
    private final Codecs codecs;
    private final Duration requestTimeout;
    private final Cancellation cancellation;
    private final TargetState targetState;

    ServerSideRestore(Connection connection, JsApi api, Codecs codecs, Duration requestTimeout, Cancellation cancellation,
                      TargetState targetState) {
        this.connection = connection;
        this.api = api;
        this.codecs = codecs;
        this.requestTimeout = requestTimeout;
        this.cancellation = cancellation;
        this.targetState = targetState;
    }

    RestoreResult run(RestoreSetup setup, SnapshotInput input, Verified verified, List<String> configNotes, Origin origin,
                      ProgressListener progress, long started) {
        RestoreRequest request = setup.request();
        RestorePlan plan = setup.plan();
        BucketRename bucket = setup.bucket();
        SnapshotHeader header = setup.header();
        SourceStream existing = setup.existing();
        String action = "created";
        if (existing != null) {
            api.deleteStream(request.stream());
            action = existing.state().messages() > 0 ? "recreated" : "replaced";
        }
        List<ConsumerSnapshot> consumers = setup.consumers();
        SnapshotSummary summary = verified.summary();
        RestoreApi.Shape shape = new RestoreApi.Shape(summary.trailer().messageCount(),
                summary.trailer().payloadBytes(), verified.target().firstSequence(), verified.target().lastSequence());
        RestoreApi serverRestore = new RestoreApi(connection, api, requestTimeout);
        ConsumerPlacement.Target target = ConsumerPlacement.Target.of(setup.server(), true,
                ConsumerPlacement.retention(header.streamConfigJson()), shape.firstSequence(), shape.lastSequence());
        try (InputStream in = input.open(); ManifestReader reader = new PrefetchingReader(codecs.newReader(in))) {
            RestoreApi.Upload upload = serverRestore.start(request.stream(), plan.finalConfigJson(), shape, consumers,
                    target);
            CheckedReader checked = new CheckedReader(reader);
            SnapshotSummary again = checked.readAll("restore", m -> {
                if (cancellation.isCancelled()) {
                    cancellation.check("the restore of stream " + request.stream());
                }
                upload.message(bucket.message(m));
            }, progress);
            if (!again.trailer().digest().equals(summary.trailer().digest())) {
                throw SnapshotException.corrupt("the snapshot changed while it was being restored");
            }
            upload.finish();
            new ConsumerRestorer(api).restore(request.stream(), RestoreApi.afterwards(consumers, target), target);
        } catch (IOException e) {
            throw targetState.partly(request, new SnapshotException(ErrorCode.IO, "could not read the snapshot: " + e.getMessage(), e));
        } catch (RuntimeException failure) {
            SnapshotException e = failure instanceof SnapshotException se ? se : TargetState.connectionFailed(failure);
            targetState.awaitConnection();
            SourceStream partial = targetState.describeQuietly(request.stream());
            if (partial != null && e.code() == ErrorCode.INTERRUPTED && cancellation.isCancelled()) {
                throw withdrawn(request.stream(), partial, e);
            }
            if (partial != null) {
                throw targetState.partly(request, e);
            }
            if (existing != null) {
                throw new SnapshotException(e.code(), e.getMessage() + "; stream " + request.stream()
                        + " was deleted to be replaced and is not restored: run the restore again", e, e.serverErrorCode());
            }
            throw TargetState.nothingChanged(e);
        }
        List<String> notes = new ArrayList<>(configNotes);
        bucket.note().ifPresent(notes::add);
        notes.addAll(ConsumerPlacement.notes(consumers, target));
        idsForgotten(verified.duplicates()).ifPresent(notes::add);
        try {
            targetState.checkRestored(request.stream(), verified, plan.expires(), notes);
        } catch (SnapshotException e) {
            throw targetState.partly(request, e);
        }
        return new RestoreResult(request.stream(), action, RestoreRequest.Method.SERVER, summary, summary.trailer().messageCount(),
                summary.trailer().payloadBytes(), 0, consumers.size(), notes, Duration.ofNanos(System.nanoTime() - started),
                origin);
    }

    /**
     * A server-side restore asked to stop: the stream the server was building takes the snapshot's
     * final configuration, subjects and consumers, so applications would take it for the restored
     * one. It holds nothing but part of the snapshot, which is unchanged, so it is deleted again.
     */
    private SnapshotException withdrawn(String stream, SourceStream partial, SnapshotException e) {
        try {
            api.deleteStream(stream);
        } catch (RuntimeException notDeleted) {
            return targetState.partly(RestoreRequest.of(stream), e);
        }
        return new SnapshotException(e.code(), e.getMessage() + "; the server had restored " + partial.state().messages()
                + " of its messages into stream " + stream + ", which was deleted again, so it does not exist now; "
                + "the snapshot is unchanged: run the same restore again", e, e.serverErrorCode());
    }

    /**
     * What a server-side restore says of the message ids within the duplicate window: the server
     * rebuilds its memory of them only when it recovers a stream at start-up, not after a restore.
     */
    private static Optional<String> idsForgotten(DuplicateTail duplicates) {
        if (duplicates.withinWindow() == 0) {
            return Optional.empty();
        }
        return Optional.of((duplicates.withinWindow() == 1 ? "1 message carries a " : duplicates.withinWindow() + " messages carry a ") + MSG_ID + " stored within the stream's "
                + "duplicate window, which the server-side restore does not remember (the server rebuilds that memory "
                + "only when it restarts): a publish with one of their ids within the window would be stored again "
                + "(the publishing restore, --method publish, remembers them)");
    }
}

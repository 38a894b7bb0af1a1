package io.jetsnap.core.restore;

import io.jetsnap.core.Cancellation;
import io.jetsnap.core.Counted;
import io.jetsnap.core.EngineOptions;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.PartialRestoreException;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.RestoreResult;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.OutOfStorage;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.jetstream.SourceStream;
import io.jetsnap.core.jetstream.wire.ExactHeadersConnection;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.Origin;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.read.CheckedReader;
import io.jetsnap.core.read.PrefetchingReader;
import io.jetsnap.core.read.SnapshotInput;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.restore.consumers.ConsumerPlacement;
import io.jetsnap.core.restore.consumers.ConsumerRestorer;
import io.jetsnap.core.restore.consumers.TargetConsumers;
import io.jetsnap.core.restore.plan.BucketRename;
import io.jetsnap.core.restore.plan.DuplicateTail;
import io.jetsnap.core.restore.plan.RecentMessageIds;
import io.jetsnap.core.restore.plan.RestorePlan;
import io.jetsnap.core.restore.publish.AckWindow;
import io.jetsnap.core.restore.publish.SequenceStart;
import io.jetsnap.core.restore.verify.StatusLines;
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
 * The publishing restore (any server version): the stream is created under a load configuration,
 * every message is published back at its original sequence (a missing sequence is held by a
 * placeholder, removed afterwards), the consumers are put at their positions, and the snapshot's
 * own configuration is applied last. A failure after the target changed says what it holds.
 */
final class PublishingRestore {
    private static final long PROGRESS_EVERY = 1000;
    private static final String MSG_ID = "Nats-Msg-Id";
    private static final long DUPLICATE_PATIENCE_MILLIS = 10_000;
    /** Payload bytes in flight while restoring, so that large messages keep memory bounded too. */
    private static final long PUBLISH_WINDOW_BYTES = 8L << 20;
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final Connection connection;
    private final JsApi api;
    private final Codecs codecs;
    private final EngineOptions options;
    private final Cancellation cancellation;
    private final TargetState targetState;

    PublishingRestore(Connection connection, JsApi api, Codecs codecs, EngineOptions options, Cancellation cancellation,
                      TargetState targetState) {
        this.connection = connection;
        this.api = api;
        this.codecs = codecs;
        this.options = options;
        this.cancellation = cancellation;
        this.targetState = targetState;
    }

    RestoreResult run(RestoreSetup setup, SnapshotInput ahead, Verified verified, TargetConsumers targetConsumers,
                      List<String> configNotes, Origin target, ProgressListener progress, long started) {
        RestoreRequest request = setup.request();
        RestorePlan plan = setup.plan();
        BucketRename bucket = setup.bucket();
        SnapshotHeader header = setup.header();
        SourceStream existing = setup.existing();
        ServerVersion server = setup.server();
        List<ConsumerSnapshot> consumers = setup.consumers();
            String action;
        if (existing == null) {
            try {
                api.createStream(request.stream(), plan.loadConfigJson());
            } catch (SnapshotException e) {
                throw TargetState.nothingChanged(e);
            }
            action = "created";
        } else if (Leftover.replacedWhole(existing)) {
            api.deleteStream(request.stream());
            try {
                api.createStream(request.stream(), plan.loadConfigJson());
            } catch (SnapshotException e) {
                throw deletedNotCreated(request.stream(), existing, e);
            }
            action = existing.state().messages() > 0 ? "recreated" : "replaced";
        } else {
            try {
                api.updateStream(request.stream(), plan.loadConfigJson());
            } catch (SnapshotException e) {
                throw new SnapshotException(ErrorCode.SERVER, "stream " + request.stream() + " exists and is empty, but "
                        + "its configuration cannot be replaced by the snapshot's (" + e.getMessage()
                        + "); use --force to delete and recreate it", e, e.serverErrorCode());
            }
            action = "replaced";
        }

        Progress done = new Progress();
        try {
            ConsumerRestorer consumerRestorer = new ConsumerRestorer(api);
            consumerRestorer.removeReplaced(request.stream(), targetConsumers.replaced());
            List<String> notes = new ArrayList<>(configNotes);
            notes.addAll(targetConsumers.notes());
            bucket.note().ifPresent(notes::add);
            idsNotRemembered(verified.duplicates()).ifPresent(notes::add);
            StatusLines.note(verified.statusLines(), server).ifPresent(notes::add);
            new SequenceStart(connection, api, options.requestTimeout()).move(request.stream(), plan, server, verified.loadFrom());
            // an Interest stream keeps only what its consumers take: one of jetsnap's own holds the
            // messages until the snapshot's consumers can be put at their positions
            String hold = plan.interest() && !consumers.isEmpty() ? consumerRestorer.holdInterest(request.stream()) : null;
            Loaded loaded = load(request.stream(), plan, bucket, ahead, verified, progress, done);
            done.loaded = true;
            removePlaceholders(request.stream(), plan, verified, done);
            if (hold == null) {
                api.updateStream(request.stream(), plan.finalConfigJson());
                done.configured = true;
            }
            notes.addAll(consumerRestorer.restore(request.stream(), consumers, loadedTarget(request.stream(), server, header)));
            if (hold != null) {
                // released before the final configuration, whose max_consumers does not count it
                consumerRestorer.releaseInterest(request.stream(), hold);
                api.updateStream(request.stream(), plan.finalConfigJson());
                done.configured = true;
            }
            targetState.checkRestored(request.stream(), verified);
            return new RestoreResult(request.stream(), action, RestoreRequest.Method.PUBLISH, verified.summary(), verified.summary().trailer().messageCount(),
                    verified.summary().trailer().payloadBytes(), loaded.placeholders(), consumers.size(), notes,
                    Duration.ofNanos(System.nanoTime() - started), target);
        } catch (SnapshotException e) {
            throw partlyLoaded(request, e, plan, verified, done);
        } catch (RuntimeException e) {
            throw partlyLoaded(request, TargetState.connectionFailed(e), plan, verified, done);
        }
    }

    /** How far a publishing restore got, for what a failure says and undoes. */
    private static final class Progress {
        boolean placeholders;
        boolean loaded;
        boolean configured;
    }

    /**
     * Removes the placeholders, if any were published. On nats-server 2.9 a purge of one subject
     * moves every consumer without a filter past the stream's end, so where consumers exist already
     * (an Interest stream's) the placeholders are deleted one by one there.
     */
    private void removePlaceholders(String stream, RestorePlan plan, Verified verified, Progress done) {
        if (!done.placeholders) {
            return;
        }
        if (plan.interest() && !ServerVersion.of(connection).atLeast(2, 10)) {
            for (long seq = api.nextSequenceOn(stream, plan.gapSubject(), 1); seq > 0;
                 seq = api.nextSequenceOn(stream, plan.gapSubject(), seq + 1)) {
                api.deleteMessage(stream, seq);
            }
        } else {
            api.purgeSubject(stream, plan.gapSubject());
        }
        for (long sequence : verified.anchors().publishedPlaceholders()) {
            api.deleteMessage(stream, sequence);
        }
        done.placeholders = false;
    }

    private record Loaded(long placeholders) {
    }

    /**
     * Publishes every message at its sequence, on a stream {@link SequenceStart} moved to
     * {@link Verified#loadFrom()}. A missing sequence in between or at the end (messages deleted
     * after the last one) is held by a placeholder: a publish is the only way to move a stream
     * that holds messages past a sequence.
     */
    private Loaded load(String stream, RestorePlan plan, BucketRename bucket, SnapshotInput input, Verified verified,
                        ProgressListener progress, Progress done) {
        long placeholders = 0;
        long next = Math.max(1, verified.loadFrom());
        // what waits for its ack may still wait in jnats' outgoing queue: a share of the heap
        // (one message alone may exceed it)
        long windowBytes = Math.min(Math.max(PUBLISH_WINDOW_BYTES, 2L * connection.getServerInfo().getMaxPayload()),
                Runtime.getRuntime().maxMemory() / 8);
        RecentMessageIds recentIds = new RecentMessageIds();
        long tailFrom = verified.duplicates().startSequence();
        try (ExactHeadersConnection exact = ExactHeadersConnection.open(connection);
             AckWindow window = new AckWindow(exact.connection(), options.publishWindow(), windowBytes,
                     options.requestTimeout().toMillis());
             InputStream in = input.open();
             // decoded and checked (digest included) on a thread of its own while this one publishes
             ManifestReader checked = new PrefetchingReader(new CheckedReader(codecs.newReader(in)).asReader())) {
            checked.readHeader();
            long total = verified.summary().trailer().messageCount();
            long count = 0;
            long payloadBytes = 0;
            SnapshotMessage m;
            while ((m = checked.nextMessage()) != null) {
                if (cancellation.isCancelled()) {
                    cancellation.check("the restore of stream " + stream);
                }
                m = bucket.message(m);
                count++;
                payloadBytes += m.payload().length;
                for (; next < m.sequence(); next++) {
                    done.placeholders = true;
                    placeholder(window, plan, verified, recentIds, next);
                    placeholders++;
                }
                if (tailFrom > 0 && m.sequence() >= tailFrom) {
                    rememberIdsFromHere(stream, plan, window);
                    tailFrom = 0;
                }
                verified.anchors().present(m.sequence());
                String msgId = m.headers().value(MSG_ID);
                long now = System.nanoTime();
                String subject = plan.publishSubject(m.subject());
                if (msgId != null && recentIds.seenRecently(msgId, now)) {
                    window.publishPastDuplicateWindow(subject, m.headers(), m.payload(), m.sequence(), DUPLICATE_PATIENCE_MILLIS);
                } else {
                    window.publish(subject, m.headers(), m.payload(), m.sequence());
                }
                if (msgId != null) {
                    recentIds.published(msgId, now);
                }
                next = m.sequence() + 1;
                if (count % PROGRESS_EVERY == 0) {
                    progress.progress("restore", count, payloadBytes, total);
                }
            }
            for (; next <= verified.target().lastSequence(); next++) {
                done.placeholders = true;
                placeholder(window, plan, verified, recentIds, next);
                placeholders++;
            }
            window.drain();
            SnapshotTrailer again = checked.readTrailer();
            if (!again.digest().equals(verified.summary().trailer().digest())) {
                throw SnapshotException.corrupt("the snapshot changed while it was being restored");
            }
            progress.progress("restore", count, payloadBytes, total);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read the snapshot: " + e.getMessage(), e);
        }
        return new Loaded(placeholders);
    }

    /**
     * From here on the messages' ids are remembered for the stream's own duplicate window (see
     * {@link DuplicateTail}). Once everything published so far is stored, the restore waits until
     * the server has forgotten every id it took under the short window, so none of them is kept
     * for the long one, and then lengthens the window.
     */
    private void rememberIdsFromHere(String stream, RestorePlan plan, AckWindow window) {
        window.drain();
        try {
            Thread.sleep(RecentMessageIds.HORIZON_NANOS / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.IO, "interrupted while restoring");
        }
        api.updateStream(stream, plan.tailLoadConfigJson());
    }

    /** What a publishing restore says of the message ids within the duplicate window it could not carry. */
    private static Optional<String> idsNotRemembered(DuplicateTail duplicates) {
        if (duplicates.dropped() == 0) {
            return Optional.empty();
        }
        return Optional.of(duplicates.dropped() + " of the " + Counted.of(duplicates.withinWindow(), "message") + " whose "
                + MSG_ID + " was stored within the stream's duplicate window are not remembered by the restored "
                + "stream (it carries the newest " + duplicates.carried() + ": at most " + DuplicateTail.MAX_IDS
                + ", none that repeats): a publish with one of their ids would be stored again");
    }

    /**
     * Holds {@code sequence}: on the private gap subject, or on the subject a later message's
     * {@code Nats-Expected-Last-Subject-Sequence} expects there, carrying the message id a later
     * {@code Nats-Expected-Last-Msg-Id} expects.
     */
    private static void placeholder(AckWindow window, RestorePlan plan, Verified verified, RecentMessageIds recentIds,
                                    long sequence) {
        String anchor = verified.anchors().placeholderSubject(sequence);
        String subject = anchor != null ? plan.publishSubject(anchor) : plan.gapSubject();
        String msgId = verified.msgIdAnchors().placeholderId(sequence);
        if (msgId == null) {
            window.publish(subject, HeaderBlock.NONE, NO_PAYLOAD, sequence);
            return;
        }
        HeaderBlock headers = HeaderBlock.ofLines(List.of(new MessageHeader(MSG_ID, msgId)));
        long now = System.nanoTime();
        if (recentIds.seenRecently(msgId, now)) {
            window.publishPastDuplicateWindow(subject, headers, NO_PAYLOAD, sequence, DUPLICATE_PATIENCE_MILLIS);
        } else {
            window.publish(subject, headers, NO_PAYLOAD, sequence);
        }
        recentIds.published(msgId, now);
    }

    /**
     * The target was deleted to be replaced, after the server had accepted the configuration on a
     * scratch stream, and then its creation failed: it is gone, and the message says so.
     */
    private static SnapshotException deletedNotCreated(String stream, SourceStream existing, SnapshotException e) {
        return new SnapshotException(e.code(), e.getMessage() + "; stream " + stream + " was deleted to be replaced (with its "
                + Counted.of(existing.state().messages(), "message") + ") and could not be created again, although the server had "
                + "accepted its configuration on a scratch stream moments before: stream " + stream + " does not exist "
                + "now; the snapshot is unchanged: run the restore again once the cause is fixed", e, e.serverErrorCode());
    }

    /**
     * A publishing restore that failed after it changed the target. Placeholders are removed (no
     * consumer must take one for a message); once every message is in, the snapshot's
     * configuration is applied as the restore would have (before, the load configuration stays: it
     * keeps what applications publish out of a stream that holds only part of the snapshot). The
     * error says what the stream holds, under which configuration, and how to finish.
     */
    private SnapshotException partlyLoaded(RestoreRequest request, SnapshotException e, RestorePlan plan, Verified verified,
                                           Progress done) {
        String stream = request.stream();
        targetState.awaitConnection();
        try {
            removePlaceholders(stream, plan, verified, done);
            if (done.loaded && !done.configured) {
                api.updateStream(stream, plan.finalConfigJson());
                done.configured = true;
            }
        } catch (RuntimeException ignored) {
            // best effort: the message below says what the stream holds and under which configuration
        }
        long messages = verified.summary().trailer().messageCount();
        String snapshot = messages == 0 ? "the snapshot holds no messages" : "the snapshot holds " + Counted.of(messages, "message")
                + ", sequences " + verified.firstSequence() + " to " + verified.lastSequence();
        String configuration = done.configured ? "under the snapshot's configuration"
                : "under jetsnap's load configuration (" + (plan.loadsUnderPrivateSubjects()
                        ? "it takes only jetsnap's private subjects, so nothing the applications publish is stored in it"
                        : "it takes the snapshot's subjects and a private one") + ", without limits, seal or deny flags)";
        boolean recognised = !done.configured && plan.loadsUnderPrivateSubjects();
        boolean outOfStorage = OutOfStorage.is(e);
        String next = outOfStorage ? OutOfStorage.advice(verified.storedBytes(), plan.replicas())
                : done.configured ? TargetState.RESTORE_AGAIN : Leftover.nextRestore(plan.loadsUnderPrivateSubjects());
        return new PartialRestoreException(e, e.getMessage() + "; stream " + stream + " is only partly restored ("
                + targetState.stateNow(stream) + "; " + snapshot + "), " + configuration + next, outOfStorage || !recognised);
    }

    /** The restored stream as its consumers find it once the publishing restore has loaded it. */
    private ConsumerPlacement.Target loadedTarget(String stream, ServerVersion server, SnapshotHeader header) {
        SourceStream loaded = targetState.describe(stream);
        if (loaded == null) {
            throw new SnapshotException(ErrorCode.SERVER, "stream " + stream + " disappeared during the restore");
        }
        return ConsumerPlacement.Target.of(server, false, ConsumerPlacement.retention(header.streamConfigJson()),
                loaded.state().firstSequence(), loaded.state().lastSequence());
    }
}

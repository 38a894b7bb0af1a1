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
import io.jetsnap.core.jetstream.Origins;
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
import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.read.CheckedReader;
import io.jetsnap.core.read.MessageBatches;
import io.jetsnap.core.read.OpenedAhead;
import io.jetsnap.core.read.PrefetchingReader;
import io.jetsnap.core.read.SnapshotInput;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.restore.consumers.ConsumerPlacement;
import io.jetsnap.core.restore.consumers.ConsumerRestorer;
import io.jetsnap.core.restore.consumers.TargetConsumers;
import io.jetsnap.core.restore.plan.ConfigProbe;
import io.jetsnap.core.restore.plan.DuplicateTail;
import io.jetsnap.core.restore.plan.LoadMark;
import io.jetsnap.core.restore.plan.RecentMessageIds;
import io.jetsnap.core.restore.plan.RestorePlan;
import io.jetsnap.core.restore.plan.SubjectOverlap;
import io.jetsnap.core.restore.publish.AckWindow;
import io.jetsnap.core.restore.publish.PublishProbe;
import io.jetsnap.core.restore.publish.SequenceStart;
import io.jetsnap.core.restore.serverside.ServerSideRestore;
import io.jetsnap.core.restore.verify.LastMsgIdAnchors;
import io.jetsnap.core.restore.verify.PlaceholderBound;
import io.jetsnap.core.restore.verify.SequenceTarget;
import io.jetsnap.core.restore.verify.StatusLines;
import io.jetsnap.core.restore.verify.SubjectAnchors;
import io.jetsnap.core.spi.ManifestReader;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Rebuilds a stream from a snapshot. The whole snapshot is read and verified before the target is
 * touched; then the stream is created under a load configuration, every message is published back
 * at its original sequence (sequence gaps are held by placeholders that are purged afterwards), and
 * the snapshot's own configuration is applied last.
 */
public final class StreamRestorer {
    private static final long PROGRESS_EVERY = 1000;
    private static final String EXPECTED_STREAM = "Nats-Expected-Stream";
    private static final String MSG_ID = "Nats-Msg-Id";
    private static final String TTL = "Nats-TTL";
    private static final String STREAM_SOURCE = "Nats-Stream-Source";
    private static final String EXPECTED_LAST_SUBJECT_SEQUENCE = "Nats-Expected-Last-Subject-Sequence";
    private static final String EXPECTED_LAST_SUBJECT_SEQUENCE_SUBJECT = "Nats-Expected-Last-Subject-Sequence-Subject";
    /**
     * Headers whose messages cannot be published back as they were stored: a counter message is
     * stored with its running total as payload (the server refuses a payload with Nats-Incr), and a
     * batch message would open a batch that is never committed.
     */
    private static final List<String> NOT_REPUBLISHABLE = List.of("Nats-Incr", "Nats-Batch-Id");
    /** JetStream API error code: subjects overlap with an existing stream. */
    private static final int SUBJECTS_OVERLAP = 10065;
    private static final long DUPLICATE_PATIENCE_MILLIS = 10_000;
    /** How long a failed restore waits for a lost connection to come back, to say what the target holds. */
    private static final Duration RECONNECT_PATIENCE = Duration.ofSeconds(30);
    /** Payload bytes in flight while restoring, so that large messages keep memory bounded too. */
    private static final long PUBLISH_WINDOW_BYTES = 8L << 20;
    private static final byte[] NO_PAYLOAD = new byte[0];
    private static final String EXPECTED_LAST_MSG_ID = "Nats-Expected-Last-Msg-Id";
    private static final String RESTORE_AGAIN = ": once the cause is dealt with, run the restore again with --force, "
            + "which deletes the stream and restores the snapshot whole";

    private final Connection connection;
    private final JsApi api;
    private final Codecs codecs;
    private final EngineOptions options;
    private final Cancellation cancellation;

    public StreamRestorer(Connection connection, Codecs codecs, EngineOptions options) {
        this(connection, codecs, options, Cancellation.create());
    }

    /**
     * @param cancellation looked at before each message until every message is in; see {@link Cancellation}
     */
    public StreamRestorer(Connection connection, Codecs codecs, EngineOptions options, Cancellation cancellation) {
        this.connection = connection;
        this.cancellation = cancellation;
        this.api = new JsApi(connection, options.apiPrefix(), options.requestTimeout());
        this.codecs = codecs;
        this.options = options;
    }

    public RestoreResult restore(RestoreRequest request, SnapshotInput input, ProgressListener progress) {
        long started = System.nanoTime();
        SnapshotHeader read = readHeader(input);
        BucketRename bucket = BucketRename.of(read.streamConfigJson(), request.stream(), request.subjects() != null);
        SnapshotHeader header = bucket.header(read);
        SourceStream existing = describe(request.stream());
        Optional<Leftover> leftover = Leftover.of(existing);
        Leftover.refuseOther(request, leftover, read);
        RestoreRequest asked = request;
        request = Leftover.request(asked, leftover, read);
        ServerVersion server = ServerVersion.of(connection);
        boolean serverSide = serverSide(request, server, existing);
        RestorePlan plan = new RestorePlan(request.stream(), header.streamConfigJson(), request.replicas(), request.subjects(),
                request.placement(), request.standalone(), request.consumers() && !header.consumers().isEmpty(), serverSide, server);
        refuseEarly(request, plan, server, serverSide, existing);
        List<ConsumerSnapshot> consumers = request.consumers() ? header.consumers() : List.of();
        ConsumerPlacement.refuseNoRoomToHold(request.stream(), header.streamConfigJson(), consumers.size(), serverSide);
        TargetConsumers targetConsumers = targetConsumers(api, request.stream(), header, consumers, existing);

        Verified verified;
        try {
            verified = verify(input, request.stream(), bucket, server, serverSide, plan, request.maxPlaceholders(), progress);
        } catch (SnapshotException e) {
            throw nothingChangedYet(e);
        }
        Leftover.refuseOtherDigest(asked, leftover, verified.summary());
        plan.mark(LoadMark.of(verified.summary(), Instant.now()));
        SubjectOverlap.refuse(api, request.stream(), plan);
        List<String> configNotes = new ArrayList<>(checkConfiguration(request, plan, header, server, serverSide, existing, verified));
        // the fields the server does not know, accepted as lost: left out of what is sent from now on
        header = plan.unknownFields().strip(header);
        consumers = request.consumers() ? header.consumers() : List.of();
        refuseNoRoom(request.stream(), plan, verified, existing);
        if (!serverSide) {
            PublishProbe.refuseDenied(connection, plan, verified, options.requestTimeout());
        }
        leftover.ifPresent(l -> configNotes.add(l.replacedNote()));
        Origin target = Origins.of(connection, options.apiPrefix());
        Origins.elsewhere(read.origin(), target).ifPresent(configNotes::add);
        cancellation.check("the restore of stream " + request.stream(), " before it changed anything; nothing was changed");
        // the load reads the snapshot opened now, before anything changes: one that cannot be read
        // again as it was verified is refused here
        try (OpenedAhead ahead = OpenedAhead.of(input)) {
            if (serverSide) {
                return restoreServerSide(request, plan, bucket, header, existing, ahead, verified, configNotes, progress, started);
            }

            String action;
            if (existing == null) {
                try {
                    api.createStream(request.stream(), plan.loadConfigJson());
                } catch (SnapshotException e) {
                    throw nothingChanged(e);
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
                checkRestored(request.stream(), verified);
                return new RestoreResult(request.stream(), action, RestoreRequest.Method.PUBLISH, verified.summary(), verified.summary().trailer().messageCount(),
                        verified.summary().trailer().payloadBytes(), loaded.placeholders(), consumers.size(), notes,
                        Duration.ofNanos(System.nanoTime() - started), target);
            } catch (SnapshotException e) {
                throw partlyLoaded(request, e, plan, verified, done);
            } catch (RuntimeException e) {
                throw partlyLoaded(request, connectionFailed(e), plan, verified, done);
            }
        }
    }

    /** A refusal before anything changed, saying so (a damaged snapshot's own message does not). */
    private static SnapshotException nothingChangedYet(SnapshotException e) {
        if (e.getMessage().contains("nothing was changed")) {
            return e;
        }
        return new SnapshotException(e.code(), e.getMessage() + "; nothing was changed", e, e.serverErrorCode());
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

    /** The refusals that need only the header and the target's state (shared with {@link RestoreDryRun}). */
    static void refuseEarly(RestoreRequest request, RestorePlan plan, ServerVersion server, boolean serverSide,
                            @Nullable SourceStream existing) {
        if (plan.changesSubjects() && !serverSide && !server.atLeast(2, 10)) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "restoring under other subjects (--subjects, or a mirror "
                    + "--standalone) needs nats-server 2.10 or newer (stream subject transforms keep the messages' subjects); "
                    + "this server is " + server + "; nothing was changed");
        }
        String republish = plan.republishDestination();
        if (republish != null && !serverSide && !server.atLeast(2, 10)) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "the snapshot's stream republishes its messages to "
                    + republish + "; nats-server " + server + " cannot add republish to a stream by an update, so the "
                    + "publishing restore would either republish every restored message to " + republish + " or end "
                    + "without republish; nothing was changed (restore into nats-server 2.10 or newer, or remove "
                    + "republish from a copy of the stream and snapshot that)");
        }
        if (existing != null && existing.state().messages() > 0 && !request.force()) {
            throw new SnapshotException(ErrorCode.TARGET_NOT_EMPTY, "stream " + request.stream() + " already holds "
                    + Counted.of(existing.state().messages(), "message") + "; nothing was changed (use --force to delete and recreate it)");
        }
    }

    /**
     * Whether the target server accepts the configuration the restore will apply, and keeps all of
     * it (see {@link ConfigProbe}); shared with {@link RestoreDryRun}. Returns the notes to report:
     * a field the server would not keep refuses the restore, nothing changed, unless the request
     * allows the loss, when each such field is a note.
     */
    List<String> checkConfiguration(RestoreRequest request, RestorePlan plan, SnapshotHeader header, ServerVersion server,
                                    boolean serverSide, @Nullable SourceStream existing, Verified verified) {
        List<ConsumerSnapshot> consumers = request.consumers() ? header.consumers() : List.of();
        ConsumerPlacement.Target placed = ConsumerPlacement.Target.of(server, serverSide,
                ConsumerPlacement.retention(header.streamConfigJson()), verified.target().firstSequence(),
                verified.target().lastSequence());
        ConfigProbe.Findings findings = new ConfigProbe(api, server).check(request.stream(), plan, consumers,
                c -> ConsumerPlacement.of(c, placed).configJson(), serverSide, existing != null);
        return ConfigProbe.accept(findings, request.configLossAllowed(), server);
    }

    /**
     * Refuses, nothing changed, a restore whose messages do not fit in the target account's storage
     * limit (see {@link AccountRoom}); shared with {@link RestoreDryRun}.
     */
    void refuseNoRoom(String stream, RestorePlan plan, Verified verified, @Nullable SourceStream existing) {
        boolean memory = plan.memoryStorage();
        long placeholders = PlaceholderBound.needed(verified.loadFrom(), verified.target(),
                verified.summary().trailer().messageCount());
        long needed = verified.storedBytes()
                + placeholders * StoredSize.of(memory, plan.gapSubject().length(), 0, 0);
        long freed = existing != null && Leftover.replacedWhole(existing) ? freedByDelete(existing, memory) : 0;
        AccountRoom.refuse(AccountRoom.of(api.accountInfo(), memory, plan.replicas()), needed, freed, plan.replicas(),
                memory, stream);
    }

    /** What deleting {@code existing} gives back of one storage type, every replica counted. */
    private static long freedByDelete(SourceStream existing, boolean memory) {
        java.util.Map<String, io.nats.client.support.JsonValue> config = JsApi.parse(existing.configJson()).map;
        io.nats.client.support.JsonValue storage = config.get("storage");
        if (memory != (storage != null && "memory".equals(storage.string))) {
            return 0;
        }
        io.nats.client.support.JsonValue r = config.get("num_replicas");
        return existing.state().bytes() * (r != null && r.number != null ? Math.max(1, r.number.intValue()) : 1);
    }

    /**
     * The existing target's consumers (only an empty target is kept, and so has any), checked
     * against the snapshot's before anything changes.
     */
    static TargetConsumers targetConsumers(JsApi api, String stream, SnapshotHeader header, List<ConsumerSnapshot> consumers,
                                           @Nullable SourceStream existing) {
        boolean keptInPlace = existing != null && !Leftover.replacedWhole(existing);
        if (!keptInPlace || consumers.isEmpty()) {
            return TargetConsumers.none();
        }
        return TargetConsumers.of(stream, ConsumerPlacement.retention(header.streamConfigJson()), api.consumerNames(stream),
                consumers);
    }

    /** The restored stream as its consumers find it once the publishing restore has loaded it. */
    private ConsumerPlacement.Target loadedTarget(String stream, ServerVersion server, SnapshotHeader header) {
        SourceStream loaded = describe(stream);
        if (loaded == null) {
            throw new SnapshotException(ErrorCode.SERVER, "stream " + stream + " disappeared during the restore");
        }
        return ConsumerPlacement.Target.of(server, false, ConsumerPlacement.retention(header.streamConfigJson()),
                loaded.state().firstSequence(), loaded.state().lastSequence());
    }

    /**
     * @param firstSequence the first message's sequence (0 when there are none)
     * @param lastSequence the last message's sequence (0 when there are none)
     * @param target the sequences the restored stream must report
     * @param withTtl how many messages carry {@code Nats-TTL}
     * @param statusLines how many header blocks the publishing restore's target rewrites ({@link StatusLines})
     */
    public record Verified(SnapshotSummary summary, long firstSequence, long lastSequence, SequenceTarget target,
                    SubjectAnchors anchors, LastMsgIdAnchors msgIdAnchors, DuplicateTail duplicates, long withTtl,
                    long statusLines, long storedBytes, @Nullable String firstSubject) {
        /**
         * The first sequence the publishing restore publishes at: the first message's, or lower where
         * a placeholder must hold a subject or a message id that a later message's header expects.
         */
        public long loadFrom() {
            return Math.min(target.firstSequence(), Math.min(anchors.lowestBelow(target.firstSequence()),
                    msgIdAnchors.lowest()));
        }
    }

    private record Loaded(long placeholders) {
    }

    SnapshotHeader readHeader(SnapshotInput input) {
        try (InputStream in = input.open(); ManifestReader reader = open(in)) {
            return new CheckedReader(reader).header();
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read the snapshot: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the whole snapshot and checks it before anything changes: its digest, and (when the
     * messages are published back) the headers the server would act on again, as the target
     * stores them ({@code bucket} renames a bucket's subjects).
     */
    Verified verify(SnapshotInput input, String target, BucketRename bucket, ServerVersion server, boolean serverSide,
                    @Nullable RestorePlan plan, long maxPlaceholders, ProgressListener progress) {
        try (InputStream in = input.open(); ManifestReader reader = new PrefetchingReader(open(in))) {
            CheckedReader checked = new CheckedReader(reader);
            long[] withTtl = {0};
            long[] statusLines = {0};
            long[] storedBytes = {0};
            String[] firstSubject = {null};
            boolean memory = plan != null && plan.memoryStorage();
            SubjectAnchors anchors = new SubjectAnchors();
            LastMsgIdAnchors msgIdAnchors = new LastMsgIdAnchors();
            long[] previous = {0};
            long[] lastSeen = {0};
            // the first refusal of what the target cannot take: thrown once the whole snapshot is checked
            SnapshotException[] refusal = {null};
            long maxPayload = connection.getServerInfo().getMaxPayload();
            DuplicateTail duplicates = new DuplicateTail(plan != null ? plan.duplicateWindow() : Duration.ZERO, Instant.now());
            SnapshotSummary summary = checked.readAll("verify", stored -> {
                if (cancellation.isCancelled()) {
                    cancellation.check("the restore of stream " + target, " while it verified the snapshot; nothing was changed");
                }
                SnapshotMessage m = bucket.message(stored);
                if (m.headers().value(TTL) != null) {
                    withTtl[0]++;
                }
                String expectedLastId = m.headers().value(EXPECTED_LAST_MSG_ID);
                if (!serverSide && expectedLastId != null && m.sequence() > 1 && lastSeen[0] != m.sequence() - 1) {
                    // the placeholder the load puts before it carries that id (see LastMsgIdAnchors)
                    duplicates.placeholder(m.sequence() - 1, m.timestamp(), expectedLastId);
                }
                lastSeen[0] = m.sequence();
                duplicates.message(m.sequence(), m.timestamp(), m.headers().value(MSG_ID));
                if (firstSubject[0] == null) {
                    firstSubject[0] = m.subject();
                }
                storedBytes[0] += StoredSize.of(memory, m.subject().getBytes(StandardCharsets.UTF_8).length, m.headers().length(),
                        m.payload().length);
                if (serverSide || refusal[0] != null) {
                    return;
                }
                try {
                    checkPublishable(m, target, server, plan, maxPayload, previous, statusLines, anchors, msgIdAnchors);
                } catch (SnapshotException e) {
                    refusal[0] = e;
                }
            }, progress);
            long count = summary.trailer().messageCount();
            if (refusal[0] != null) {
                throw new TargetRefusal(refusal[0], summary.trailer());
            }
            SequenceTarget sequences = SequenceTarget.of(summary.header(), count, checked.firstSequence(), checked.lastSequence());
            if (!serverSide && plan != null && !plan.canFillGaps() && count > 0
                    && sequences.trailingGapAfter(checked.lastSequence())) {
                throw new TargetRefusal(gapsCannotBeKept(sequences.lastSequence()), summary.trailer());
            }
            Verified verified = new Verified(summary, checked.firstSequence(), checked.lastSequence(), sequences, anchors,
                    msgIdAnchors, duplicates, withTtl[0], statusLines[0], storedBytes[0], firstSubject[0]);
            if (!serverSide) {
                try {
                    PlaceholderBound.refuse(PlaceholderBound.needed(verified.loadFrom(), sequences, count), maxPlaceholders,
                            sequences);
                } catch (SnapshotException e) {
                    throw new TargetRefusal(e, summary.trailer());
                }
            }
            return verified;
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read the snapshot: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a message the publishing restore cannot put back as it was into this target, and
     * notes what the load must know of it (status lines, expected-last anchors).
     */
    private static void checkPublishable(SnapshotMessage m, String target, ServerVersion server, @Nullable RestorePlan plan,
                                         long maxPayload, long[] previous, long[] statusLines, SubjectAnchors anchors,
                                         LastMsgIdAnchors msgIdAnchors) {
        if (plan != null && !plan.loadsUnderPrivateSubjects() && !plan.takes(m.subject())) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "message " + m.sequence() + " has subject "
                    + m.subject() + ", which the stream's subjects " + plan.finalSubjects() + " do not take (it "
                    + "was stored before the subjects were changed, rewritten by a subject transform, or copied in "
                    + "by a source); nats-server " + server + " can store a published message only under a subject "
                    + "the stream takes; nothing was changed (restore into nats-server 2.10 or newer)");
        }
        long size = m.payload().length + m.headers().length();
        if (maxPayload > 0 && size > maxPayload) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "message " + m.sequence() + " is " + size
                    + " bytes with its headers, more than the server's max_payload of " + maxPayload
                    + " bytes, so it cannot be published back; nothing was changed (raise max_payload on the "
                    + "target server)");
        }
        if (plan != null && !plan.canFillGaps() && previous[0] > 0 && m.sequence() > previous[0] + 1) {
            throw gapsCannotBeKept(m.sequence());
        }
        previous[0] = m.sequence();
        if (StatusLines.rewrittenOnPublish(server, m.headers())) {
            statusLines[0]++;
        }
        msgIdAnchors.message(m.sequence(), m.headers().value(EXPECTED_LAST_MSG_ID));
        String lastSubjectSequence = m.headers().value(EXPECTED_LAST_SUBJECT_SEQUENCE);
        if (lastSubjectSequence != null) {
            String subject = m.headers().value(EXPECTED_LAST_SUBJECT_SEQUENCE_SUBJECT);
            anchors.expect(parseSequence(lastSubjectSequence), subject != null ? subject : m.subject());
        }
        if (server.atLeast(2, 15) && m.headers().value(STREAM_SOURCE) != null) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "message " + m.sequence() + " carries "
                    + STREAM_SOURCE + " (it was copied in by stream sourcing), which nats-server " + server
                    + " accepts only from its own sourcing; nothing was changed (restore it into a server older "
                    + "than 2.15)");
        }
        for (String header : NOT_REPUBLISHABLE) {
            if (m.headers().value(header) != null) {
                throw new SnapshotException(ErrorCode.UNSUPPORTED, "message " + m.sequence() + " carries " + header
                        + ", which the server would act on again (a counter increment or an atomic batch) instead of "
                        + "storing the message as it was; restoring such streams is not supported yet; nothing was changed");
            }
        }
        String expectedStream = m.headers().value(EXPECTED_STREAM);
        if (expectedStream != null && !expectedStream.equals(target)) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "message " + m.sequence() + " carries "
                    + EXPECTED_STREAM + ": " + expectedStream + ", which the server refuses in a stream named "
                    + target + "; nothing was changed (restore under the name " + expectedStream + ")");
        }
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
             InputStream in = input.open(); ManifestReader reader = open(in);
             ReadAhead checked = new ReadAhead(new CheckedReader(reader))) {
            long total = verified.summary().trailer().messageCount();
            long count = 0;
            long payloadBytes = 0;
            SnapshotMessage m;
            while ((m = checked.next()) != null) {
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
            SnapshotSummary again = checked.finish();
            if (!again.trailer().digest().equals(verified.summary().trailer().digest())) {
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

    private static SnapshotException gapsCannotBeKept(long sequence) {
        return new SnapshotException(ErrorCode.UNSUPPORTED, "the snapshot has a sequence gap before sequence " + sequence
                + " and its stream takes no subjects, so the publishing restore cannot keep the gap; nothing was changed");
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
     * Whether to restore through the server's own restore API: it needs nats-server 2.15 and a
     * stream that does not exist (an existing one is deleted only when it has to be replaced
     * anyway; an empty one with consumers is updated in place by the publishing restore).
     */
    static boolean serverSide(RestoreRequest request, ServerVersion server, @Nullable SourceStream existing) {
        boolean replaceable = existing == null || Leftover.replacedWhole(existing);
        switch (request.method()) {
            case PUBLISH:
                return false;
            case SERVER:
                if (!ServerSideRestore.supported(server)) {
                    throw new SnapshotException(ErrorCode.UNSUPPORTED, "the server-side restore needs nats-server 2.15 or "
                            + "newer; this server is " + server + "; nothing was changed (use the publishing restore)");
                }
                if (!replaceable) {
                    throw new SnapshotException(ErrorCode.UNSUPPORTED, "stream " + request.stream() + " exists and is "
                            + "empty; the server-side restore creates the stream itself; nothing was changed (delete it "
                            + "first, or use the publishing restore)");
                }
                return true;
            default:
                return ServerSideRestore.supported(server) && replaceable;
        }
    }

    private RestoreResult restoreServerSide(RestoreRequest request, RestorePlan plan, BucketRename bucket, SnapshotHeader header,
                                            @Nullable SourceStream existing, SnapshotInput input, Verified verified,
                                            List<String> configNotes, ProgressListener progress, long started) {
        String action = "created";
        if (existing != null) {
            api.deleteStream(request.stream());
            action = existing.state().messages() > 0 ? "recreated" : "replaced";
        }
        List<ConsumerSnapshot> consumers = request.consumers() ? header.consumers() : List.of();
        SnapshotSummary summary = verified.summary();
        ServerSideRestore.Shape shape = new ServerSideRestore.Shape(summary.trailer().messageCount(),
                summary.trailer().payloadBytes(), verified.target().firstSequence(), verified.target().lastSequence());
        ServerSideRestore serverRestore = new ServerSideRestore(connection, api, options.requestTimeout());
        ConsumerPlacement.Target target = ConsumerPlacement.Target.of(ServerVersion.of(connection), true,
                ConsumerPlacement.retention(header.streamConfigJson()), shape.firstSequence(), shape.lastSequence());
        try (InputStream in = input.open(); ManifestReader reader = new PrefetchingReader(open(in))) {
            ServerSideRestore.Upload upload = serverRestore.start(request.stream(), plan.finalConfigJson(), shape, consumers,
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
            new ConsumerRestorer(api).restore(request.stream(), ServerSideRestore.afterwards(consumers, target), target);
        } catch (IOException e) {
            throw partly(request, new SnapshotException(ErrorCode.IO, "could not read the snapshot: " + e.getMessage(), e));
        } catch (RuntimeException failure) {
            SnapshotException e = failure instanceof SnapshotException se ? se : connectionFailed(failure);
            awaitConnection();
            SourceStream partial = describeQuietly(request.stream());
            if (partial != null && e.code() == ErrorCode.INTERRUPTED && cancellation.isCancelled()) {
                throw withdrawn(request.stream(), partial, e);
            }
            if (partial != null) {
                throw partly(request, e);
            }
            if (existing != null) {
                throw new SnapshotException(e.code(), e.getMessage() + "; stream " + request.stream()
                        + " was deleted to be replaced and is not restored: run the restore again", e, e.serverErrorCode());
            }
            throw nothingChanged(e);
        }
        List<String> notes = new ArrayList<>(configNotes);
        bucket.note().ifPresent(notes::add);
        notes.addAll(ConsumerPlacement.notes(consumers, target));
        idsForgotten(verified.duplicates()).ifPresent(notes::add);
        try {
            checkRestored(request.stream(), verified, plan.expires(), notes);
        } catch (SnapshotException e) {
            throw partly(request, e);
        }
        return new RestoreResult(request.stream(), action, RestoreRequest.Method.SERVER, summary, summary.trailer().messageCount(),
                summary.trailer().payloadBytes(), 0, consumers.size(), notes, Duration.ofNanos(System.nanoTime() - started),
                Origins.of(connection, options.apiPrefix()));
    }

    /**
     * A failure to create the target: nothing was changed. The server reports overlapping subjects
     * itself (err_code 10065), or inside a failed restore's message.
     */
    private static SnapshotException nothingChanged(SnapshotException e) {
        boolean overlap = e.serverErrorCode() == SUBJECTS_OVERLAP || e.getMessage().contains("subjects overlap");
        return new SnapshotException(e.code(), e.getMessage() + "; nothing was changed" + (overlap ? " (to clone a stream "
                + "beside its original, give the clone other subjects with --subjects)" : ""), e, e.serverErrorCode());
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
     * A server-side restore asked to stop: the stream the server was building takes the snapshot's
     * final configuration, subjects and consumers, so applications would take it for the restored
     * one. It holds nothing but part of the snapshot, which is unchanged, so it is deleted again.
     */
    private SnapshotException withdrawn(String stream, SourceStream partial, SnapshotException e) {
        try {
            api.deleteStream(stream);
        } catch (RuntimeException notDeleted) {
            return partly(RestoreRequest.of(stream), e);
        }
        return new SnapshotException(e.code(), e.getMessage() + "; the server had restored " + partial.state().messages()
                + " of its messages into stream " + stream + ", which was deleted again, so it does not exist now; "
                + "the snapshot is unchanged: run the same restore again", e, e.serverErrorCode());
    }

    /** A failure after the target was changed: says what the target holds now, and what to do. */
    private SnapshotException partly(RestoreRequest request, SnapshotException e) {
        return new PartialRestoreException(e, e.getMessage() + "; stream " + request.stream() + " is only partly restored ("
                + stateNow(request.stream()) + ")" + RESTORE_AGAIN, true);
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
        awaitConnection();
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
                : done.configured ? RESTORE_AGAIN : Leftover.nextRestore(plan.loadsUnderPrivateSubjects());
        return new PartialRestoreException(e, e.getMessage() + "; stream " + stream + " is only partly restored ("
                + stateNow(stream) + "; " + snapshot + "), " + configuration + next, outOfStorage || !recognised);
    }

    /** A failure of jnats itself (a lost connection, a full reconnect buffer) as a one-line error. */
    private static SnapshotException connectionFailed(RuntimeException e) {
        return new SnapshotException(ErrorCode.SERVER, "the connection to the server failed during the restore ("
                + e.getMessage() + ")", e);
    }

    /** What the target holds now, once the connection is back (waiting a bounded time for it). */
    private String stateNow(String stream) {
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

    private @Nullable SourceStream describeQuietly(String stream) {
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
    private void awaitConnection() {
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

    private void checkRestored(String stream, Verified verified) {
        checkRestored(stream, verified, false, new ArrayList<>());
    }

    /**
     * @param expires messages may have outlived their time (the originals' timestamps were kept,
     *     and the stream has a maximum age or messages carry Nats-TTL): the server removes them, as
     *     it would have in the original stream, and a note says how many
     */
    private void checkRestored(String stream, Verified verified, boolean expires, List<String> notes) {
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

    private static long parseSequence(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Nullable SourceStream describe(String stream) {
        String info = api.streamInfoText(stream);
        return info == null ? null : SourceStream.fromInfo(stream, info);
    }

    private ManifestReader open(InputStream in) throws IOException {
        Codecs.Detected detected = codecs.detect(in);
        return detected.codec().newReader(detected.stream());
    }

    /**
     * Reads and checks the snapshot (decoding, digest) on a thread of its own while this one
     * publishes, so the two share the work; see {@link MessageBatches} for how much is held.
     */
    private static final class ReadAhead implements AutoCloseable {
        private final MessageBatches batches = new MessageBatches();
        private final Thread thread;
        private volatile SnapshotSummary summary;
        private List<SnapshotMessage> batch = List.of();
        private int index;

        ReadAhead(CheckedReader checked) {
            thread = MessageBatches.start("jetsnap-restore-reader", () -> run(checked));
        }

        @org.jspecify.annotations.Nullable SnapshotMessage next() throws IOException {
            while (index == batch.size()) {
                List<SnapshotMessage> b = batches.take();
                if (b == null) {
                    return null;
                }
                batch = b;
                index = 0;
            }
            return batch.get(index++);
        }

        /** After {@link #next()} returned null: the count, payload bytes and digest, checked against the trailer. */
        SnapshotSummary finish() {
            return summary;
        }

        @Override
        public void close() {
            MessageBatches.stop(thread);
        }

        private void run(CheckedReader checked) {
            try {
                checked.header();
                SnapshotMessage m;
                while ((m = checked.next()) != null) {
                    batches.add(m);
                }
                summary = checked.finish();
                batches.end();
            } catch (SnapshotException e) {
                if (e.code() != ErrorCode.INTERRUPTED) {
                    batches.fail(e);
                }
            } catch (Throwable t) {
                batches.fail(t);
            }
        }
    }
}

package io.jetsnap.core.restore;

import io.jetsnap.core.Cancellation;
import io.jetsnap.core.Counted;
import io.jetsnap.core.EngineOptions;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.RestorePreview;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.Origins;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.jetstream.SourceStream;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.read.SnapshotInput;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.restore.consumers.ConsumerPlacement;
import io.jetsnap.core.restore.consumers.TargetConsumers;
import io.jetsnap.core.restore.plan.LoadMark;
import io.jetsnap.core.restore.plan.RestorePlan;
import io.jetsnap.core.restore.plan.SubjectOverlap;
import io.jetsnap.core.restore.publish.PublishProbe;
import io.jetsnap.core.restore.verify.StatusLines;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Works out what {@link StreamRestorer#restore} would do, through the same checks and the same
 * verify pass, and stops before the first change: it only reads the snapshot and asks the server
 * about the target stream.
 */
public final class RestoreDryRun {
    private final Connection connection;
    private final StreamRestorer restorer;
    private final JsApi api;
    private final EngineOptions options;

    public RestoreDryRun(Connection connection, Codecs codecs, EngineOptions options) {
        this(connection, codecs, options, Cancellation.create());
    }

    /** @param cancellation looked at before each message of the verify pass; see {@link Cancellation} */
    public RestoreDryRun(Connection connection, Codecs codecs, EngineOptions options, Cancellation cancellation) {
        this.connection = connection;
        this.restorer = new StreamRestorer(connection, codecs, options, cancellation);
        this.api = new JsApi(connection, options.apiPrefix(), options.requestTimeout());
        this.options = options;
    }

    public RestorePreview preview(RestoreRequest asked, SnapshotInput input, ProgressListener progress) {
        SnapshotHeader read = restorer.readHeader(input);
        SnapshotHeader header = read;
        SourceStream existing = restorer.describe(asked.stream());
        Optional<Leftover> leftover = Leftover.of(existing);
        RestoreRequest request = Leftover.request(asked, leftover, read);
        long existingMessages = existing == null ? -1 : existing.state().messages();
        ServerVersion server = ServerVersion.of(connection);
        List<ConsumerSnapshot> snapshotConsumers = request.consumers() ? header.consumers() : List.of();
        List<String> consumers = snapshotConsumers.stream().map(ConsumerSnapshot::name).toList();
        List<String> reasons = new ArrayList<>();
        leftover.ifPresent(l -> reasons.add(l.previewNote(read)));
        Origins.elsewhere(read.origin(), Origins.of(connection, options.apiPrefix())).ifPresent(reasons::add);
        boolean serverSide;
        BucketRename bucket = BucketRename.none();
        RestorePlan plan;
        TargetConsumers targetConsumers;
        try {
            bucket = BucketRename.of(read.streamConfigJson(), request.stream(), request.subjects() != null);
            header = bucket.header(read);
            serverSide = StreamRestorer.serverSide(request, server, existing);
            plan = new RestorePlan(request.stream(), header.streamConfigJson(), request.replicas(),
                    request.subjects(), request.placement(), request.standalone(), request.consumers() && !header.consumers().isEmpty(), serverSide,
                    server);
            Leftover.refuseOther(asked, leftover, read);
            StreamRestorer.refuseEarly(request, plan, server, serverSide, existing);
            SubjectOverlap.refuse(api, request.stream(), plan);
            ConsumerPlacement.refuseNoRoomToHold(request.stream(), header.streamConfigJson(), snapshotConsumers.size(), serverSide);
            targetConsumers = StreamRestorer.targetConsumers(api, request.stream(), header, snapshotConsumers, existing);
        } catch (SnapshotException e) {
            reasons.add(reason(e));
            // a refusal on the header alone: the snapshot is still verified, as a restore would after fixing it
            Checked checked = verifyOnly(request, input, bucket, server, false, null, progress, reasons);
            return new RestorePreview(request.stream(), "refuse", null, existingMessages, header, checked.trailer(), consumers,
                    reasons);
        }
        RestoreRequest.Method method = serverSide ? RestoreRequest.Method.SERVER : RestoreRequest.Method.PUBLISH;
        Checked checked = verifyOnly(request, input, bucket, server, serverSide, plan, progress, reasons);
        StreamRestorer.Verified verified = checked.verified();
        if (verified == null) {
            return new RestorePreview(request.stream(), "refuse", method, existingMessages, header, checked.trailer(), consumers,
                    reasons);
        }
        SnapshotTrailer trailer = verified.summary().trailer();
        bucket.note().ifPresent(reasons::add);
        try {
            Leftover.refuseOtherDigest(asked, leftover, verified.summary());
            plan.mark(LoadMark.of(verified.summary(), java.time.Instant.now()));
            reasons.addAll(restorer.checkConfiguration(request, plan, header, server, serverSide, existing, verified));
            restorer.refuseNoRoom(request.stream(), plan, verified, existing);
            if (!serverSide) {
                PublishProbe.refuseDenied(connection, plan, verified, options.requestTimeout());
                if (!plan.loadsUnderPrivateSubjects()) {
                    reasons.add("not known in advance: " + PublishProbe.UNPROBED);
                }
            }
            reasons.add("not known in advance: " + AccountRoom.UNKNOWABLE);
        } catch (SnapshotException e) {
            reasons.add(reason(e));
            return new RestorePreview(request.stream(), "refuse", method, existingMessages, header, trailer, consumers, reasons);
        }
        if (existing != null) {
            reasons.add(existingMessages > 0 || existing.state().lastSequence() > 0
                    ? "stream " + request.stream() + " would be deleted (" + Counted.of(existingMessages, "message") + ") and recreated"
                    : "the empty stream " + request.stream() + " would take the snapshot's configuration");
        }
        reasons.addAll(targetConsumers.notes());
        StatusLines.note(verified.statusLines(), server).ifPresent(reasons::add);
        // the restore leaves the stream at the snapshot's sequences
        ConsumerPlacement.Target target = ConsumerPlacement.Target.of(server, serverSide,
                ConsumerPlacement.retention(header.streamConfigJson()), verified.target().firstSequence(),
                verified.target().lastSequence());
        reasons.addAll(ConsumerPlacement.notes(snapshotConsumers, target));
        return new RestorePreview(request.stream(), existing == null ? "create" : "replace", method, existingMessages, header,
                trailer, consumers, reasons);
    }

    /**
     * What the verify pass found: what the load needs, or nothing when the restore would be
     * refused; the snapshot's trailer when it checked out (also when the target cannot take it).
     */
    private record Checked(StreamRestorer.@Nullable Verified verified, @Nullable SnapshotTrailer trailer) {
    }

    /** The restore's verify pass; nothing verified (and the reason added) when the restore would be refused. */
    private Checked verifyOnly(RestoreRequest request, SnapshotInput input, BucketRename bucket,
                                                         ServerVersion server, boolean serverSide, @Nullable RestorePlan plan,
                                                         ProgressListener progress, List<String> reasons) {
        try {
            StreamRestorer.Verified verified = restorer.verify(input, request.stream(), bucket, server, serverSide, plan,
                    request.maxPlaceholders(), progress);
            return new Checked(verified, verified.summary().trailer());
        } catch (TargetRefusal e) {
            reasons.add(reason(e));
            return new Checked(null, e.trailer());
        } catch (SnapshotException e) {
            if (e.code() == ErrorCode.INTERRUPTED) {
                throw e; // stopped: no answer to give
            }
            reasons.add(reason(e));
            return new Checked(null, null);
        }
    }

    /** A refusal as the restore would word it, less "nothing was changed", which a dry run always says. */
    private static String reason(SnapshotException e) {
        return e.getMessage().replace("; nothing was changed", "");
    }
}

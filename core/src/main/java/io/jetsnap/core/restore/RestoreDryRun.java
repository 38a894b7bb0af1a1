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
import io.jetsnap.core.restore.plan.BucketRename;
import io.jetsnap.core.restore.plan.LoadMark;
import io.jetsnap.core.restore.plan.RestorePlan;
import io.jetsnap.core.restore.plan.SubjectOverlap;
import io.jetsnap.core.restore.publish.PublishProbe;
import io.jetsnap.core.restore.verify.StatusLines;
import io.jetsnap.core.restore.verify.TargetRefusal;
import io.jetsnap.core.restore.verify.Verified;
import io.nats.client.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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
        this.api = restorer.api();
        this.options = options;
    }

    public RestorePreview preview(RestoreRequest asked, SnapshotInput input, ProgressListener progress) {
        SnapshotHeader read = restorer.readHeader(input);
        SourceStream existing = restorer.targetState().describe(asked.stream());
        List<String> reasons = new ArrayList<>();
        Leftover.of(existing).ifPresent(l -> reasons.add(l.previewNote(read)));
        Origins.elsewhere(read.origin(), Origins.of(connection, options.apiPrefix())).ifPresent(reasons::add);
        ServerVersion server = ServerVersion.of(connection);
        RestoreSetup setup;
        try {
            setup = RestoreSetup.of(asked, read, existing, server);
        } catch (SnapshotException e) {
            reasons.add(reason(e));
            Checked checked = verifyOnly(input, asked.stream(), BucketRename.none(), server,
                    asked.method() == RestoreRequest.Method.SERVER, null, asked.maxPlaceholders(), progress, reasons);
            return refused(asked.stream(), existing, read, checked, List.of(), reasons);
        }
        RestoreRequest request = setup.request();
        SnapshotHeader header = setup.header();
        long existingMessages = existing == null ? -1 : existing.state().messages();
        List<String> consumers = consumerNames(setup);
        TargetConsumers targetConsumers;
        try {
            setup.refuseEarly();
            SubjectOverlap.refuse(api, request.stream(), setup.plan());
            targetConsumers = setup.targetConsumers(api);
        } catch (SnapshotException e) {
            reasons.add(reason(e));
            // a refusal on the header alone: the snapshot is still verified, as a restore would after
            // the cause is fixed, by the method it would take (a server-side restore raises none of
            // the publishing restore's refusals)
            Checked checked = verifyOnly(input, request.stream(), setup.bucket(), server, setup.serverSide(), null,
                    request.maxPlaceholders(), progress, reasons);
            return refused(request.stream(), existing, header, checked, consumers, reasons);
        }
        RestoreRequest.Method method = setup.method();
        Checked checked = verifyOnly(input, request.stream(), setup.bucket(), server, setup.serverSide(), setup.plan(),
                request.maxPlaceholders(), progress, reasons);
        Verified verified = checked.verified();
        if (verified == null) {
            return new RestorePreview(request.stream(), "refuse", method, existingMessages, header, checked.trailer(), consumers,
                    reasons);
        }
        SnapshotTrailer trailer = verified.summary().trailer();
        setup.bucket().note().ifPresent(reasons::add);
        try {
            Leftover.refuseOtherDigest(asked, setup.leftover(), verified.summary());
            setup.plan().mark(LoadMark.of(verified.summary(), Instant.now()));
            reasons.addAll(setup.checkConfiguration(api, verified));
            setup.refuseNoRoom(api, verified);
            if (!setup.serverSide()) {
                PublishProbe.refuseDenied(connection, setup.plan(), verified, options.requestTimeout());
                if (!setup.plan().loadsUnderPrivateSubjects()) {
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
        ConsumerPlacement.Target target = ConsumerPlacement.Target.of(server, setup.serverSide(),
                ConsumerPlacement.retention(header.streamConfigJson()), verified.target().firstSequence(),
                verified.target().lastSequence());
        reasons.addAll(ConsumerPlacement.notes(setup.consumers(), target));
        return new RestorePreview(request.stream(), existing == null ? "create" : "replace", method, existingMessages, header,
                trailer, consumers, reasons);
    }

    /** A refusal before the method was decided (so it names none). */
    private static RestorePreview refused(String stream, @Nullable SourceStream existing, SnapshotHeader header, Checked checked,
                                          List<String> consumers, List<String> reasons) {
        return new RestorePreview(stream, "refuse", null, existing == null ? -1 : existing.state().messages(), header,
                checked.trailer(), consumers, reasons);
    }

    private static List<String> consumerNames(RestoreSetup setup) {
        return setup.consumers().stream().map(ConsumerSnapshot::name).toList();
    }

    /**
     * What the verify pass found: what the load needs, or nothing when the restore would be
     * refused; the snapshot's trailer when it checked out (also when the target cannot take it).
     */
    private record Checked(@Nullable Verified verified, @Nullable SnapshotTrailer trailer) {
    }

    /** The restore's verify pass; nothing verified (and the reason added) when the restore would be refused. */
    private Checked verifyOnly(SnapshotInput input, String stream, BucketRename bucket, ServerVersion server, boolean serverSide,
                               @Nullable RestorePlan plan, long maxPlaceholders, ProgressListener progress, List<String> reasons) {
        return checked(() -> restorer.verifyPass().verify(input, stream, bucket, server, serverSide, plan, maxPlaceholders,
                progress), reasons);
    }

    private static Checked checked(Supplier<Verified> pass, List<String> reasons) {
        try {
            Verified verified = pass.get();
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

package io.jetsnap.core.engine;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.registry.Codecs;
import io.nats.client.Connection;
import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.List;
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

    public RestoreDryRun(Connection connection, Codecs codecs, EngineOptions options) {
        this.connection = connection;
        this.restorer = new StreamRestorer(connection, codecs, options);
        this.api = new JsApi(connection, options.apiPrefix(), options.requestTimeout());
    }

    public RestorePreview preview(RestoreRequest request, SnapshotInput input, ProgressListener progress) {
        SnapshotHeader header = restorer.readHeader(input);
        SourceStream existing = restorer.describe(request.stream());
        long existingMessages = existing == null ? -1 : existing.state().messages();
        ServerVersion server = ServerVersion.of(connection);
        List<ConsumerSnapshot> snapshotConsumers = request.consumers() ? header.consumers() : List.of();
        List<String> consumers = snapshotConsumers.stream().map(ConsumerSnapshot::name).toList();
        List<String> reasons = new ArrayList<>();
        boolean serverSide;
        TargetConsumers targetConsumers;
        try {
            serverSide = StreamRestorer.serverSide(request, server, existing);
            RestorePlan plan = new RestorePlan(request.stream(), header.streamConfigJson(), request.replicas(), request.subjects(),
                    request.standalone(), request.consumers() && !header.consumers().isEmpty(), serverSide);
            StreamRestorer.refuseEarly(request, plan, server, serverSide, existing);
            refuseOverlap(request.stream(), plan);
            ConsumerPlacement.refuseNoRoomToHold(request.stream(), header.streamConfigJson(), snapshotConsumers.size(), serverSide);
            targetConsumers = StreamRestorer.targetConsumers(api, request.stream(), header, snapshotConsumers, existing);
        } catch (SnapshotException e) {
            reasons.add(reason(e));
            // a refusal on the header alone: the snapshot is still verified, as a restore would after fixing it
            StreamRestorer.Verified verified = verifyOnly(request, input, server, false, progress, reasons);
            return new RestorePreview(request.stream(), "refuse", null, existingMessages, header,
                    verified == null ? null : verified.summary().trailer(), consumers, reasons);
        }
        RestoreRequest.Method method = serverSide ? RestoreRequest.Method.SERVER : RestoreRequest.Method.PUBLISH;
        StreamRestorer.Verified verified = verifyOnly(request, input, server, serverSide, progress, reasons);
        if (verified == null) {
            return new RestorePreview(request.stream(), "refuse", method, existingMessages, header, null, consumers, reasons);
        }
        if (existing != null) {
            reasons.add(existingMessages > 0 || existing.state().lastSequence() > 0
                    ? "stream " + request.stream() + " would be deleted (" + existingMessages + " messages) and recreated"
                    : "the empty stream " + request.stream() + " would take the snapshot's configuration");
        }
        reasons.addAll(targetConsumers.notes());
        // the publishing restore leaves the stream at the snapshot's sequences
        ConsumerPlacement.Target target = ConsumerPlacement.Target.of(server, serverSide,
                ConsumerPlacement.retention(header.streamConfigJson()), verified.firstSequence(), verified.lastSequence());
        reasons.addAll(ConsumerPlacement.notes(snapshotConsumers, target));
        SnapshotTrailer trailer = verified.summary().trailer();
        return new RestorePreview(request.stream(), existing == null ? "create" : "replace", method, existingMessages, header,
                trailer, consumers, reasons);
    }

    /**
     * The server refuses to create a stream whose subjects overlap another's; a restore finds out
     * only when it creates the target, the dry run asks beforehand.
     */
    private void refuseOverlap(String target, RestorePlan plan) {
        JsonValue subjects = JsApi.parse(plan.finalConfigJson()).map.get("subjects");
        if (subjects == null || subjects.array == null) {
            return;
        }
        for (JsonValue subject : subjects.array) {
            for (String other : api.streamNamesOverlapping(subject.string)) {
                if (!other.equals(target)) {
                    throw new SnapshotException(ErrorCode.BAD_INPUT, "subject " + subject.string + " overlaps stream "
                            + other + "'s subjects, so the server would refuse to create stream " + target + " (to clone a "
                            + "stream beside its original, give the clone other subjects with --subjects)");
                }
            }
        }
    }

    /** The restore's verify pass; null (and the reason added) when the snapshot would be refused. */
    private StreamRestorer.@Nullable Verified verifyOnly(RestoreRequest request, SnapshotInput input, ServerVersion server,
                                                 boolean serverSide, ProgressListener progress, List<String> reasons) {
        try {
            return restorer.verify(input, request.stream(), server, serverSide, progress);
        } catch (SnapshotException e) {
            reasons.add(reason(e));
            return null;
        }
    }

    /** A refusal as the restore would word it, less "nothing was changed", which a dry run always says. */
    private static String reason(SnapshotException e) {
        return e.getMessage().replace("; nothing was changed", "");
    }
}

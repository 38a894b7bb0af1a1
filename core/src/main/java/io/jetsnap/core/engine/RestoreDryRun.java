package io.jetsnap.core.engine;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.registry.Codecs;
import io.nats.client.Connection;
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
        List<String> consumers = request.consumers() ? header.consumers().stream().map(ConsumerSnapshot::name).toList() : List.of();
        List<String> reasons = new ArrayList<>();
        boolean serverSide;
        BucketRename bucket = BucketRename.none();
        RestorePlan plan;
        try {
            bucket = BucketRename.of(header.streamConfigJson(), request.stream(), request.subjects() != null);
            serverSide = StreamRestorer.serverSide(request, server, existing);
            plan = new RestorePlan(request.stream(), bucket.header(header).streamConfigJson(), request.replicas(),
                    request.subjects(), request.standalone(), request.consumers() && !header.consumers().isEmpty(), serverSide,
                    server);
            StreamRestorer.refuseEarly(request, plan, server, serverSide, existing);
            SubjectOverlap.refuse(api, request.stream(), plan);
        } catch (SnapshotException e) {
            reasons.add(reason(e));
            // a refusal on the header alone: the snapshot is still verified, as a restore would after fixing it
            SnapshotTrailer trailer = verifyOnly(request, input, bucket, server, false, null, progress, reasons);
            return new RestorePreview(request.stream(), "refuse", null, existingMessages, header, trailer, consumers, reasons);
        }
        RestoreRequest.Method method = serverSide ? RestoreRequest.Method.SERVER : RestoreRequest.Method.PUBLISH;
        SnapshotTrailer trailer = verifyOnly(request, input, bucket, server, serverSide, plan, progress, reasons);
        if (trailer == null) {
            return new RestorePreview(request.stream(), "refuse", method, existingMessages, header, null, consumers, reasons);
        }
        bucket.note().ifPresent(reasons::add);
        try {
            reasons.addAll(restorer.checkConfiguration(request, plan, header, server, serverSide, existing));
        } catch (SnapshotException e) {
            reasons.add(reason(e));
            return new RestorePreview(request.stream(), "refuse", method, existingMessages, header, trailer, consumers, reasons);
        }
        if (existing != null) {
            reasons.add(existingMessages > 0 || existing.state().lastSequence() > 0
                    ? "stream " + request.stream() + " would be deleted (" + existingMessages + " messages) and recreated"
                    : "the empty stream " + request.stream() + " would take the snapshot's configuration");
        }
        if (!consumers.isEmpty() && !serverSide && !server.atLeast(2, 14)) {
            reasons.add("nats-server " + server + " cannot move a consumer: the consumers would start by_start_sequence "
                    + "after their ack floor");
        }
        return new RestorePreview(request.stream(), existing == null ? "create" : "replace", method, existingMessages, header,
                trailer, consumers, reasons);
    }

    /** The restore's verify pass; null (and the reason added) when the snapshot would be refused. */
    private @Nullable SnapshotTrailer verifyOnly(RestoreRequest request, SnapshotInput input, BucketRename bucket,
                                                 ServerVersion server, boolean serverSide, @Nullable RestorePlan plan,
                                                 ProgressListener progress, List<String> reasons) {
        try {
            return restorer.verify(input, request.stream(), bucket, server, serverSide, plan, progress).summary().trailer();
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

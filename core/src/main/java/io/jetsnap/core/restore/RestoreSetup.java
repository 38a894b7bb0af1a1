package io.jetsnap.core.restore;

import io.jetsnap.core.Counted;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.jetstream.SourceStream;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.read.SnapshotInput;
import io.jetsnap.core.restore.consumers.ConsumerPlacement;
import io.jetsnap.core.restore.consumers.TargetConsumers;
import io.jetsnap.core.restore.plan.BucketRename;
import io.jetsnap.core.restore.plan.ConfigProbe;
import io.jetsnap.core.restore.plan.RestorePlan;
import io.jetsnap.core.restore.serverside.RestoreApi;
import io.jetsnap.core.restore.verify.StoredSize;
import io.jetsnap.core.restore.verify.Verified;
import io.jetsnap.core.restore.verify.VerifyPass;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a restore decides from the snapshot's header and the target before it reads a message:
 * the target and what is left of an earlier restore in it, the method, and the plan of the
 * configuration. Built once and shared by the restore and its dry run, with the checks that need
 * nothing more (every one refuses before anything changes).
 *
 * @param asked the request as the caller made it
 * @param request as the restore carries it out (an interrupted restore of the same snapshot is replaced: {@link Leftover})
 * @param read the snapshot's header as read
 * @param header as the target gets it ({@code bucket} renames a bucket's stream)
 * @param existing the target stream, or null when there is none
 * @param serverSide whether the messages go back through the server's restore API, else published
 */
record RestoreSetup(RestoreRequest asked, RestoreRequest request, SnapshotHeader read, BucketRename bucket,
                    SnapshotHeader header, @Nullable SourceStream existing, Optional<Leftover> leftover,
                    ServerVersion server, boolean serverSide, RestorePlan plan) {

    /**
     * Looks the target up and plans the restore. Refuses nothing the caller could fix (see
     * {@link #refuseEarly()}): a method the server does not have is planned as asked.
     */
    static RestoreSetup of(RestoreRequest asked, SnapshotHeader read, @Nullable SourceStream existing, ServerVersion server) {
        BucketRename bucket = BucketRename.of(read.streamConfigJson(), asked.stream(), asked.subjects() != null);
        SnapshotHeader header = bucket.header(read);
        Optional<Leftover> leftover = Leftover.of(existing);
        RestoreRequest request = Leftover.request(asked, leftover, read);
        boolean serverSide;
        try {
            serverSide = serverSide(request, server, existing);
        } catch (SnapshotException refusedLater) {
            serverSide = request.method() == RestoreRequest.Method.SERVER;
        }
        RestorePlan plan = new RestorePlan(request.stream(), header.streamConfigJson(), request.replicas(), request.subjects(),
                request.placement(), request.standalone(), request.consumers() && !header.consumers().isEmpty(), serverSide,
                server);
        return new RestoreSetup(asked, request, read, bucket, header, existing, leftover, server, serverSide, plan);
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
                if (!RestoreApi.supported(server)) {
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
                return RestoreApi.supported(server) && replaceable;
        }
    }

    RestoreRequest.Method method() {
        return serverSide ? RestoreRequest.Method.SERVER : RestoreRequest.Method.PUBLISH;
    }

    /** The snapshot's consumers the restore puts back. */
    List<ConsumerSnapshot> consumers() {
        return request.consumers() ? header.consumers() : List.of();
    }

    /** The refusals that need only the header and the target's state. */
    void refuseEarly() {
        Leftover.refuseOther(asked, leftover, read);
        serverSide(request, server, existing);
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
        ConsumerPlacement.refuseNoRoomToHold(request.stream(), header.streamConfigJson(), consumers().size(), serverSide);
    }

    /** The restore's verify pass (see {@link VerifyPass}) for this target and method. */
    Verified verify(VerifyPass pass, SnapshotInput input, ProgressListener progress) {
        return pass.verify(input, request.stream(), bucket, server, serverSide, plan, request.maxPlaceholders(), progress);
    }

    /**
     * The existing target's consumers (only an empty target is kept, and so has any), checked
     * against the snapshot's before anything changes.
     */
    TargetConsumers targetConsumers(JsApi api) {
        List<ConsumerSnapshot> consumers = consumers();
        boolean keptInPlace = existing != null && !Leftover.replacedWhole(existing);
        if (!keptInPlace || consumers.isEmpty()) {
            return TargetConsumers.none();
        }
        return TargetConsumers.of(request.stream(), ConsumerPlacement.retention(header.streamConfigJson()),
                api.consumerNames(request.stream()), consumers);
    }

    /**
     * Whether the target server accepts the configuration the restore will apply, and keeps all of
     * it (see {@link ConfigProbe}). Returns the notes to report: a field the server would not keep
     * refuses the restore, nothing changed, unless the request allows the loss, when each such
     * field is a note.
     */
    List<String> checkConfiguration(JsApi api, Verified verified) {
        ConsumerPlacement.Target placed = ConsumerPlacement.Target.of(server, serverSide,
                ConsumerPlacement.retention(header.streamConfigJson()), verified.target().firstSequence(),
                verified.target().lastSequence());
        ConfigProbe.Findings findings = new ConfigProbe(api, server).check(request.stream(), plan, consumers(),
                c -> ConsumerPlacement.of(c, placed).configJson(), serverSide, existing != null);
        return ConfigProbe.accept(findings, request.configLossAllowed(), server);
    }

    /** The same setup, without the configuration fields the target server does not know and that are accepted as lost. */
    RestoreSetup withoutUnknownFields() {
        return new RestoreSetup(asked, request, read, bucket, plan.unknownFields().strip(header), existing, leftover, server,
                serverSide, plan);
    }

    /**
     * Refuses, nothing changed, a restore whose messages do not fit in the target account's storage
     * limit (see {@link AccountRoom}).
     */
    void refuseNoRoom(JsApi api, Verified verified) {
        boolean memory = plan.memoryStorage();
        long needed = verified.storedBytes() + verified.placeholders() * StoredSize.of(memory, plan.gapSubject().length(), 0, 0);
        long freed = existing != null && Leftover.replacedWhole(existing) ? freedByDelete(existing, memory) : 0;
        AccountRoom.refuse(AccountRoom.of(api.accountInfo(), memory, plan.replicas()), needed, freed, plan.replicas(),
                memory, request.stream());
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

}

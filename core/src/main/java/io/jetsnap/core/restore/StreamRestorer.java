package io.jetsnap.core.restore;

import io.jetsnap.core.Cancellation;
import io.jetsnap.core.EngineOptions;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.RestoreResult;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.Origins;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.model.Origin;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.read.CheckedReader;
import io.jetsnap.core.read.OpenedAhead;
import io.jetsnap.core.read.SnapshotInput;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.restore.consumers.TargetConsumers;
import io.jetsnap.core.restore.plan.LoadMark;
import io.jetsnap.core.restore.plan.SubjectOverlap;
import io.jetsnap.core.restore.publish.PublishProbe;
import io.jetsnap.core.restore.verify.Verified;
import io.jetsnap.core.restore.verify.VerifyPass;
import io.jetsnap.core.spi.ManifestReader;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a stream from a snapshot. Nothing changes on the server until everything that can be
 * checked has been:
 *
 * <pre>
 * header   read the snapshot's header
 * target   look the target up (and what an interrupted restore left in it)
 * method   server-side (2.15+, a target to create) or publishing
 * plan     the configuration the restore creates; the refusals that need nothing more
 * verify   read and check the whole snapshot (digest; what the target could not take)
 * checks   subjects, configuration on a scratch stream, room in the account, publish permissions
 * run      {@link ServerSideRestore} or {@link PublishingRestore}
 * failure  after a change: say what the target holds and how to finish ({@link TargetState})
 * </pre>
 */
public final class StreamRestorer {
    private final Connection connection;
    private final JsApi api;
    private final Codecs codecs;
    private final EngineOptions options;
    private final Cancellation cancellation;
    private final TargetState targetState;

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
        this.targetState = new TargetState(connection, api, cancellation);
    }

    public RestoreResult restore(RestoreRequest request, SnapshotInput input, ProgressListener progress) {
        long started = System.nanoTime();
        RestoreSetup setup = setUp(request, input);
        setup.refuseEarly();
        TargetConsumers targetConsumers = setup.targetConsumers(api);
        Verified verified;
        try {
            verified = setup.verify(verifyPass(), input, progress);
        } catch (SnapshotException e) {
            throw nothingChangedYet(e);
        }
        Origin target = Origins.of(connection, options.apiPrefix());
        List<String> notes = checkBeforeChange(setup, verified, target);
        setup = setup.withoutUnknownFields();
        cancellation.check("the restore of stream " + setup.request().stream(), " before it changed anything; nothing was changed");
        // the load reads the snapshot opened now, before anything changes: one that cannot be read
        // again as it was verified is refused here
        try (OpenedAhead ahead = OpenedAhead.of(input)) {
            if (setup.serverSide()) {
                return new ServerSideRestore(connection, api, codecs, options.requestTimeout(), cancellation, targetState)
                        .run(setup, ahead, verified, notes, target, progress, started);
            }
            return new PublishingRestore(connection, api, codecs, options, cancellation, targetState)
                    .run(setup, ahead, verified, targetConsumers, notes, target, progress, started);
        }
    }

    /** The header, the target and the plan: everything decided before the messages are read. */
    private RestoreSetup setUp(RestoreRequest request, SnapshotInput input) {
        SnapshotHeader read = readHeader(input);
        return RestoreSetup.of(request, read, targetState.describe(request.stream()), ServerVersion.of(connection));
    }

    VerifyPass verifyPass() {
        return new VerifyPass(codecs, cancellation, connection.getServerInfo().getMaxPayload());
    }

    /**
     * The checks that need the verified snapshot, each refusing before anything changes; returns
     * the notes the result will carry.
     */
    private List<String> checkBeforeChange(RestoreSetup setup, Verified verified, Origin target) {
        Leftover.refuseOtherDigest(setup.asked(), setup.leftover(), verified.summary());
        setup.plan().mark(LoadMark.of(verified.summary(), Instant.now()));
        SubjectOverlap.refuse(api, setup.request().stream(), setup.plan());
        List<String> notes = new ArrayList<>(setup.checkConfiguration(api, verified));
        setup.refuseNoRoom(api, verified);
        if (!setup.serverSide()) {
            PublishProbe.refuseDenied(connection, setup.plan(), verified, options.requestTimeout());
        }
        setup.leftover().ifPresent(l -> notes.add(l.replacedNote()));
        Origins.elsewhere(setup.read().origin(), target).ifPresent(notes::add);
        return notes;
    }

    /** A refusal before anything changed, saying so (a damaged snapshot's own message does not). */
    private static SnapshotException nothingChangedYet(SnapshotException e) {
        if (e.getMessage().contains("nothing was changed")) {
            return e;
        }
        return new SnapshotException(e.code(), e.getMessage() + "; nothing was changed", e, e.serverErrorCode());
    }

    SnapshotHeader readHeader(SnapshotInput input) {
        try (InputStream in = input.open(); ManifestReader reader = codecs.newReader(in)) {
            return new CheckedReader(reader).header();
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read the snapshot: " + e.getMessage(), e);
        }
    }

    JsApi api() {
        return api;
    }

    TargetState targetState() {
        return targetState;
    }
}

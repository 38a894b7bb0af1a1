package io.jetsnap.core.restore;

import io.jetsnap.core.Counted;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.SourceStream;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.restore.plan.LoadMark;
import io.nats.client.support.JsonValue;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A target stream that a jetsnap restore left behind (interrupted by a signal, killed, or failed
 * before every message was in): its configuration is still the load configuration, with the
 * {@link LoadMark} the restore wrote. A pure decision about what the next restore does with it:
 * <ul>
 *   <li>a restore of the same snapshot replaces it without being forced when the load
 *       configuration takes only jetsnap's private subjects (nats-server 2.10+): then nothing but
 *       that restore stored anything in it, so what it holds is part of that very snapshot, which
 *       the restore puts back whole (as restic and pgBackRest let a restore be run again over what
 *       an interrupted one left);</li>
 *   <li>where it takes the snapshot's own subjects (nats-server 2.9) applications may have stored
 *       messages in it since, so a restore of the same snapshot is refused unless forced, and says
 *       why;</li>
 *   <li>a restore of another snapshot treats it as any stream that holds messages (refused unless
 *       forced), and says whose leftover it is.</li>
 * </ul>
 * Either way a leftover is deleted and created again, never loaded into as it is.
 *
 * @param privateSubjects its configuration takes only jetsnap's private subjects
 */
record Leftover(String stream, LoadMark mark, long messages, boolean privateSubjects) {
    /** Where every private subject of a restore lies (the gap subject, the 2.10+ clone prefix). */
    static final String PRIVATE_SUBJECTS = "_jetsnap.";

    /** The leftover {@code existing} is, if it carries a restore's mark. */
    static Optional<Leftover> of(@Nullable SourceStream existing) {
        if (existing == null) {
            return Optional.empty();
        }
        return LoadMark.find(existing.configJson()).map(m -> new Leftover(existing.name(), m, existing.state().messages(),
                takesOnlyPrivateSubjects(existing.configJson())));
    }

    /** Whether a stream configuration's subjects (none counts) all lie under {@value #PRIVATE_SUBJECTS}. */
    static boolean takesOnlyPrivateSubjects(String configJson) {
        JsonValue config = JsApi.parse(configJson);
        JsonValue subjects = config.map == null ? null : config.map.get("subjects");
        List<JsonValue> list = subjects == null || subjects.array == null ? List.of() : subjects.array;
        return list.stream().allMatch(s -> s.string != null && s.string.startsWith(PRIVATE_SUBJECTS));
    }

    /**
     * Whether a restore deletes {@code existing} and creates it again (rather than updating an
     * empty stream in place): it holds or held messages, or it is a restore's leftover.
     */
    static boolean replacedWhole(SourceStream existing) {
        return existing.state().messages() > 0 || existing.state().lastSequence() > 0
                || LoadMark.find(existing.configJson()).isPresent();
    }

    /**
     * Whether a restore of the snapshot with this header may replace the leftover unforced: it is
     * the same snapshot as far as the header tells (see {@link LoadMark#sameSnapshot(SnapshotHeader)}),
     * and nothing else can have been stored in it.
     */
    boolean replaceableBy(SnapshotHeader header) {
        return privateSubjects && mark.sameSnapshot(header);
    }

    /**
     * The request a restore of the snapshot with this header goes on with: forced when it may
     * replace the leftover unforced ({@link #replaceableBy}), as it was otherwise.
     */
    static RestoreRequest request(RestoreRequest asked, Optional<Leftover> leftover, SnapshotHeader header) {
        return leftover.isPresent() && leftover.get().replaceableBy(header) ? asked.withForce(true) : asked;
    }

    /**
     * Refuses, before anything changes, a leftover that holds messages and that the restore of the
     * snapshot with this header may not replace unforced, when the request is not forced.
     */
    static void refuseOther(RestoreRequest asked, Optional<Leftover> leftover, SnapshotHeader header) {
        if (leftover.isEmpty() || asked.force() || leftover.get().replaceableBy(header) || leftover.get().messages() == 0) {
            return;
        }
        Leftover l = leftover.get();
        if (l.mark.sameSnapshot(header)) {
            throw new SnapshotException(ErrorCode.TARGET_NOT_EMPTY, l.described() + ", which takes the snapshot's own "
                    + "subjects, so applications may have stored messages in it since; nothing was changed (use --force "
                    + "to delete it and restore the snapshot whole)");
        }
        throw new SnapshotException(ErrorCode.TARGET_NOT_EMPTY, l.described() + "; this is another "
                + "snapshot (of stream " + header.stream() + " taken " + header.created() + "); nothing was changed (run "
                + "that restore again to finish it, or use --force to delete it and restore this snapshot)");
    }

    /**
     * Once the snapshot is verified: refuses a leftover taken for this snapshot by its header whose
     * digest is not this snapshot's, unless the request was forced.
     */
    static void refuseOtherDigest(RestoreRequest asked, Optional<Leftover> leftover, SnapshotSummary verified) {
        if (leftover.isEmpty() || asked.force() || leftover.get().messages() == 0
                || !leftover.get().replaceableBy(verified.header()) || leftover.get().mark.sameSnapshot(verified)) {
            return;
        }
        throw new SnapshotException(ErrorCode.TARGET_NOT_EMPTY, leftover.get().described() + "; this snapshot has the "
                + "same stream and time but digest " + verified.trailer().digest() + ", so it is not the same snapshot; "
                + "nothing was changed (use --force to delete it and restore this snapshot)");
    }

    /**
     * What a restore that stopped before every message was in says about running it again, the
     * stream being left under its marked load configuration.
     *
     * @param privateSubjects the load configuration takes only jetsnap's private subjects
     */
    static String nextRestore(boolean privateSubjects) {
        return privateSubjects
                ? "; it is marked as this restore's, so running the same restore again recognises it and replaces it "
                        + "with the snapshot whole (no --force needed)"
                : "; it is marked as this restore's, but since applications may store messages in it, run the restore "
                        + "again with --force, which deletes the stream and restores the snapshot whole";
    }

    /** "stream X was left by an interrupted jetsnap restore of ... at ... (it holds N messages, under ...)". */
    String described() {
        return "stream " + stream + " was left by " + mark.describe() + " (it holds " + Counted.of(messages, "message") + ", under "
                + "jetsnap's load configuration)";
    }

    /** What a restore that replaced it says, in its notes. */
    String replacedNote() {
        return described() + "; it was replaced with the snapshot whole";
    }

    /** What a dry run says about it, for a restore of {@code header}. */
    String previewNote(SnapshotHeader header) {
        return described() + (replaceableBy(header)
                ? "; this restore, of the same snapshot, would delete it and restore the snapshot whole (no --force needed)"
                : "");
    }
}

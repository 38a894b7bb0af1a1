package io.jetsnap.core.engine;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotSummary;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A target stream that a jetsnap restore left behind (interrupted by a signal, killed, or failed
 * before every message was in): its configuration is still the load configuration, with the
 * {@link LoadMark} the restore wrote. A pure decision about what the next restore does with it:
 * <ul>
 *   <li>a restore of the same snapshot replaces it without being forced: what it holds is part of
 *       that very snapshot, which the restore then puts back whole (as restic and pgBackRest let a
 *       restore be run again over what an interrupted one left);</li>
 *   <li>a restore of another snapshot treats it as any stream that holds messages (refused unless
 *       forced), and says whose leftover it is.</li>
 * </ul>
 * Either way a leftover is deleted and created again, never loaded into as it is.
 */
record Leftover(String stream, LoadMark mark, long messages) {

    /** The leftover {@code existing} is, if it carries a restore's mark. */
    static Optional<Leftover> of(@Nullable SourceStream existing) {
        if (existing == null) {
            return Optional.empty();
        }
        return LoadMark.find(existing.configJson()).map(m -> new Leftover(existing.name(), m, existing.state().messages()));
    }

    /**
     * Whether a restore deletes {@code existing} and creates it again (rather than updating an
     * empty stream in place): it holds or held messages, or it is a restore's leftover.
     */
    static boolean replacedWhole(SourceStream existing) {
        return existing.state().messages() > 0 || existing.state().lastSequence() > 0
                || LoadMark.find(existing.configJson()).isPresent();
    }

    /** Whether a restore of the snapshot with this header may replace the leftover unforced (see {@link LoadMark#sameSnapshot(SnapshotHeader)}). */
    boolean replaceableBy(SnapshotHeader header) {
        return mark.sameSnapshot(header);
    }

    /**
     * The request a restore of the snapshot with this header goes on with: forced when it is the
     * leftover's own snapshot, as it was otherwise.
     */
    static RestoreRequest request(RestoreRequest asked, Optional<Leftover> leftover, SnapshotHeader header) {
        return leftover.isPresent() && leftover.get().replaceableBy(header) ? asked.withForce(true) : asked;
    }

    /**
     * Refuses, before anything changes, a leftover of another snapshot that holds messages when
     * the request is not forced.
     */
    static void refuseOther(RestoreRequest asked, Optional<Leftover> leftover, SnapshotHeader header) {
        if (leftover.isEmpty() || asked.force() || leftover.get().replaceableBy(header) || leftover.get().messages() == 0) {
            return;
        }
        throw new SnapshotException(ErrorCode.TARGET_NOT_EMPTY, leftover.get().described() + "; this is another "
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

    /** "stream X was left by an interrupted jetsnap restore of ... at ... (it holds N messages)". */
    String described() {
        return "stream " + stream + " was left by " + mark.describe() + " (it holds " + messages + " messages, under "
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

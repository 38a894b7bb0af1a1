package io.jetsnap.core.restore.verify;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.SnapshotTrailer;

/**
 * A restore refused because of what the target cannot take (a message above its max_payload, a
 * subject its stream does not take, a gap it cannot keep, ...), found while the snapshot was read
 * and checked to its end: the snapshot itself verified ({@link #trailer}), so a dry run can say both.
 */
public final class TargetRefusal extends SnapshotException {
    private final transient SnapshotTrailer trailer;

    public TargetRefusal(SnapshotException refusal, SnapshotTrailer trailer) {
        super(refusal.code(), refusal.getMessage(), refusal, refusal.serverErrorCode());
        this.trailer = trailer;
    }

    /** The snapshot's checked trailer: everything was read and its digest matched. */
    public SnapshotTrailer trailer() {
        return trailer;
    }
}

package io.jetsnap.core.read;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.SnapshotHeader;

/**
 * Refuses consumer positions no real stream can have: a consumer cannot have delivered, or
 * acknowledged, a message the stream had not stored. jetsnap reads a stream's consumers before the
 * stream's state, so in a snapshot it wrote every consumer's positions are at or below the
 * stream's last sequence.
 */
public final class ConsumerBounds {
    private ConsumerBounds() {
    }

    /** Throws a {@code CORRUPT_SNAPSHOT} error for the first consumer beyond the stream's last sequence. */
    public static void refuse(SnapshotHeader header) {
        long last = header.state().lastSequence();
        for (ConsumerSnapshot c : header.consumers()) {
            long beyond = Math.max(c.ackFloorStreamSequence(), c.deliveredStreamSequence());
            if (beyond > last || c.ackFloorStreamSequence() < 0 || c.deliveredStreamSequence() < 0) {
                String what = c.ackFloorStreamSequence() > last ? "has acknowledged up to sequence " + c.ackFloorStreamSequence()
                        : "has delivered up to sequence " + c.deliveredStreamSequence();
                throw SnapshotException.corrupt("snapshot is corrupt: consumer " + c.name() + " " + what
                        + ", beyond the stream's last sequence " + last + " when the snapshot began; no consumer of a "
                        + "real stream can, so the snapshot was not written by jetsnap from a stream, or was altered");
            }
        }
    }
}

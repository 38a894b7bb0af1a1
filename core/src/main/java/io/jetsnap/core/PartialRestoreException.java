package io.jetsnap.core;

/**
 * A restore that failed or was stopped after it changed the target stream, which now holds part
 * of the snapshot. The message says what the stream holds and how to finish; {@link #needsForce()}
 * says whether running the same restore again finishes it as it is, or needs it forced.
 */
public final class PartialRestoreException extends SnapshotException {
    private final boolean needsForce;

    public PartialRestoreException(SnapshotException failure, String message, boolean needsForce) {
        super(failure.code(), message, failure, failure.serverErrorCode());
        this.needsForce = needsForce;
    }

    /**
     * Whether the same restore, run again, must be forced to replace the stream: false when the
     * stream was left under the restore's marked load configuration on private subjects only, which
     * the next restore of the same snapshot recognises and replaces by itself.
     */
    public boolean needsForce() {
        return needsForce;
    }
}

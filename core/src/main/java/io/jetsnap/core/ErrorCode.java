package io.jetsnap.core;

/**
 * What kind of failure a {@link SnapshotException} reports. The CLI maps these to exit codes and
 * scripts can switch on them.
 */
public enum ErrorCode {
    /** The caller asked for something invalid (bad option, bad location, bad time). */
    BAD_INPUT,
    /** The snapshot is truncated, corrupt, or not a snapshot at all. */
    CORRUPT_SNAPSHOT,
    /**
     * What was asked for needs what is not there: a codec's or store's module missing from the
     * classpath (a name no codec or store has is {@link #BAD_INPUT}), a native library it needs, or the
     * memory for a message.
     */
    NOT_AVAILABLE,
    /** A stream or snapshot that was named does not exist. */
    NOT_FOUND,
    /** Restore refused because the target already holds data and force was not given. */
    TARGET_NOT_EMPTY,
    /** The operation is not supported for this stream or snapshot (yet). */
    UNSUPPORTED,
    /** The NATS server refused a request or could not be reached. */
    SERVER,
    /** Reading or writing the snapshot's bytes failed. */
    IO,
    /** The work was interrupted. */
    INTERRUPTED
}

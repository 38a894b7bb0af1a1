package io.jetsnap.core.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A place snapshots are kept. Locations are the strings users type: a path or {@code file:} URI for
 * the filesystem, {@code s3://bucket/key} for S3, and so on.
 *
 * <p>Writing is two-phase: {@link #create} returns a {@link PendingSnapshot} whose bytes become
 * visible under the location only when {@link PendingSnapshot#commit()} succeeds; closing it
 * uncommitted discards everything. A half-written snapshot is never visible as a valid one.
 */
public interface SnapshotStore extends Closeable {
    /**
     * Starts a new snapshot at {@code location}. If the location names a container (a directory,
     * or a prefix ending in {@code /}), the snapshot is created inside it as {@code defaultName}.
     */
    PendingSnapshot create(String location, String defaultName) throws IOException;

    /** Opens a committed snapshot for reading; a missing one is a {@code NOT_FOUND} error. */
    InputStream openRead(String location) throws IOException;

    /** The committed snapshots at or below {@code location}, in no particular order. */
    List<StoredSnapshot> list(String location) throws IOException;

    /** Deletes a committed snapshot; returns false if there was none. */
    boolean delete(String location) throws IOException;

    @Override
    default void close() throws IOException {
    }
}

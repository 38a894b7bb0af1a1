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
 *
 * <p>A commit never replaces a snapshot it was not asked to: a name generated in a container is
 * made unique where it is taken ({@link GeneratedName}), and an explicit location that holds one
 * is refused unless {@code replace} was asked, with a primitive that cannot replace (a hard link,
 * a conditional put) where the store has one.
 */
public interface SnapshotStore extends Closeable {
    /**
     * Starts a new snapshot at {@code location}. If the location names a container (a directory,
     * or a prefix ending in {@code /}), the snapshot is created inside it as {@code defaultName},
     * or, if that is taken when it is committed, as the first free {@link GeneratedName#candidate}
     * (the committed {@link StoredSnapshot#location()} says which). An explicit location that holds
     * a snapshot is refused ({@code BAD_INPUT}, before anything is written where the store can
     * tell) unless {@code replace}.
     */
    PendingSnapshot create(String location, String defaultName, boolean replace) throws IOException;

    /** {@link #create(String, String, boolean)} that never replaces an existing snapshot. */
    default PendingSnapshot create(String location, String defaultName) throws IOException {
        return create(location, defaultName, false);
    }

    /** Opens a committed snapshot for reading; a missing one is a {@code NOT_FOUND} error. */
    InputStream openRead(String location) throws IOException;

    /**
     * Opens a committed snapshot to be read more than once, every time the same bytes (see
     * {@link PinnedSnapshot}). This default opens it again by location each time, which cannot tell
     * a replaced snapshot: a store that can (a file held open, an object's ETag) overrides it.
     */
    default PinnedSnapshot openPinned(String location) throws IOException {
        return () -> openRead(location);
    }

    /**
     * Whether {@code location} names a container (a folder or prefix holding snapshots) rather than
     * one snapshot. By default, one that ends with {@code /}; a store that can tell more (a
     * directory named without the slash) overrides it.
     */
    default boolean isContainer(String location) {
        return location.endsWith("/");
    }

    /** The committed snapshots at or below {@code location}, in no particular order. */
    List<StoredSnapshot> list(String location) throws IOException;

    /** Deletes a committed snapshot; returns false if there was none. */
    boolean delete(String location) throws IOException;

    /**
     * What snapshots that were never committed left at or below {@code location} (a run killed
     * before its commit): the store's own temporary files or uploads, each with its size and when it
     * was last written, under a location that only {@link #deletePartial} takes. None by default.
     */
    default List<StoredSnapshot> partials(String location) throws IOException {
        return List.of();
    }

    /** Removes one of {@link #partials}; returns false if it was gone. */
    default boolean deletePartial(String partial) throws IOException {
        return false;
    }

    @Override
    default void close() throws IOException {
    }
}

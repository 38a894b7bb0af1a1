package io.jetsnap.core.spi;

import java.util.Map;

/**
 * Makes {@link SnapshotStore}s for one URI scheme. Found with {@link java.util.ServiceLoader}: list
 * the class in {@code META-INF/services/io.jetsnap.core.spi.SnapshotStoreProvider}.
 */
public interface SnapshotStoreProvider {
    /** The URI scheme this provider claims, lowercase, e.g. {@code file} or {@code s3}. */
    String scheme();

    /**
     * Opens a store. {@code settings} holds store-specific options (e.g. an S3 endpoint) by name;
     * unknown names are ignored.
     */
    SnapshotStore open(Map<String, String> settings);
}

/** The filesystem snapshot store: locations that are paths or {@code file://} URIs. */
module io.jetsnap.storage.fs {
    requires io.jetsnap.core;

    provides io.jetsnap.core.spi.SnapshotStoreProvider with io.jetsnap.storage.fs.FileSnapshotStoreProvider;
}

package io.jetsnap.storage.fs;

import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.SnapshotStoreProvider;
import java.util.Map;

/** Provides the {@code file} scheme: plain paths and {@code file:} URIs. It takes no settings. */
public final class FileSnapshotStoreProvider implements SnapshotStoreProvider {
    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public SnapshotStore open(Map<String, String> settings) {
        return new FileSnapshotStore();
    }
}

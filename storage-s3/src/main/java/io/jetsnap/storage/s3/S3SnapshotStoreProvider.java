package io.jetsnap.storage.s3;

import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.SnapshotStoreProvider;
import java.util.Map;

/**
 * Provides the {@code s3} scheme: {@code s3://bucket/key} on AWS S3 or any S3-compatible store
 * (MinIO, Cloudflare R2, Ceph, ...). {@link S3Settings} lists the settings it reads.
 */
public final class S3SnapshotStoreProvider implements SnapshotStoreProvider {
    @Override
    public String scheme() {
        return "s3";
    }

    /** Opens a store; a bad setting is a {@code BAD_INPUT} error naming it. */
    @Override
    public SnapshotStore open(Map<String, String> settings) {
        return new S3SnapshotStore(S3Settings.parse(settings));
    }
}

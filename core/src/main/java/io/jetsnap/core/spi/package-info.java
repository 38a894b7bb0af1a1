/**
 * The two SPIs a plugin implements: {@code ManifestCodec} (with its reader and writer) and
 * {@code SnapshotStoreProvider}/{@code SnapshotStore}; free of third-party types.
 */
package io.jetsnap.core.spi;

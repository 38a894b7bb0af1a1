package io.jetsnap.core;

import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotTrailer;
import java.time.Duration;

/**
 * What a snapshot wrote.
 *
 * @param location where it was committed (empty when written to a bare stream)
 * @param codec the codec's name
 * @param sizeBytes the snapshot's size in bytes (-1 when unknown)
 */
public record SnapshotResult(SnapshotHeader header, SnapshotTrailer trailer, String location, String codec,
                             long sizeBytes, Duration duration) {
}

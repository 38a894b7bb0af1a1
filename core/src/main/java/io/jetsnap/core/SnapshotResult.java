package io.jetsnap.core;

import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotTrailer;
import java.time.Duration;

/**
 * What a snapshot wrote.
 *
 * @param location where it was committed, as its store names it: the location asked for, or in a
 *     folder or prefix the name generated there
 * @param codec the codec's name
 * @param sizeBytes the committed snapshot's size in bytes, as its store reports it
 */
public record SnapshotResult(SnapshotHeader header, SnapshotTrailer trailer, String location, String codec,
                             long sizeBytes, Duration duration) {
}

package io.jetsnap.core.spi;

import java.time.Instant;

/**
 * A committed snapshot in a store.
 *
 * @param location the location to read it back from
 * @param size its size in bytes
 * @param modified when it was last written
 */
public record StoredSnapshot(String location, long size, Instant modified) {
}

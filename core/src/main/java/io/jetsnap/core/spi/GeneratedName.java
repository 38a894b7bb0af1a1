package io.jetsnap.core.spi;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;

/**
 * The names a store tries, in order, for a snapshot whose name it generated: the name itself, then
 * {@code -2}, {@code -3}, ... before its first dot ({@code orders-20261129T031500Z-2.cbor.zst}),
 * so that two snapshots of one stream in the same second both keep their own.
 */
public final class GeneratedName {
    /** How many names a store tries before it gives up. */
    public static final int ATTEMPTS = 1000;

    private GeneratedName() {
    }

    /** The {@code attempt}-th name to try (1: {@code name} itself). */
    public static String candidate(String name, int attempt) {
        if (attempt == 1) {
            return name;
        }
        int dot = name.indexOf('.');
        return dot < 0 ? name + "-" + attempt : name.substring(0, dot) + "-" + attempt + name.substring(dot);
    }

    /** The failure when every candidate was taken. */
    public static SnapshotException exhausted(String where, String name) {
        return new SnapshotException(ErrorCode.IO, ATTEMPTS + " names like " + name + " are taken in " + where
                + "; remove old snapshots (prune) or choose another location");
    }

    /** An explicit location that holds a snapshot, refused. */
    public static SnapshotException exists(String location) {
        return SnapshotException.badInput(location + " already exists; nothing was written over it: choose another "
                + "location, or ask to replace it (--overwrite)");
    }
}

package io.jetsnap.core.jetstream;

import io.jetsnap.core.SnapshotException;
import java.util.Set;

/**
 * A restore the server stopped because the account or the server ran out of storage, and what to
 * do then. Running it again as it was fails the same way, so the advice says how much room the
 * snapshot needs; a {@code --force} then deletes the partial stream first, which frees what it holds.
 */
public final class OutOfStorage {
    /**
     * The server's codes for it: the account's limits (10002), its own (10023), storage (10047) and
     * memory (10028).
     */
    private static final Set<Integer> CODES = Set.of(10002, 10023, 10047, 10028);

    private OutOfStorage() {
    }

    public static boolean is(SnapshotException e) {
        return CODES.contains(e.serverErrorCode());
    }

    /** The advice after such a failure, for a snapshot storing {@code needed} bytes per replica. */
    public static String advice(long needed, int replicas) {
        return ": the server ran out of room for the snapshot, which needs " + needed + " bytes"
                + (replicas > 1 ? " on each of " + replicas + " replicas" : "") + " beside what the account and the "
                + "server hold otherwise; make that room (free storage, or raise the account's limit or the server's "
                + "max_file_store/max_memory_store), then run the restore again with --force, which deletes this "
                + "partial stream first";
    }
}

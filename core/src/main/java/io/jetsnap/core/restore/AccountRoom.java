package io.jetsnap.core.restore;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.restore.verify.StoredSize;
import io.nats.client.support.JsonValue;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Whether the target account has room for what a restore stores, from the account's JetStream
 * usage and limits ({@code $JS.API.INFO}), counted the way nats-server counts them when it takes a
 * message: each message's stored size (see {@link StoredSize}) times the stream's replicas, against
 * the account's limit for the storage type (times the replicas for a tiered limit such as
 * {@code R3}). What a {@code --force} deletes first is taken off the usage.
 *
 * <p>The server's own limits ({@code max_file_store}, {@code max_memory_store}, the disk) are not
 * told to an account, so a restore can still run out of them partway; {@link #UNKNOWABLE} says so.
 */
final class AccountRoom {
    /** What no account can be asked in advance; the dry run says it. */
    static final String UNKNOWABLE = "the server's own storage limits (max_file_store, max_memory_store, the free disk) "
            + "are not told to an account, so a restore that needs more than the server has left stops partway";

    /**
     * The account's usage and limit for one storage type and tier.
     *
     * @param limit bytes, negative for none
     * @param tiered the limit is a tier's (it scales with the replicas)
     */
    record Usage(long used, long limit, boolean tiered, String tier) {
    }

    private AccountRoom() {
    }

    /**
     * The usage and limit from an account info answer for a stream of {@code replicas} replicas
     * stored in memory or in files; null when the answer says nothing about limits.
     */
    static @Nullable Usage of(JsonValue info, boolean memory, int replicas) {
        if (info.map == null) {
            return null;
        }
        Map<String, JsonValue> account = info.map;
        JsonValue tiers = account.get("tiers");
        String tier = "R" + Math.max(1, replicas);
        if (tiers != null && tiers.map != null && tiers.map.get(tier) != null && tiers.map.get(tier).map != null) {
            Usage tiered = usage(tiers.map.get(tier).map, memory, true, tier);
            if (tiered != null && tiered.limit() >= 0) {
                return tiered;
            }
        }
        return usage(account, memory, false, "");
    }

    private static @Nullable Usage usage(Map<String, JsonValue> account, boolean memory, boolean tiered, String tier) {
        JsonValue limits = account.get("limits");
        if (limits == null || limits.map == null) {
            return null;
        }
        return new Usage(number(account.get(memory ? "memory" : "storage"), 0),
                number(limits.map.get(memory ? "max_memory" : "max_storage"), -1), tiered, tier);
    }

    /**
     * Refuses, nothing changed, when {@code needed} bytes (one replica's) do not fit beside what the
     * account uses, less {@code freed} (what the restore deletes first, all replicas counted).
     */
    static void refuse(@Nullable Usage usage, long needed, long freed, int replicas, boolean memory, String stream) {
        if (usage == null || usage.limit() < 0) {
            return;
        }
        long r = Math.max(1, replicas);
        long limit = usage.tiered() ? usage.limit() * r : usage.limit();
        long used = Math.max(0, usage.used() - freed);
        long total = needed * r;
        if (used + total > limit) {
            String kind = memory ? "memory" : "file storage";
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "stream " + stream + " would store " + total + " bytes of "
                    + kind + (r > 1 ? " (" + needed + " per replica, " + r + " replicas)" : "") + ", but the account's "
                    + (usage.tiered() ? usage.tier() + " " : "") + kind + " limit of " + limit + " bytes leaves "
                    + Math.max(0, limit - used) + " bytes" + (freed > 0 ? " once the existing stream is deleted" : "")
                    + "; nothing was changed (free " + (used + total - limit) + " bytes in the account, or raise its limit, "
                    + "then run the restore again)");
        }
    }

    private static long number(@Nullable JsonValue v, long otherwise) {
        return v != null && v.number != null ? v.number.longValue() : otherwise;
    }
}

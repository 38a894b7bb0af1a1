package io.jetsnap.core.catalog;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.batch.SnapshotIndex;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.StoredSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Removes the snapshots a {@link RetentionPolicy} does not keep, then every index none of whose
 * snapshots is left, then what snapshots that never finished left behind ({@link
 * SnapshotStore#partials}) once it is older than a given age. With {@code dryRun} it only says what
 * it would remove.
 */
public final class Pruner {
    private final SnapshotStore store;
    private final Codecs codecs;

    public Pruner(SnapshotStore store, Codecs codecs) {
        this.store = store;
        this.codecs = codecs;
    }

    /**
     * What a prune decided, and did.
     *
     * @param decisions each snapshot considered, kept or removed
     * @param removedIndexes indexes removed (or, in a dry run, that would be) because none of their
     *     snapshots is left
     * @param removedPartials leftovers of snapshots that never finished removed (or that would be)
     * @param keptPartials leftovers not old enough to be removed (a snapshot may still be writing them)
     */
    public record Result(List<RetentionPolicy.Decision> decisions, List<String> removedIndexes,
                         List<StoredSnapshot> removedPartials, List<StoredSnapshot> keptPartials, boolean dryRun) {
        public Result {
            decisions = List.copyOf(decisions);
            removedIndexes = List.copyOf(removedIndexes);
            removedPartials = List.copyOf(removedPartials);
            keptPartials = List.copyOf(keptPartials);
        }
    }

    /** Leftovers of snapshots that never finished go once older than this, unless told otherwise. */
    public static final Duration DEFAULT_PARTIAL_AGE = Duration.ofDays(1);

    /** {@link #prune(String, RetentionPolicy, String, boolean, Duration, Instant)} removing leftovers older than a day. */
    public Result prune(String location, RetentionPolicy policy, @Nullable String stream, boolean dryRun) {
        return prune(location, policy, stream, dryRun, DEFAULT_PARTIAL_AGE, Instant.now());
    }

    /**
     * @param partialAge a leftover of a snapshot that never finished is removed once it was last
     *     written longer ago than this before {@code now}; zero removes every one (a snapshot still
     *     being written loses its temporary file and fails)
     */
    public Result prune(String location, RetentionPolicy policy, @Nullable String stream, boolean dryRun,
                        Duration partialAge, Instant now) {
        SnapshotCatalog.Listing listing = new SnapshotCatalog(store, codecs).list(location);
        List<RetentionPolicy.Decision> decisions = policy.apply(listing.snapshots(), stream);
        Set<String> left = new HashSet<>();
        for (CatalogEntry e : listing.snapshots()) {
            left.add(e.location());
        }
        for (RetentionPolicy.Decision d : decisions) {
            if (!d.keep()) {
                if (!dryRun) {
                    delete(d.entry().location());
                }
                left.remove(d.entry().location());
            }
        }
        List<String> removedIndexes = new ArrayList<>();
        for (Map.Entry<String, SnapshotIndex> index : listing.indexes().entrySet()) {
            boolean anyLeft = index.getValue().entries().stream().filter(SnapshotIndex.Entry::ok)
                    .anyMatch(e -> left.contains(SnapshotIndex.sibling(index.getKey(), e.name())));
            boolean touched = index.getValue().entries().stream().filter(SnapshotIndex.Entry::ok).anyMatch(e ->
                    decisions.stream().anyMatch(d -> !d.keep() && d.entry().location()
                            .equals(SnapshotIndex.sibling(index.getKey(), e.name()))));
            if (!anyLeft && touched) {
                if (!dryRun) {
                    delete(index.getKey());
                }
                removedIndexes.add(index.getKey());
            }
        }
        List<StoredSnapshot> removedPartials = new ArrayList<>();
        List<StoredSnapshot> keptPartials = new ArrayList<>();
        for (StoredSnapshot partial : listing.partials()) {
            if (stalePartial(partial, partialAge, now)) {
                if (!dryRun) {
                    deletePartial(partial.location());
                }
                removedPartials.add(partial);
            } else {
                keptPartials.add(partial);
            }
        }
        return new Result(decisions, removedIndexes, removedPartials, keptPartials, dryRun);
    }

    /** Whether a leftover was last written at least {@code age} before {@code now} (any, for a zero age). */
    static boolean stalePartial(StoredSnapshot partial, Duration age, Instant now) {
        // compared as durations: now minus a long age (--partial-older-than 9999999999d) is before any instant there is
        return age.isZero() || Duration.between(partial.modified(), now).compareTo(age) >= 0;
    }

    private void deletePartial(String location) {
        try {
            store.deletePartial(location);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not delete " + location + ": " + e.getMessage(), e);
        }
    }

    private void delete(String location) {
        try {
            store.delete(location);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not delete " + location + ": " + e.getMessage(), e);
        }
    }
}

package io.jetsnap.core.catalog;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.batch.SnapshotIndex;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.spi.SnapshotStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Removes the snapshots a {@link RetentionPolicy} does not keep, and then every index none of
 * whose snapshots is left. With {@code dryRun} it only says what it would remove.
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
     */
    public record Result(List<RetentionPolicy.Decision> decisions, List<String> removedIndexes, boolean dryRun) {
        public Result {
            decisions = List.copyOf(decisions);
            removedIndexes = List.copyOf(removedIndexes);
        }
    }

    public Result prune(String location, RetentionPolicy policy, @Nullable String stream, boolean dryRun) {
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
        return new Result(decisions, removedIndexes, dryRun);
    }

    private void delete(String location) {
        try {
            store.delete(location);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not delete " + location + ": " + e.getMessage(), e);
        }
    }
}

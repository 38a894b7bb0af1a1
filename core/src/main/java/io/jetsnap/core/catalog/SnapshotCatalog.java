package io.jetsnap.core.catalog;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.batch.SnapshotIndex;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.read.CheckedReader;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.spi.ManifestReader;
import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.StoredSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a folder or prefix holds: its snapshots, each described from the store's listing and its
 * header alone (the rest of the snapshot is not read: a file is closed, an S3 download aborted,
 * after the header, and never more than its first {@link #HEADER_LIMIT} bytes), with counts and digests from the indexes of runs over many streams.
 */
public final class SnapshotCatalog {
    /**
     * The most of a file read for its header: more than a header of thousands of consumers takes,
     * little enough for a small heap (a 30 MB file that is not a snapshot costs only this much).
     */
    static final long HEADER_LIMIT = 4 << 20;
    private static final String TOO_LONG = "not read as a snapshot: its header does not end within its first "
            + (HEADER_LIMIT >> 20) + " MiB, which is all a listing reads of a file (info reads it whole)";

    private final SnapshotStore store;
    private final Codecs codecs;

    public SnapshotCatalog(SnapshotStore store, Codecs codecs) {
        this.store = store;
        this.codecs = codecs;
    }

    /**
     * The contents of a folder or prefix.
     *
     * @param snapshots every snapshot, by stream then time, then the files that are not readable snapshots
     * @param indexes the indexes, by location
     * @param partials what snapshots that never finished left behind (the store's temporary files or
     *     uploads, see {@link SnapshotStore#partials}), by location; never read
     */
    public record Listing(List<CatalogEntry> snapshots, Map<String, SnapshotIndex> indexes, List<StoredSnapshot> partials) {
        public Listing {
            snapshots = List.copyOf(snapshots);
            partials = List.copyOf(partials);
        }
    }

    public Listing list(String location) {
        List<StoredSnapshot> stored;
        List<StoredSnapshot> partials;
        try {
            stored = store.list(location);
            partials = store.partials(location);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not list " + location + ": " + e.getMessage(), e);
        }
        Map<String, SnapshotIndex> indexes = new java.util.TreeMap<>();
        Map<String, SnapshotIndex.Entry> indexed = new HashMap<>();
        List<CatalogEntry> entries = new ArrayList<>();
        for (StoredSnapshot s : stored) {
            if (SnapshotIndex.isIndexName(s.location())) {
                SnapshotIndex index;
                try {
                    index = readIndex(s.location());
                } catch (SnapshotException e) {
                    entries.add(unreadable(s, SnapshotIndex.lastSegment(s.location()), e.getMessage()));
                    continue; // a bad index costs the listing nothing but its counts
                }
                indexes.put(s.location(), index);
                for (SnapshotIndex.Entry e : index.entries()) {
                    if (e.ok() && e.name() != null) {
                        indexed.put(SnapshotIndex.sibling(s.location(), e.name()), e);
                    }
                }
            }
        }
        for (StoredSnapshot s : stored) {
            if (!SnapshotIndex.isIndexName(s.location())) {
                entries.add(describe(s, indexed.get(s.location())));
            }
        }
        entries.sort(Comparator.comparing((CatalogEntry e) -> !e.readable())
                .thenComparing(e -> e.stream() == null ? "" : e.stream())
                .thenComparing(CatalogEntry::created).thenComparing(CatalogEntry::name));
        return new Listing(entries, indexes, partials);
    }

    /**
     * The newest readable snapshot of {@code stream} among {@code entries}: the latest
     * {@code created}, at or before {@code at} when it is given (then the later name, for two of
     * the same instant).
     */
    public static java.util.Optional<CatalogEntry> newest(List<CatalogEntry> entries, String stream, @Nullable Instant at) {
        return entries.stream().filter(e -> e.readable() && stream.equals(e.stream()))
                .filter(e -> at == null || !e.created().isAfter(at))
                .max(NEWEST_LAST);
    }

    /** {@link #newest} for every stream that has one, by stream name. */
    public static Map<String, CatalogEntry> newestOfEach(List<CatalogEntry> entries, @Nullable Instant at) {
        Map<String, CatalogEntry> newest = new java.util.TreeMap<>();
        for (CatalogEntry e : entries) {
            if (e.readable() && e.stream() != null && (at == null || !e.created().isAfter(at))) {
                newest.merge(e.stream(), e, (a, b) -> NEWEST_LAST.compare(a, b) >= 0 ? a : b);
            }
        }
        return newest;
    }

    private static final Comparator<CatalogEntry> NEWEST_LAST = Comparator.comparing(CatalogEntry::created)
            .thenComparing(CatalogEntry::name);

    private SnapshotIndex readIndex(String location) {
        try (InputStream in = store.openRead(location)) {
            return SnapshotIndex.parse(SnapshotIndex.readBounded(in, location), location);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read the index " + location + ": " + e.getMessage(), e);
        }
    }

    private CatalogEntry describe(StoredSnapshot s, SnapshotIndex.@Nullable Entry indexed) {
        String name = SnapshotIndex.lastSegment(s.location());
        try (InputStream in = new BoundedPrefix(store.openRead(s.location()), HEADER_LIMIT)) {
            Codecs.Detected detected = codecs.detect(in);
            try (ManifestReader reader = detected.codec().newReader(detected.stream())) {
                SnapshotHeader h = new CheckedReader(reader).header();
                Long messages = null;
                boolean exact = false;
                String digest = null;
                if (indexed != null && indexed.stream().equals(h.stream())) {
                    messages = indexed.messages();
                    exact = true;
                    digest = indexed.digest();
                } else if (wholeStream(h.selection())) {
                    messages = h.state().messages();
                }
                return new CatalogEntry(s.location(), name, s.size(), h.stream(), h.created(), detected.codec().name(),
                        messages, exact, digest, null, h.origin());
            }
        } catch (SnapshotException e) {
            return unreadable(s, name, BoundedPrefix.exceeded(e) ? TOO_LONG : e.getMessage());
        } catch (IOException e) {
            return unreadable(s, name, BoundedPrefix.exceeded(e) ? TOO_LONG : "could not read it: " + e.getMessage());
        }
    }

    private static CatalogEntry unreadable(StoredSnapshot s, String name, String problem) {
        return new CatalogEntry(s.location(), name, s.size(), null, s.modified(), null, null, false, null, problem, null);
    }

    private static boolean wholeStream(Selection selection) {
        return selection.maxSequence() == null && selection.before() == null;
    }
}

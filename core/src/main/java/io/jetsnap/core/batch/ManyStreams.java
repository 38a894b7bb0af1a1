package io.jetsnap.core.batch;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.Jetsnap;
import io.jetsnap.core.JetsnapVersion;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.SnapshotRequest;
import io.jetsnap.core.SnapshotResult;
import io.jetsnap.core.StreamFilter;
import io.jetsnap.core.catalog.CatalogEntry;
import io.jetsnap.core.catalog.SnapshotCatalog;
import io.jetsnap.core.spi.PendingSnapshot;
import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.StoredSnapshot;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Snapshots and restores of many streams at once. One stream's failure is recorded and the others
 * carry on; a snapshot run writes its {@link SnapshotIndex} last, beside the snapshots.
 */
public final class ManyStreams {
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Jetsnap jetsnap;
    private final Listener listener;

    public ManyStreams(Jetsnap jetsnap, Listener listener) {
        this.jetsnap = jetsnap;
        this.listener = listener;
    }

    /** Told as each stream starts and ends, from the working thread. */
    public interface Listener {
        Listener NONE = new Listener() { };

        default void starting(String stream) {
        }

        default void finished(Outcome<?> outcome) {
        }
    }

    /**
     * One stream's result, or why it failed.
     *
     * @param result the stream's result; null when it failed
     * @param error the failure; null when it succeeded
     */
    public record Outcome<R>(String stream, @Nullable R result, @Nullable SnapshotException error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * A run over many streams.
     *
     * @param index where the index is (written by a snapshot run, read by a restore run); null for a
     *     restore of each stream's newest snapshot ({@link #restoreNewest}), which reads none
     */
    public record Run<R>(@Nullable String index, List<Outcome<R>> outcomes) {
        public Run {
            outcomes = List.copyOf(outcomes);
        }

        public long failures() {
            return outcomes.stream().filter(o -> !o.ok()).count();
        }
    }

    /**
     * Snapshots every stream the filter takes into the folder or prefix {@code target}, one
     * snapshot per stream named {@code <stream>-<UTC time>.<ext>}, then writes the index.
     *
     * @param template the selection for every stream (its stream name is ignored)
     */
    public Run<SnapshotResult> snapshotAll(Connection connection, StreamFilter filter, SnapshotRequest template,
                                           String target, @Nullable String format) {
        String container = target.endsWith("/") ? target : target + "/";
        List<String> all = jetsnap.streamNames(connection);
        List<String> streams = all.stream().filter(filter::matches).sorted().toList();
        if (streams.isEmpty()) {
            throw new SnapshotException(ErrorCode.NOT_FOUND, "no stream to snapshot: the server has " + all.size()
                    + " streams and the filter takes none of them");
        }
        Instant started = Instant.now();
        List<Outcome<SnapshotResult>> outcomes = new ArrayList<>();
        List<SnapshotIndex.Entry> entries = new ArrayList<>();
        for (String stream : streams) {
            SnapshotRequest request = new SnapshotRequest(stream, template.maxSequence(), template.before(), template.consumers());
            Outcome<SnapshotResult> outcome = attempt(stream, () -> jetsnap.snapshot(connection, request, container, format));
            outcomes.add(outcome);
            SnapshotResult r = outcome.result();
            entries.add(r != null ? SnapshotIndex.Entry.ok(stream, SnapshotIndex.lastSegment(r.location()), r.codec(),
                    r.trailer().messageCount(), r.trailer().payloadBytes(), r.sizeBytes(), r.trailer().digest())
                    : SnapshotIndex.Entry.failed(stream, outcome.error().getMessage()));
        }
        // one connection, one origin: the first snapshot's says it
        io.jetsnap.core.model.Origin origin = outcomes.stream().map(Outcome::result).filter(java.util.Objects::nonNull)
                .map(r -> r.header().origin()).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        SnapshotIndex index = new SnapshotIndex(started, JetsnapVersion.get(), entries, origin);
        String name = SnapshotIndex.NAME_PREFIX + NAME_TIME.format(ZonedDateTime.ofInstant(started, ZoneOffset.UTC)) + ".json";
        try (SnapshotStore store = jetsnap.openStore(container);
             PendingSnapshot pending = store.create(container, name)) {
            pending.output().write(index.toJson().getBytes(StandardCharsets.UTF_8));
            StoredSnapshot stored = pending.commit();
            return new Run<>(stored.location(), outcomes);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not write the index to " + container + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores every stream of an index the filter takes, each under its own name.
     *
     * @param source an index, or the folder or prefix holding it (its newest index is taken)
     * @param template how to restore each stream (its stream name is ignored)
     */
    public Run<io.jetsnap.core.RestoreResult> restoreAll(Connection connection, StreamFilter filter,
                                                                RestoreRequest template, String source) {
        return eachIndexed(filter, template, source, (request, location) -> jetsnap.restore(connection, request, location));
    }

    /** What {@link #restoreAll} would do, stream by stream, changing nothing (each snapshot is verified). */
    public Run<io.jetsnap.core.RestorePreview> previewAll(Connection connection, StreamFilter filter,
                                                                 RestoreRequest template, String source) {
        return eachIndexed(filter, template, source, (request, location) -> jetsnap.previewRestore(connection, request, location));
    }

    /**
     * Restores, for every stream the filter takes, its newest snapshot in the folder or prefix
     * {@code container} (at or before {@code at}, when given), whichever run wrote it: a stream left
     * out of last night's {@code snapshot --all} still has its newest snapshot restored. The run
     * names no index.
     */
    public Run<io.jetsnap.core.RestoreResult> restoreNewest(Connection connection, StreamFilter filter,
                                                                  RestoreRequest template, String container,
                                                                  @Nullable Instant at) {
        return eachNewest(filter, template, container, at, (request, location) -> jetsnap.restore(connection, request, location));
    }

    /** What {@link #restoreNewest} would do, stream by stream, changing nothing. */
    public Run<io.jetsnap.core.RestorePreview> previewNewest(Connection connection, StreamFilter filter,
                                                                   RestoreRequest template, String container,
                                                                   @Nullable Instant at) {
        return eachNewest(filter, template, container, at,
                (request, location) -> jetsnap.previewRestore(connection, request, location));
    }

    private <R> Run<R> eachNewest(StreamFilter filter, RestoreRequest template, String container, @Nullable Instant at,
                                  BiFunction<RestoreRequest, String, R> work) {
        Map<String, CatalogEntry> newest;
        try {
            newest = SnapshotCatalog.newestOfEach(jetsnap.list(container).snapshots(), at);
        } catch (SnapshotException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw SnapshotException.badInput(e.getMessage()); // a folder that is not there: a mistyped source
            }
            throw e;
        }
        if (newest.isEmpty()) {
            throw new SnapshotException(ErrorCode.NOT_FOUND, "no snapshot in " + container
                    + (at == null ? "" : " taken at or before " + at));
        }
        List<Outcome<R>> outcomes = new ArrayList<>();
        for (CatalogEntry entry : newest.values()) {
            if (filter.matches(entry.stream())) {
                outcomes.add(attempt(entry.stream(), () -> work.apply(forStream(template, entry.stream()), entry.location())));
            }
        }
        return new Run<>(null, outcomes);
    }

    private static RestoreRequest forStream(RestoreRequest template, String stream) {
        return template.withStream(stream).withSubjects(null);
    }

    private <R> Run<R> eachIndexed(StreamFilter filter, RestoreRequest template, String source,
                                   BiFunction<RestoreRequest, String, R> work) {
        String indexLocation = findIndex(source);
        SnapshotIndex index = readIndex(indexLocation);
        for (SnapshotIndex.Entry entry : index.entries()) {
            if (entry.ok()) {
                SnapshotIndex.plainName(java.util.Objects.requireNonNullElse(entry.name(), ""), indexLocation);
            }
        }
        List<Outcome<R>> outcomes = new ArrayList<>();
        for (SnapshotIndex.Entry entry : index.entries()) {
            if (!filter.matches(entry.stream())) {
                continue;
            }
            RestoreRequest request = template.withStream(entry.stream()).withSubjects(null);
            outcomes.add(attempt(entry.stream(), () -> {
                if (!entry.ok()) {
                    throw new SnapshotException(ErrorCode.NOT_FOUND, "the index has no snapshot of stream " + entry.stream()
                            + ": it had failed (" + entry.error() + ")");
                }
                return work.apply(request, SnapshotIndex.sibling(indexLocation, SnapshotIndex.plainName(entry.name(), indexLocation)));
            }));
        }
        return new Run<>(indexLocation, outcomes);
    }

    /** The index a location names, or the newest one in the folder or prefix it names. */
    public String findIndex(String source) {
        if (SnapshotIndex.isIndexName(source)) {
            return source;
        }
        String container = source.endsWith("/") ? source : source + "/";
        try (SnapshotStore store = jetsnap.openStore(container)) {
            return store.list(container).stream().map(StoredSnapshot::location).filter(SnapshotIndex::isIndexName)
                    .max(SnapshotIndex.BY_TIME_IN_NAME)
                    .orElseThrow(() -> new SnapshotException(ErrorCode.NOT_FOUND, "no index (" + SnapshotIndex.NAME_PREFIX
                            + "*.json) in " + source + "; restore --all needs the folder or prefix a snapshot --all wrote"));
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not list " + source + ": " + e.getMessage(), e);
        } catch (SnapshotException e) {
            throw missingIsBadInput(e);
        }
    }

    /** A folder, prefix or index that is not there is a bad location for a run over many streams: it fails once, at the start. */
    private static SnapshotException missingIsBadInput(SnapshotException e) {
        return e.code() == ErrorCode.NOT_FOUND ? new SnapshotException(ErrorCode.BAD_INPUT, e.getMessage(), e) : e;
    }

    public SnapshotIndex readIndex(String location) {
        try (SnapshotStore store = jetsnap.openStore(location);
             InputStream in = store.openRead(location)) {
            return SnapshotIndex.parse(SnapshotIndex.readBounded(in, location), location);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read the index " + location + ": " + e.getMessage(), e);
        } catch (SnapshotException e) {
            throw missingIsBadInput(e);
        }
    }

    private <R> Outcome<R> attempt(String stream, java.util.function.Supplier<R> work) {
        listener.starting(stream);
        Outcome<R> outcome;
        try {
            outcome = new Outcome<>(stream, work.get(), null);
        } catch (SnapshotException e) {
            if (e.code() == ErrorCode.INTERRUPTED || e.code() == ErrorCode.BAD_INPUT) {
                throw e; // a bad location would fail every stream the same way
            }
            outcome = new Outcome<>(stream, null, e);
        } catch (RuntimeException e) {
            outcome = new Outcome<>(stream, null, new SnapshotException(ErrorCode.SERVER, e.getClass().getSimpleName() + ": "
                    + e.getMessage(), e));
        }
        listener.finished(outcome);
        return outcome;
    }
}

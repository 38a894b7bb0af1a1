package io.jetsnap.core;

import io.jetsnap.core.catalog.CatalogEntry;
import io.jetsnap.core.catalog.Pruner;
import io.jetsnap.core.catalog.RetentionPolicy;
import io.jetsnap.core.catalog.SnapshotCatalog;
import io.jetsnap.core.jetstream.StreamNames;
import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.read.CheckedReader;
import io.jetsnap.core.read.CurrentFormatCopy;
import io.jetsnap.core.read.PrefetchingReader;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.registry.Stores;
import io.jetsnap.core.restore.RestoreDryRun;
import io.jetsnap.core.restore.StreamRestorer;
import io.jetsnap.core.restore.verify.PlaceholderBound;
import io.jetsnap.core.snapshot.StreamSnapshotter;
import io.jetsnap.core.spi.ManifestCodec;
import io.jetsnap.core.spi.ManifestReader;
import io.jetsnap.core.spi.ManifestWriter;
import io.jetsnap.core.spi.PendingSnapshot;
import io.jetsnap.core.spi.PinnedSnapshot;
import io.jetsnap.core.spi.SnapshotStore;
import io.jetsnap.core.spi.StoredSnapshot;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The library's front door: snapshot a stream to a location, restore one from it, inspect and
 * verify snapshots. Codecs and stores are whatever {@link java.util.ServiceLoader} finds.
 *
 * <pre>{@code
 * try (Connection nc = Nats.connect("nats://127.0.0.1:4222")) {
 *     Jetsnap jetsnap = Jetsnap.builder().build();
 *     jetsnap.snapshot(nc, SnapshotRequest.of("orders"), "./orders.snapshot");
 *     jetsnap.restore(nc, RestoreRequest.of("orders").withForce(true), "./orders.snapshot");
 * }
 * }</pre>
 */
public final class Jetsnap {
    /**
     * The codec used when neither a format nor a recognised file extension says otherwise: CBOR
     * compressed with zstd, a fraction of the JSON codec's size (whose payloads are base64 anyway).
     */
    public static final String DEFAULT_FORMAT = "cbor";
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Codecs codecs;
    private final Stores stores;
    private final Map<String, String> storeSettings;
    private final EngineOptions engineOptions;
    private final ProgressListener progress;
    private final Map<String, String> codecOptions;
    private final Cancellation cancellation;

    private Jetsnap(Builder b) {
        this.codecs = b.codecs != null ? b.codecs : Codecs.load();
        this.stores = b.stores != null ? b.stores : Stores.load();
        this.storeSettings = Map.copyOf(b.storeSettings);
        this.engineOptions = b.engineOptions;
        this.progress = b.progress;
        this.codecOptions = Map.copyOf(b.codecOptions);
        this.cancellation = b.cancellation;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Codecs codecs() {
        return codecs;
    }

    public Stores stores() {
        return stores;
    }

    /**
     * Snapshots a stream to a location, choosing the codec from the location's extension, else
     * {@link #DEFAULT_FORMAT} (see {@link #codecFor}).
     */
    public SnapshotResult snapshot(Connection connection, SnapshotRequest request, String location) {
        return snapshot(connection, request, location, null);
    }

    /**
     * Snapshots a stream to a location with the named codec ({@code null}: from the location's
     * extension, else {@link #DEFAULT_FORMAT}; see {@link #codecFor}). The snapshot becomes visible
     * at the location only once it is whole.
     */
    public SnapshotResult snapshot(Connection connection, SnapshotRequest request, String location, @Nullable String format) {
        return snapshot(connection, request, location, format, false);
    }

    /**
     * Snapshots a stream as {@link #snapshot(Connection, SnapshotRequest, String, String)} does;
     * {@code overwrite} says whether a snapshot already at an explicit location is replaced (else it
     * is refused before the stream is read). A name generated in a folder or prefix never replaces
     * one: it becomes unique ({@link io.jetsnap.core.spi.GeneratedName}), and the result says where it went.
     */
    public SnapshotResult snapshot(Connection connection, SnapshotRequest request, String location, @Nullable String format,
                                   boolean overwrite) {
        NatsNames.requireStreamName(request.stream(), "stream");
        ManifestCodec codec = codecFor(location, format);
        long started = System.nanoTime();
        String defaultName = request.stream() + "-" + NAME_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "." + codec.fileExtension();
        try (SnapshotStore store = stores.open(location, storeSettings);
             PendingSnapshot pending = store.create(location, defaultName, overwrite)) {
            SnapshotSummary summary;
            try (ManifestWriter writer = codec.newWriter(pending.output(), codecOptions)) {
                summary = new StreamSnapshotter(connection, engineOptions, cancellation).snapshot(request, writer, progress);
            }
            StoredSnapshot stored = pending.commit();
            return new SnapshotResult(summary.header(), summary.trailer(), stored.location(), codec.name(), stored.size(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (SnapshotException e) {
            if (e.code() == ErrorCode.INTERRUPTED && cancellation.isCancelled()) {
                // the pending snapshot is discarded by now (closed without a commit)
                throw new SnapshotException(e.code(), e.getMessage() + "; nothing was written to " + location, e);
            }
            throw e;
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not write the snapshot to " + location + ": " + e.getMessage(), e);
        }
    }

    /** Restores a snapshot from a location into {@code request.stream()}; see {@link StreamRestorer}. */
    public RestoreResult restore(Connection connection, RestoreRequest request, String location) {
        requireNames(request);
        try (SnapshotStore store = stores.open(location, storeSettings); PinnedSnapshot pinned = store.openPinned(location)) {
            return new StreamRestorer(connection, codecs, engineOptions, cancellation).restore(request, pinned::open, progress);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read the snapshot at " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Says what {@link #restore} would do (create, replace or refuse the target, and how), changing
     * nothing: the target is only looked up, and the whole snapshot is read and verified as a restore would.
     */
    public RestorePreview previewRestore(Connection connection, RestoreRequest request, String location) {
        requireNames(request);
        try (SnapshotStore store = stores.open(location, storeSettings)) {
            return new RestoreDryRun(connection, codecs, engineOptions, cancellation).preview(request, () -> store.openRead(location), progress);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read the snapshot at " + location + ": " + e.getMessage(), e);
        }
    }

    /** A target name or subject nats-server would refuse is a usage error at once, before the snapshot is read. */
    private static void requireNames(RestoreRequest request) {
        NatsNames.requireStreamName(request.stream(), "stream");
        NatsNames.requireSubjects(request.subjects(), "subject");
    }

    /** The names of every stream on the server, KV and object store buckets included. */
    public List<String> streamNames(Connection connection) {
        return StreamNames.of(connection, engineOptions);
    }

    /** The store for a location, opened with this instance's store settings; close it after use. */
    public SnapshotStore openStore(String location) {
        return stores.open(location, storeSettings);
    }

    /** The snapshots in a folder or prefix, each described from its header (see {@link SnapshotCatalog}). */
    public SnapshotCatalog.Listing list(String location) {
        try (SnapshotStore store = openStore(location)) {
            return new SnapshotCatalog(store, codecs).list(location);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not list " + location + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code location} names a folder or prefix of snapshots rather than one snapshot. */
    public boolean isContainer(String location) {
        try (SnapshotStore store = openStore(location)) {
            return store.isContainer(location);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not open " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * The location of the newest snapshot of {@code stream} in the folder or prefix
     * {@code container}, by the time each snapshot began (its header), at or before {@code at}
     * when it is given.
     *
     * @throws SnapshotException {@code NOT_FOUND} when there is none
     */
    public String newestSnapshot(String container, String stream, @Nullable Instant at) {
        SnapshotCatalog.Listing listing = list(container);
        return SnapshotCatalog.newest(listing.snapshots(), stream, at).map(CatalogEntry::location)
                .orElseThrow(() -> new SnapshotException(ErrorCode.NOT_FOUND, "no snapshot of stream " + stream + " in "
                        + container + (at == null ? "" : " taken at or before " + at)
                        + (at != null && listing.snapshots().stream().anyMatch(e -> stream.equals(e.stream()))
                                ? " (it has later ones)" : "")));
    }

    /**
     * A location as a command takes it: a snapshot as it is, or, for a folder or prefix, the newest
     * snapshot of {@code stream} in it ({@link #newestSnapshot}).
     *
     * @param stream the stream whose newest snapshot a container stands for; null when none is named
     * @throws SnapshotException {@code BAD_INPUT} for a container without a stream
     */
    public String resolveSnapshot(String location, @Nullable String stream, @Nullable Instant at) {
        if (!isContainer(location)) {
            if (at != null) {
                throw SnapshotException.badInput("--at chooses among the snapshots of a folder or prefix; " + location
                        + " is one snapshot");
            }
            return location;
        }
        if (stream == null) {
            throw SnapshotException.badInput(location + " is a folder or prefix: name the stream whose newest snapshot "
                    + "there to take (or name one snapshot)");
        }
        return newestSnapshot(location, stream, at);
    }

    /**
     * Removes the snapshots in a folder or prefix that {@code policy} does not keep (see
     * {@link Pruner}); with {@code dryRun}, only says which.
     *
     * @param stream only this stream's snapshots; null for all
     */
    public Pruner.Result prune(String location, RetentionPolicy policy, @Nullable String stream, boolean dryRun) {
        return prune(location, policy, stream, dryRun, Pruner.DEFAULT_PARTIAL_AGE);
    }

    /**
     * {@link #prune(String, RetentionPolicy, String, boolean)}, removing what snapshots that never
     * finished left behind once last written longer ago than {@code partialAge} (zero: all of it).
     */
    public Pruner.Result prune(String location, RetentionPolicy policy, @Nullable String stream, boolean dryRun,
                               Duration partialAge) {
        try (SnapshotStore store = openStore(location)) {
            return new Pruner(store, codecs).prune(location, policy, stream, dryRun, partialAge, java.time.Instant.now());
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not prune " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a whole snapshot and checks it: header, every message, count, payload bytes and digest.
     * Returns its header and trailer; a bad snapshot is a {@code CORRUPT_SNAPSHOT} error.
     */
    public Verification verify(String location) {
        try (SnapshotStore store = stores.open(location, storeSettings);
             InputStream in = store.openRead(location)) {
            Codecs.Detected detected = codecs.detect(in);
            try (ManifestReader reader = new PrefetchingReader(detected.codec().newReader(detected.stream()))) {
                CheckedReader checked = new CheckedReader(reader);
                SnapshotSummary summary = checked.readAll("verify", message -> {
                    if (cancellation.isCancelled()) {
                        cancellation.check("the verification of " + location);
                    }
                }, progress);
                return new Verification(location, detected.codec().name(), summary, checked.firstSequence(), checked.lastSequence(),
                        PlaceholderBound.missingSequences(summary.header(), checked.count(), checked.firstSequence(),
                                checked.lastSequence()));
            }
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read the snapshot at " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites a snapshot with another codec, streaming: message by message, never whole. The
     * content, and so the digest, is unchanged; the source is verified as it is read, and the
     * target appears only if the source checked out to its last byte. A snapshot of an older
     * format version is written in the current one: the same messages, with the header's
     * {@code format_version} and so the digest of the current format ({@link Conversion#source()}
     * keeps what the source said).
     *
     * @param format the target codec, or null to choose it from the target's extension
     */
    public Conversion convert(String source, String target, @Nullable String format) {
        return convert(source, target, format, false);
    }

    /** {@link #convert(String, String, String)}; {@code overwrite} replaces a snapshot already at an explicit target. */
    public Conversion convert(String source, String target, @Nullable String format, boolean overwrite) {
        if (format == null && codecs.byFileName(target).isEmpty()) {
            throw SnapshotException.badInput("cannot tell the format of " + target + " from its name; give --format ("
                    + String.join(", ", codecs.all().stream().map(ManifestCodec::name).toList()) + ")");
        }
        ManifestCodec targetCodec = codecFor(target, format);
        long started = System.nanoTime();
        try (SnapshotStore sourceStore = stores.open(source, storeSettings);
             InputStream in = sourceStore.openRead(source);
             SnapshotStore targetStore = stores.open(target, storeSettings)) {
            Codecs.Detected detected = codecs.detect(in);
            try (ManifestReader reader = new PrefetchingReader(detected.codec().newReader(detected.stream()))) {
                CheckedReader checked = new CheckedReader(reader);
                String defaultName = checked.header().stream() + "." + targetCodec.fileExtension();
                try (PendingSnapshot pending = targetStore.create(target, defaultName, overwrite)) {
                    CurrentFormatCopy.Result copied;
                    try (ManifestWriter writer = targetCodec.newWriter(pending.output(), codecOptions)) {
                        copied = CurrentFormatCopy.copy(checked, writer, "convert", progress);
                    }
                    StoredSnapshot stored = pending.commit();
                    return new Conversion(stored.location(), detected.codec().name(), targetCodec.name(), copied.written(),
                            stored.size(), Duration.ofNanos(System.nanoTime() - started), copied.source());
                }
            }
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not convert " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The result of {@link #convert}.
     *
     * @param summary the header and trailer written
     * @param source the source's header and trailer: the same as {@code summary} unless the source
     *     was of an older format version, which was rewritten in the current one with a new digest
     */
    public record Conversion(String location, String fromCodec, String toCodec, SnapshotSummary summary, long sizeBytes,
                             Duration duration, SnapshotSummary source) {
        /** Whether the source was of an older format version, and so the digest changed. */
        public boolean upgraded() {
            return source.header().formatVersion() != summary.header().formatVersion();
        }
    }

    /**
     * A verified snapshot.
     *
     * @param firstSequence the first message's sequence, 0 when it holds none
     * @param lastSequence the last message's sequence, 0 when it holds none
     */
    /**
     * @param missingSequences the sequences without a message from the first message to the last
     *     sequence a restore gives the stream (messages deleted before the snapshot): a publishing
     *     restore publishes a placeholder for each, and refuses more than its bound
     *     ({@link RestoreRequest#DEFAULT_MAX_PLACEHOLDERS} unless raised)
     */
    public record Verification(String location, String codec, SnapshotSummary summary, long firstSequence, long lastSequence,
                               long missingSequences) {
    }

    /**
     * The codec a snapshot written to {@code location} gets: {@code format}, else the one whose file
     * extension ends the location, else {@link #DEFAULT_FORMAT}. Refused ({@code BAD_INPUT}), before
     * anything is read or written: a location whose extension is another codec's than the format
     * asked for, and a codec option ({@link Builder#codecOptions}) the codec does not have.
     */
    public ManifestCodec codecFor(String location, @Nullable String format) {
        java.util.Optional<ManifestCodec> named = codecs.byFileName(location);
        ManifestCodec codec = format != null ? codecs.byName(format) : named.orElseGet(() -> codecs.byName(DEFAULT_FORMAT));
        if (named.isPresent() && named.get() != codec) {
            throw SnapshotException.badInput("the format asked for is " + codec.name() + ", but " + location + " ends in ."
                    + named.get().fileExtension() + ", the extension of " + named.get().name() + "; name it ."
                    + codec.fileExtension() + ", or ask for " + named.get().name());
        }
        for (String option : codecOptions.keySet()) {
            if (!codec.optionNames().contains(option)) {
                throw SnapshotException.badInput("the " + codec.name() + " codec has no option " + option
                        + (codec.optionNames().isEmpty() ? "" : " (its options: " + String.join(", ",
                        new java.util.TreeSet<>(codec.optionNames())) + ")") + owners(option));
            }
        }
        return codec;
    }

    /** "; it is an option of the cbor codec", for an option another codec has. */
    private String owners(String option) {
        List<String> owners = codecs.all().stream().filter(c -> c.optionNames().contains(option)).map(ManifestCodec::name).toList();
        return owners.isEmpty() ? "" : "; " + option + " is an option of the " + String.join(", ", owners) + " codec";
    }

    /** Configures a {@link Jetsnap}. */
    public static final class Builder {
        private @Nullable Codecs codecs;
        private @Nullable Stores stores;
        private Map<String, String> storeSettings = Map.of();
        private EngineOptions engineOptions = EngineOptions.DEFAULTS;
        private ProgressListener progress = ProgressListener.NONE;
        private Map<String, String> codecOptions = Map.of();
        private Cancellation cancellation = Cancellation.create();

        private Builder() {
        }

        public Builder codecs(Codecs c) {
            this.codecs = Objects.requireNonNull(c);
            return this;
        }

        public Builder stores(Stores s) {
            this.stores = Objects.requireNonNull(s);
            return this;
        }

        /** Store-specific settings by name (e.g. an S3 endpoint), handed to every store opened. */
        public Builder storeSettings(Map<String, String> settings) {
            this.storeSettings = Objects.requireNonNull(settings);
            return this;
        }

        public Builder engineOptions(EngineOptions options) {
            this.engineOptions = Objects.requireNonNull(options);
            return this;
        }

        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Options for the codec that writes (e.g. {@code zstd.level=9}): a name the codec does not list
         * ({@link ManifestCodec#optionNames()}) is refused before anything is written (see {@link Jetsnap#codecFor}).
         */
        public Builder codecOptions(Map<String, String> options) {
            this.codecOptions = Objects.requireNonNull(options);
            return this;
        }

        /**
         * Lets snapshots, restores and verifications be stopped early from another thread (a
         * shutdown hook); see {@link Cancellation}. One cancellation stops everything this
         * instance does from then on.
         */
        public Builder cancellation(Cancellation c) {
            this.cancellation = Objects.requireNonNull(c);
            return this;
        }

        public Jetsnap build() {
            return new Jetsnap(this);
        }
    }
}

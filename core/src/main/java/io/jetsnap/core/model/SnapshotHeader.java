package io.jetsnap.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything a snapshot says before its first message.
 *
 * @param format always {@link #FORMAT}
 * @param formatVersion the version of the logical format ({@link #FORMAT_VERSION} when written)
 * @param toolVersion the jetsnap version that wrote it
 * @param created when the snapshot began
 * @param serverVersion the nats-server version of the source
 * @param stream the source stream's name
 * @param streamConfigJson the stream's configuration exactly as the server returned it (JSON text),
 *     so that no field is lost even if this version of jetsnap does not know it
 * @param state the stream's state when the snapshot began
 * @param selection which messages were taken
 * @param consumers the stream's durable consumers when the snapshot began; empty when there were
 *     none or they were left out
 * @param origin where it was taken; null in a snapshot that does not say (one written before
 *     jetsnap recorded it). Not part of the digest
 */
public record SnapshotHeader(String format, int formatVersion, String toolVersion, Instant created,
                             String serverVersion, String stream, String streamConfigJson,
                             StreamState state, Selection selection, List<ConsumerSnapshot> consumers,
                             @Nullable Origin origin) {
    /** The format identifier every jetsnap snapshot carries. */
    public static final String FORMAT = "jetsnap";
    /**
     * The logical format version this build writes and the newest it reads (it reads 1 too).
     * Version 2 keeps each message's header block as bytes; version 1 kept header lines.
     */
    public static final int FORMAT_VERSION = 2;

    public SnapshotHeader {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(streamConfigJson, "streamConfigJson");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(selection, "selection");
        consumers = List.copyOf(consumers);
    }

    /** A header that does not say where it was taken. */
    public SnapshotHeader(String format, int formatVersion, String toolVersion, Instant created, String serverVersion,
                          String stream, String streamConfigJson, StreamState state, Selection selection,
                          List<ConsumerSnapshot> consumers) {
        this(format, formatVersion, toolVersion, created, serverVersion, stream, streamConfigJson, state, selection,
                consumers, null);
    }

    /** A header without consumers. */
    public SnapshotHeader(String format, int formatVersion, String toolVersion, Instant created, String serverVersion,
                          String stream, String streamConfigJson, StreamState state, Selection selection) {
        this(format, formatVersion, toolVersion, created, serverVersion, stream, streamConfigJson, state, selection, List.of());
    }

    /** This header as format {@code version} would carry it (for rewriting an older snapshot in the current format). */
    public SnapshotHeader inFormatVersion(int version) {
        return new SnapshotHeader(format, version, toolVersion, created, serverVersion, stream, streamConfigJson,
                state, selection, consumers, origin);
    }

    /** This header with {@code list} as its consumers. */
    public SnapshotHeader withConsumers(List<ConsumerSnapshot> list) {
        return new SnapshotHeader(format, formatVersion, toolVersion, created, serverVersion, stream, streamConfigJson,
                state, selection, list, origin);
    }
}

package io.jetsnap.core.restore.plan;

import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotSummary;
import io.nats.client.support.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a publishing restore writes into its load configuration, so that a stream it leaves behind
 * (stopped by a signal, killed, failed before every message was in) says that it is a partial
 * restore, of which snapshot, since when. It is gone once the snapshot's configuration is applied,
 * which replaces the load configuration whole.
 *
 * <p>On nats-server 2.10+ it is the stream metadata entry {@value #METADATA_KEY}; nats-server 2.9
 * keeps no metadata, so there it is the description, which changes nothing a stream does (the
 * snapshot's own description comes back with its configuration). The text is the same in both:
 * {@code jetsnap restore in progress: snapshot of stream orders taken 2026-12-02T10:00:00.123Z,
 * digest sha256:..., began 2026-12-02T10:05:00Z}.
 *
 * @param snapshotStream the stream the snapshot was taken of
 * @param snapshotCreated when the snapshot began (its header's time)
 * @param digest the snapshot's digest, as verified before the target was touched
 * @param began when the restore began to change the target
 */
public record LoadMark(String snapshotStream, Instant snapshotCreated, String digest, Instant began) {
    static final String METADATA_KEY = "jetsnap.restore";
    private static final Pattern TEXT = Pattern.compile(
            "jetsnap restore in progress: snapshot of stream (\\S+) taken (\\S+), digest (\\S+), began (\\S+)");

    /** The mark of a restore of the verified snapshot {@code verified} that begins now. */
    public static LoadMark of(SnapshotSummary verified, Instant now) {
        return new LoadMark(verified.header().stream(), verified.header().created(), verified.trailer().digest(),
                now.truncatedTo(ChronoUnit.SECONDS));
    }

    String text() {
        return "jetsnap restore in progress: snapshot of stream " + snapshotStream + " taken " + snapshotCreated
                + ", digest " + digest + ", began " + began;
    }

    static Optional<LoadMark> parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LoadMark(m.group(1), Instant.parse(m.group(2)), m.group(3), Instant.parse(m.group(4))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The mark in a stream's configuration (metadata first, then the description), if it has one. */
    public static Optional<LoadMark> find(String configJson) {
        Map<String, JsonValue> config = JsApi.parse(configJson).map;
        if (config == null) {
            return Optional.empty();
        }
        JsonValue metadata = config.get("metadata");
        if (metadata != null && metadata.map != null) {
            JsonValue entry = metadata.map.get(METADATA_KEY);
            if (entry != null && entry.string != null) {
                Optional<LoadMark> mark = parse(entry.string);
                if (mark.isPresent()) {
                    return mark;
                }
            }
        }
        JsonValue description = config.get("description");
        return description != null && description.string != null ? parse(description.string) : Optional.empty();
    }

    /**
     * Writes the mark into a load configuration: into its metadata ({@code inMetadata}, for
     * nats-server 2.10+, keeping the snapshot's own entries), else as its description.
     */
    public void writeInto(Map<String, JsonValue> config, boolean inMetadata) {
        if (inMetadata) {
            JsonValue own = config.get("metadata");
            Map<String, JsonValue> metadata = own != null && own.map != null ? new LinkedHashMap<>(own.map) : new LinkedHashMap<>();
            metadata.put(METADATA_KEY, new JsonValue(text()));
            config.put("metadata", new JsonValue(metadata));
        } else {
            config.put("description", new JsonValue(text()));
        }
    }

    /**
     * Whether the restore that left this mark was of the snapshot with this header, as far as the
     * header tells (its stream and the time it began); only the digest, known once the snapshot is
     * verified, tells for certain ({@link #sameSnapshot(SnapshotSummary)}).
     */
    public boolean sameSnapshot(SnapshotHeader header) {
        return snapshotStream.equals(header.stream()) && snapshotCreated.equals(header.created());
    }

    /** Whether the restore that left this mark was of exactly this verified snapshot. */
    public boolean sameSnapshot(SnapshotSummary verified) {
        return sameSnapshot(verified.header()) && digest.equals(verified.trailer().digest());
    }

    /** "an interrupted jetsnap restore of the snapshot of stream S taken T at B". */
    public String describe() {
        return "an interrupted jetsnap restore of the snapshot of stream " + snapshotStream + " taken " + snapshotCreated
                + " (digest " + digest + ") at " + began;
    }
}

package io.jetsnap.core.batch;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.Origin;
import io.nats.client.support.JsonParseException;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The index a snapshot of many streams writes last, next to its snapshots: which stream went to
 * which snapshot, with its count and digest, and which streams failed. It is JSON:
 *
 * <pre>{@code
 * {"format":"jetsnap-index","version":1,"created":"2026-11-29T03:15:00Z","tool_version":"0.1.0",
 *  "snapshots":[{"stream":"orders","status":"ok","name":"orders-20261129T031500Z.json","codec":"json",
 *                "messages":3,"payload_bytes":120,"size_bytes":2048,"digest":"sha256:..."},
 *               {"stream":"broken","status":"failed","error":"..."}]}
 * }</pre>
 *
 * Snapshot names are relative to the index's own folder or prefix, so a copied folder still restores.
 */
public record SnapshotIndex(Instant created, String toolVersion, List<Entry> entries, @Nullable Origin origin) {
    /** An index that does not say where its run took the snapshots. */
    public SnapshotIndex(Instant created, String toolVersion, List<Entry> entries) {
        this(created, toolVersion, entries, null);
    }

    /** Index file names start with this and end with {@code .json}. */
    public static final String NAME_PREFIX = "jetsnap-index-";
    static final String FORMAT = "jetsnap-index";
    /** The largest index read: at about 300 bytes a stream, some 25,000 streams. */
    public static final int MAX_BYTES = 8 << 20;

    public SnapshotIndex {
        entries = List.copyOf(entries);
    }

    /**
     * One stream's line in the index.
     *
     * @param status {@code ok} or {@code failed}
     * @param name the snapshot's name beside the index; null when it failed
     * @param error why it failed; null when it did not
     */
    public record Entry(String stream, String status, @Nullable String name, @Nullable String codec, long messages,
                        long payloadBytes, long sizeBytes, @Nullable String digest, @Nullable String error) {
        public static Entry ok(String stream, String name, String codec, long messages, long payloadBytes, long sizeBytes,
                               String digest) {
            return new Entry(stream, "ok", name, codec, messages, payloadBytes, sizeBytes, digest, null);
        }

        public static Entry failed(String stream, String error) {
            return new Entry(stream, "failed", null, null, 0, 0, 0, null, error);
        }

        public boolean ok() {
            return status.equals("ok");
        }
    }

    /** Whether a file or object name (its last segment) is an index's. */
    public static boolean isIndexName(String location) {
        String name = lastSegment(location);
        return name.startsWith(NAME_PREFIX) && name.endsWith(".json");
    }

    /**
     * Orders index locations oldest to newest by name: by the UTC time in it, then by the
     * {@code -2}, {@code -3}, ... a store adds to a name already taken in the same second.
     */
    public static final java.util.Comparator<String> BY_TIME_IN_NAME = java.util.Comparator
            .comparing((String location) -> nameWithoutSuffix(lastSegment(location)))
            .thenComparingLong(location -> suffixNumber(lastSegment(location)));

    private static final java.util.regex.Pattern NUMBERED = java.util.regex.Pattern.compile("(.*)-(\\d{1,9})\\.json");

    private static String nameWithoutSuffix(String name) {
        java.util.regex.Matcher m = NUMBERED.matcher(name);
        return m.matches() ? m.group(1) : name.substring(0, name.length() - ".json".length());
    }

    private static long suffixNumber(String name) {
        java.util.regex.Matcher m = NUMBERED.matcher(name);
        return m.matches() ? Long.parseLong(m.group(2)) : 1;
    }

    /**
     * Checks that a snapshot name read from an index is a plain name beside it: not empty, not
     * {@code .} or {@code ..}, not hidden, no separator ({@code /} or {@code \}), no drive or
     * scheme ({@code :}), no control character. Anything else is a {@code CORRUPT_SNAPSHOT} error.
     */
    public static String plainName(String name, String index) {
        boolean plain = !name.isEmpty() && !name.startsWith(".") && name.chars().noneMatch(c -> c == '/' || c == '\\'
                || c == ':' || c < 0x20 || c == 0x7f);
        if (!plain) {
            throw SnapshotException.corrupt("the index " + index + " names a snapshot '" + printable(name) + "' that is not a "
                    + "plain file name beside it; an index names only files in its own folder or prefix (refused)");
        }
        return name;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> b.append(c < 0x20 || c == 0x7f ? "\\u" + String.format("%04x", c)
                : new String(Character.toChars(c))));
        return b.toString();
    }

    /**
     * An index's text, read whole up to {@link #MAX_BYTES}; a larger file is no index of ours
     * (a {@code CORRUPT_SNAPSHOT} error), however much memory there is.
     */
    public static String readBounded(java.io.InputStream in, String location) throws java.io.IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw SnapshotException.corrupt(location + " is not a jetsnap index: it is larger than " + (MAX_BYTES >> 20)
                    + " MiB, more than an index holds");
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The last segment of a location: a file or object name. */
    public static String lastSegment(String location) {
        String trimmed = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(java.io.File.separatorChar));
        return trimmed.substring(slash + 1);
    }

    /** The location of {@code name} in the same folder or prefix as {@code location}. */
    public static String sibling(String location, String name) {
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf(java.io.File.separatorChar));
        return location.substring(0, slash + 1) + name;
    }

    public String toJson() {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("format", new JsonValue(FORMAT));
        m.put("version", new JsonValue(1));
        m.put("created", new JsonValue(created.toString()));
        m.put("tool_version", new JsonValue(toolVersion));
        if (origin != null) {
            Map<String, JsonValue> o = new LinkedHashMap<>();
            origin.members().forEach((k, v) -> o.put(k, new JsonValue(v)));
            m.put("origin", new JsonValue(o));
        }
        List<JsonValue> list = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, JsonValue> em = new LinkedHashMap<>();
            em.put("stream", new JsonValue(e.stream()));
            em.put("status", new JsonValue(e.status()));
            if (e.ok()) {
                em.put("name", new JsonValue(e.name()));
                em.put("codec", new JsonValue(e.codec()));
                em.put("messages", new JsonValue(e.messages()));
                em.put("payload_bytes", new JsonValue(e.payloadBytes()));
                em.put("size_bytes", new JsonValue(e.sizeBytes()));
                em.put("digest", new JsonValue(e.digest()));
            } else {
                em.put("error", new JsonValue(e.error()));
            }
            list.add(new JsonValue(em));
        }
        m.put("snapshots", new JsonValue(list));
        return new JsonValue(m).toJson();
    }

    /** Parses an index; anything else is a {@code CORRUPT_SNAPSHOT} error naming {@code location}. */
    public static SnapshotIndex parse(String json, String location) {
        try {
            Map<String, JsonValue> m = JsonParser.parse(json).map;
            if (m == null || !jsonString(m, "format").equals(FORMAT)) {
                throw SnapshotException.corrupt(location + " is not a jetsnap index");
            }
            List<Entry> entries = new ArrayList<>();
            JsonValue list = m.get("snapshots");
            for (JsonValue v : list == null || list.array == null ? List.<JsonValue>of() : list.array) {
                Map<String, JsonValue> e = v.map == null ? Map.of() : v.map;
                entries.add(new Entry(jsonString(e, "stream"), jsonString(e, "status"), nullable(e, "name"),
                        nullable(e, "codec"), number(e, "messages"), number(e, "payload_bytes"), number(e, "size_bytes"),
                        nullable(e, "digest"), nullable(e, "error")));
            }
            JsonValue o = m.get("origin");
            Origin origin = null;
            if (o != null && o.map != null) {
                Map<String, String> members = new HashMap<>();
                o.map.forEach((k, v) -> {
                    if (v.string != null) {
                        members.put(k, v.string);
                    }
                });
                origin = Origin.ofMembers(members);
            }
            return new SnapshotIndex(Instant.parse(jsonString(m, "created")), jsonString(m, "tool_version"), entries, origin);
        } catch (JsonParseException | DateTimeParseException e) {
            throw SnapshotException.corrupt(location + " is not a readable jetsnap index: " + e.getMessage());
        }
    }

    private static String jsonString(Map<String, JsonValue> m, String key) {
        String s = nullable(m, key);
        return s == null ? "" : s;
    }

    private static @Nullable String nullable(Map<String, JsonValue> m, String key) {
        JsonValue v = m.get(key);
        return v == null ? null : v.string;
    }

    private static long number(Map<String, JsonValue> m, String key) {
        JsonValue v = m.get(key);
        return v == null || v.number == null ? 0 : v.number.longValue();
    }
}

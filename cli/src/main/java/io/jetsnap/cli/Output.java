package io.jetsnap.cli;

import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.model.StreamState;
import io.nats.client.support.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Renders results for people and, with {@code --json}, for scripts. */
final class Output {
    private Output() {
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2fs", d.toNanos() / 1e9);
    }

    /** A duration as a clock: "42s", "3m05s", "1h02m03s". */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
    }

    /**
     * {@code text} and the rate over {@code d} ("..., 12,345 msg/s, 3.2 MiB/s"), or {@code text}
     * alone for a run of less than a second, whose rate is mostly its start-up ("4 msg/s" for one message).
     */
    static String withRate(String text, long messages, long bytes, Duration d) {
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? text : text + ", " + rate(messages, bytes, d);
    }

    /** "12,345 msg/s, 3.2 MiB/s" over a duration. */
    static String rate(long messages, long bytes, Duration d) {
        double seconds = Math.max(1e-9, d.toNanos() / 1e9);
        return String.format(Locale.ROOT, "%,.0f msg/s, %s/s", messages / seconds, bytes((long) (bytes / seconds)));
    }

    /** Where a snapshot was taken, or a restore went, in {@code --json}: its parts and its label; null when unknown. */
    static JsonValue origin(io.jetsnap.core.model.@org.jspecify.annotations.Nullable Origin o) {
        if (o == null) {
            return JsonValue.NULL;
        }
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("label", new JsonValue(o.label()));
        m.put("server_name", text(o.serverName()));
        m.put("server_id", text(o.serverId()));
        m.put("cluster", text(o.cluster()));
        m.put("domain", text(o.domain()));
        m.put("url", text(o.url()));
        return new JsonValue(m);
    }

    /** A restore's target as a person reads it: {@code cluster east (server n1)}, or {@code server n1}. */
    static String where(io.jetsnap.core.model.Origin o) {
        String server = o.serverName() != null ? o.serverName() : o.serverId() != null ? o.serverId() : "?";
        return (o.domain() != null ? "domain " + o.domain() + ", " : "")
                + (o.cluster() != null ? "cluster " + o.cluster() + " (server " + server + ")" : "server " + server);
    }

    private static JsonValue text(@org.jspecify.annotations.Nullable String s) {
        return s == null ? JsonValue.NULL : new JsonValue(s);
    }

    /** Below this much payload a snapshot's file is mostly its header (the configuration): a ratio would mean nothing. */
    static final long RATIO_MIN_PAYLOAD = 64 * 1024;

    /**
     * The size of a snapshot's file beside its payload, as a person reads it: "file 3.7 MiB for
     * 19.1 MiB of payload (5.2 x smaller)", "(1.4 x larger)"; without a ratio when the payload is too
     * small for one to mean anything.
     */
    static String fileBeside(long fileBytes, long payloadBytes) {
        if (payloadBytes == 0) {
            return "file " + bytes(fileBytes) + " (no payload)";
        }
        String base = "file " + bytes(fileBytes) + " for " + bytes(payloadBytes) + " of payload";
        if (payloadBytes < RATIO_MIN_PAYLOAD || fileBytes == 0) {
            return base;
        }
        double ratio = (double) payloadBytes / fileBytes;
        if (Math.abs(ratio - 1) < 0.05) {
            return base + " (about its size)";
        }
        return base + String.format(Locale.ROOT, ratio > 1 ? " (%.1f x smaller)" : " (%.1f x larger)", ratio > 1 ? ratio : 1 / ratio);
    }

    static Map<String, JsonValue> summaryJson(SnapshotSummary s) {
        SnapshotHeader h = s.header();
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("stream", new JsonValue(h.stream()));
        m.put("format", new JsonValue(h.format()));
        m.put("format_version", new JsonValue(h.formatVersion()));
        m.put("tool_version", new JsonValue(h.toolVersion()));
        m.put("created", new JsonValue(h.created().toString()));
        m.put("server_version", new JsonValue(h.serverVersion()));
        m.put("origin", origin(h.origin()));
        StreamState st = h.state();
        Map<String, JsonValue> state = new LinkedHashMap<>();
        state.put("messages", new JsonValue(st.messages()));
        state.put("bytes", new JsonValue(st.bytes()));
        state.put("first_seq", new JsonValue(st.firstSequence()));
        state.put("last_seq", new JsonValue(st.lastSequence()));
        m.put("stream_state", new JsonValue(state));
        Selection sel = h.selection();
        Map<String, JsonValue> selection = new LinkedHashMap<>();
        selection.put("max_seq", sel.maxSequence() == null ? JsonValue.NULL : new JsonValue(sel.maxSequence().longValue()));
        selection.put("before", time(sel.before()));
        selection.put("up_to_seq", new JsonValue(sel.upToSequence()));
        m.put("selection", new JsonValue(selection));
        java.util.List<JsonValue> consumers = new java.util.ArrayList<>();
        for (var c : h.consumers()) {
            Map<String, JsonValue> cm = new LinkedHashMap<>();
            cm.put("name", new JsonValue(c.name()));
            cm.put("delivered_stream_seq", new JsonValue(c.deliveredStreamSequence()));
            cm.put("ack_floor_stream_seq", new JsonValue(c.ackFloorStreamSequence()));
            cm.put("config", io.nats.client.support.JsonParser.parseUnchecked(c.configJson()));
            consumers.add(new JsonValue(cm));
        }
        m.put("consumers", new JsonValue(consumers));
        m.put("messages", new JsonValue(s.trailer().messageCount()));
        m.put("payload_bytes", new JsonValue(s.trailer().payloadBytes()));
        m.put("digest", new JsonValue(s.trailer().digest()));
        m.put("stream_config", io.nats.client.support.JsonParser.parseUnchecked(h.streamConfigJson()));
        return m;
    }

    private static JsonValue time(Instant t) {
        return t == null ? JsonValue.NULL : new JsonValue(t.toString());
    }

    /** Adds where a snapshot was written, with which codec, how large and how fast. */
    static Map<String, JsonValue> written(Map<String, JsonValue> m, String location, String codec, long sizeBytes,
                                          Duration duration) {
        m.put("location", new JsonValue(location));
        m.put("codec", new JsonValue(codec));
        m.put("size_bytes", new JsonValue(sizeBytes));
        m.put("duration_seconds", new JsonValue(duration.toNanos() / 1e9));
        return m;
    }

    static String json(Map<String, JsonValue> map) {
        return new JsonValue(map).toJson();
    }
}

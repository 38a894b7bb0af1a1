package io.jetsnap.core;

import io.nats.client.support.JsonValue;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to restore.
 *
 * @param stream the target stream's name; may differ from the snapshot's (a clone)
 * @param force delete and recreate the target if it already holds messages
 * @param replicas override the snapshot's replica count, or null to keep it
 * @param subjects the restored stream's subjects instead of the snapshot's, or null to keep them:
 *     for a clone on the server that still has the original. The messages keep their subjects
 *     (they are published through a temporary subject transform; nats-server 2.10 or newer).
 * @param standalone restore a mirror, or a stream with sources, as a stream of its own: without the
 *     mirror or sources, which would make the server copy their origins again on top of it
 * @param consumers restore the durable consumers the snapshot records
 * @param method how the messages go back into the server
 * @param configLossAllowed restore even where the target server would not keep some of the
 *     configuration (a field it does not know, a value it changes): each such field is then a note
 *     in the result; without it such a restore is refused before anything changes
 * @param maxPlaceholders the most sequences without a message a publishing restore fills with a
 *     placeholder each ({@link #DEFAULT_MAX_PLACEHOLDERS} unless raised); a snapshot that needs more
 *     is refused before anything changes
 * @param placement where the restored stream is placed instead of the snapshot's placement, or
 *     null to keep it: checked with the rest of the configuration before anything changes (a
 *     cluster or tags the servers do not have, or a cluster asked of a server in none, is refused)
 */
public record RestoreRequest(String stream, boolean force, @Nullable Integer replicas, @Nullable List<String> subjects,
                             boolean standalone, boolean consumers, Method method, boolean configLossAllowed,
                             long maxPlaceholders, @Nullable Placement placement) {
    /** One hundred million placeholders: some minutes of publishing. */
    public static final long DEFAULT_MAX_PLACEHOLDERS = 100_000_000L;

    /** How a restore puts the messages back. */
    public enum Method {
        /** {@link #SERVER} where the server has it (nats-server 2.15+), else {@link #PUBLISH}. */
        AUTO,
        /**
         * nats-server's own restore API (2.15+): every message is stored exactly as it was, with its
         * original timestamp, and no header is acted on again.
         */
        SERVER,
        /**
         * Publish every message back at its original sequence (any server version); messages get
         * new timestamps, and headers the server acts on are checked first (see the docs).
         */
        PUBLISH
    }

    /**
     * Where a stream is placed, as its configuration's {@code placement}: in a cluster, on servers
     * with all these tags ({@code server_tags}), or both.
     *
     * @param cluster the cluster's name, or null for any
     * @param tags the tags every server holding the stream must have; empty for none
     */
    public record Placement(@Nullable String cluster, List<String> tags) {
        public Placement {
            tags = List.copyOf(tags);
            if (cluster != null && cluster.isBlank()) {
                throw SnapshotException.badInput("a placement's cluster name must not be empty");
            }
            if (tags.stream().anyMatch(String::isBlank)) {
                throw SnapshotException.badInput("a placement's tags must not be empty");
            }
            if (cluster == null && tags.isEmpty()) {
                throw SnapshotException.badInput("a placement names a cluster, tags or both");
            }
        }

        /** The placement in the stream configuration's JSON ({@code {"cluster":"c1","tags":["az:1"]}}). */
        public String toJson() {
            java.util.Map<String, JsonValue> m = new java.util.LinkedHashMap<>();
            if (cluster != null) {
                m.put("cluster", new JsonValue(cluster));
            }
            if (!tags.isEmpty()) {
                m.put("tags", new JsonValue(tags.stream().map(JsonValue::new).toList()));
            }
            return new JsonValue(m).toJson();
        }
    }

    public RestoreRequest {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(method, "method");
        if (replicas != null && replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1");
        }
        if (maxPlaceholders < 0) {
            throw new IllegalArgumentException("maxPlaceholders must not be negative");
        }
        if (subjects != null) {
            subjects = List.copyOf(subjects);
            if (subjects.isEmpty()) {
                throw new IllegalArgumentException("subjects must not be empty");
            }
        }
    }

    /** A request that keeps the snapshot's placement. */
    public RestoreRequest(String stream, boolean force, @Nullable Integer replicas, @Nullable List<String> subjects,
                          boolean standalone, boolean consumers, Method method, boolean configLossAllowed,
                          long maxPlaceholders) {
        this(stream, force, replicas, subjects, standalone, consumers, method, configLossAllowed, maxPlaceholders, null);
    }

    /** A request with the default placeholder bound. */
    public RestoreRequest(String stream, boolean force, @Nullable Integer replicas, @Nullable List<String> subjects,
                          boolean standalone, boolean consumers, Method method, boolean configLossAllowed) {
        this(stream, force, replicas, subjects, standalone, consumers, method, configLossAllowed, DEFAULT_MAX_PLACEHOLDERS);
    }

    /** A request that refuses to lose configuration. */
    public RestoreRequest(String stream, boolean force, @Nullable Integer replicas, @Nullable List<String> subjects,
                          boolean standalone, boolean consumers, Method method) {
        this(stream, force, replicas, subjects, standalone, consumers, method, false);
    }

    public static RestoreRequest of(String stream) {
        return new RestoreRequest(stream, false, null, null, false, true, Method.AUTO);
    }

    /** This request, restoring also where the target server would not keep all of the configuration. */
    public RestoreRequest allowConfigLoss() {
        return withAllowConfigLoss(true);
    }

    public RestoreRequest withAllowConfigLoss(boolean allow) {
        return new RestoreRequest(stream, force, replicas, subjects, standalone, consumers, method, allow, maxPlaceholders, placement);
    }

    public RestoreRequest withForce(boolean f) {
        return new RestoreRequest(stream, f, replicas, subjects, standalone, consumers, method, configLossAllowed, maxPlaceholders, placement);
    }

    public RestoreRequest withReplicas(@Nullable Integer r) {
        return new RestoreRequest(stream, force, r, subjects, standalone, consumers, method, configLossAllowed, maxPlaceholders, placement);
    }

    public RestoreRequest withSubjects(@Nullable List<String> s) {
        return new RestoreRequest(stream, force, replicas, s, standalone, consumers, method, configLossAllowed, maxPlaceholders, placement);
    }

    public RestoreRequest withConsumers(boolean restore) {
        return new RestoreRequest(stream, force, replicas, subjects, standalone, restore, method, configLossAllowed, maxPlaceholders, placement);
    }

    public RestoreRequest withStandalone(boolean alone) {
        return new RestoreRequest(stream, force, replicas, subjects, alone, consumers, method, configLossAllowed, maxPlaceholders, placement);
    }

    public RestoreRequest withMethod(Method m) {
        return new RestoreRequest(stream, force, replicas, subjects, standalone, consumers, m, configLossAllowed, maxPlaceholders, placement);
    }

    /** This request, restoring into {@code name} (for many streams restored with one request's options). */
    public RestoreRequest withStream(String name) {
        return new RestoreRequest(name, force, replicas, subjects, standalone, consumers, method, configLossAllowed, maxPlaceholders,
                placement);
    }

    /** This request, placing the restored stream as {@code p} says (null: as the snapshot's was). */
    public RestoreRequest withPlacement(@Nullable Placement p) {
        return new RestoreRequest(stream, force, replicas, subjects, standalone, consumers, method, configLossAllowed, maxPlaceholders, p);
    }

    /** This request with another bound on the placeholders a publishing restore may publish. */
    public RestoreRequest withMaxPlaceholders(long max) {
        return new RestoreRequest(stream, force, replicas, subjects, standalone, consumers, method, configLossAllowed, max, placement);
    }
}

package io.jetsnap.core.engine;

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
 */
public record RestoreRequest(String stream, boolean force, @Nullable Integer replicas, @Nullable List<String> subjects,
                             boolean standalone, boolean consumers, Method method, boolean configLossAllowed,
                             long maxPlaceholders) {
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
        return new RestoreRequest(stream, force, replicas, subjects, standalone, consumers, method, allow, maxPlaceholders);
    }

    public RestoreRequest withForce(boolean f) {
        return new RestoreRequest(stream, f, replicas, subjects, standalone, consumers, method, configLossAllowed, maxPlaceholders);
    }

    public RestoreRequest withReplicas(@Nullable Integer r) {
        return new RestoreRequest(stream, force, r, subjects, standalone, consumers, method, configLossAllowed, maxPlaceholders);
    }

    public RestoreRequest withSubjects(@Nullable List<String> s) {
        return new RestoreRequest(stream, force, replicas, s, standalone, consumers, method, configLossAllowed, maxPlaceholders);
    }

    public RestoreRequest withConsumers(boolean restore) {
        return new RestoreRequest(stream, force, replicas, subjects, standalone, restore, method, configLossAllowed, maxPlaceholders);
    }

    public RestoreRequest withStandalone(boolean alone) {
        return new RestoreRequest(stream, force, replicas, subjects, alone, consumers, method, configLossAllowed, maxPlaceholders);
    }

    public RestoreRequest withMethod(Method m) {
        return new RestoreRequest(stream, force, replicas, subjects, standalone, consumers, m, configLossAllowed, maxPlaceholders);
    }

    /** This request with another bound on the placeholders a publishing restore may publish. */
    public RestoreRequest withMaxPlaceholders(long max) {
        return new RestoreRequest(stream, force, replicas, subjects, standalone, consumers, method, configLossAllowed, max);
    }
}

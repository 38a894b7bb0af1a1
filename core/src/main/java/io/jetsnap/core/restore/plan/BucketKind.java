package io.jetsnap.core.restore.plan;

import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The two kinds of bucket the official clients keep in streams, and how they name them: a KV
 * bucket {@code b} is stream {@code KV_b} with subjects {@code $KV.b.>}; an Object Store bucket
 * {@code b} is stream {@code OBJ_b} with subjects {@code $O.b.C.>} (chunks) and {@code $O.b.M.>}
 * (object info).
 */
enum BucketKind {
    KV("KV bucket", "KV_", "$KV."),
    OBJECT_STORE("Object Store bucket", "OBJ_", "$O.");

    /** The bucket name rule of the official clients (JS and Go {@code validBucketRe}). */
    private static final Pattern BUCKET_NAME = Pattern.compile("[-A-Za-z0-9_]+");

    private final String label;
    private final String streamPrefix;
    private final String subjectPrefix;

    BucketKind(String label, String streamPrefix, String subjectPrefix) {
        this.label = label;
        this.streamPrefix = streamPrefix;
        this.subjectPrefix = subjectPrefix;
    }

    /** "KV bucket", "Object Store bucket". */
    String label() {
        return label;
    }

    /** What a bucket's stream name starts with: {@code KV_}, {@code OBJ_}. */
    String streamPrefix() {
        return streamPrefix;
    }

    /** What a bucket's subjects start with, before the bucket name: {@code $KV.}, {@code $O.}. */
    String subjectPrefix() {
        return subjectPrefix;
    }

    /** The bucket a stream of this name holds, if the name is a bucket's. */
    Optional<String> bucketOf(String streamName) {
        if (!streamName.startsWith(streamPrefix)) {
            return Optional.empty();
        }
        String bucket = streamName.substring(streamPrefix.length());
        return BUCKET_NAME.matcher(bucket).matches() ? Optional.of(bucket) : Optional.empty();
    }

    /** The subjects a bucket of this kind is created with. */
    List<String> subjects(String bucket) {
        String prefix = subjectPrefix + bucket + ".";
        return this == KV ? List.of(prefix + ">") : List.of(prefix + "C.>", prefix + "M.>");
    }

    /** The kind of bucket a stream of this name would be taken for, or null for no bucket's name. */
    static @Nullable BucketKind ofName(String streamName) {
        for (BucketKind k : values()) {
            if (k.bucketOf(streamName).isPresent()) {
                return k;
            }
        }
        return null;
    }

    /**
     * The kind of bucket stream {@code name} with this configuration is: its name is a bucket's
     * and it listens on that bucket's subjects. Null for any other stream.
     */
    static @Nullable BucketKind ofStream(Map<String, JsonValue> config, String name) {
        BucketKind kind = ofName(name);
        if (kind == null) {
            return null;
        }
        JsonValue subjects = config.get("subjects");
        List<String> own = new ArrayList<>();
        if (subjects != null && subjects.array != null) {
            subjects.array.forEach(s -> own.add(s.string));
        }
        return own.containsAll(kind.subjects(kind.bucketOf(name).orElseThrow())) ? kind : null;
    }
}

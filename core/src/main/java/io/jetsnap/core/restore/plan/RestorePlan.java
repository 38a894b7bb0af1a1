package io.jetsnap.core.restore.plan;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.jetstream.SubjectMatch;
import io.nats.client.NUID;
import io.nats.client.support.JsonValue;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The two configurations a restore applies: a <em>load</em> configuration under which every
 * message can be published back exactly ({@link LoadConfiguration}: no limit evicts, no seal or
 * deny flag refuses, no republish or transform fires, and an extra private subject takes the
 * placeholders that fill sequence gaps), then the snapshot's own configuration, applied as an
 * update once the messages are in. Every relaxation is one that a stream update may tighten again.
 */
public final class RestorePlan {
    private final String target;
    private final Map<String, JsonValue> snapshotConfig;
    private final @Nullable Integer replicas;
    private final RestoreRequest.@Nullable Placement placement;
    private final @Nullable List<String> subjects;
    private final boolean standalone;
    private final boolean interest;
    private final String gapSubject;
    private final String clonePrefix;
    private final boolean privatePrefix;
    private final boolean markInMetadata;
    private @Nullable LoadMark mark;
    private final UnknownFields unknownFields = new UnknownFields();

    /** @param placement the restored stream's placement instead of the snapshot's, or null to keep it */
    public RestorePlan(String target, String snapshotConfigJson, @Nullable Integer replicas, @Nullable List<String> subjects,
                RestoreRequest.@Nullable Placement placement, boolean standalone, boolean withConsumers, boolean serverSide,
                ServerVersion server) {
        this.target = target;
        this.placement = placement;
        JsonValue parsed = JsApi.parse(snapshotConfigJson);
        if (parsed.map == null) {
            throw SnapshotException.corrupt("the snapshot's stream configuration is not a JSON object");
        }
        this.snapshotConfig = parsed.map;
        this.replicas = replicas;
        boolean mirror = present(snapshotConfig.get("mirror"));
        JsonValue sources = snapshotConfig.get("sources");
        boolean sourcing = sources != null && sources.array != null && !sources.array.isEmpty();
        if ((mirror || sourcing) && !standalone) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "the snapshot is of " + (mirror ? "a mirror" : "a stream with sources")
                    + "; restored as it was, the server would copy " + (mirror ? "its origin" : "its sources")
                    + " again on top of the restored messages; nothing was changed (use --standalone to restore it as a "
                    + "stream of its own, without " + (mirror ? "the mirror" : "sources") + ")");
        }
        this.standalone = standalone;
        // a mirror, or a stream fed only by sources, takes no subjects of its own: standing alone it
        // gets the given ones, or its name (what the server gives a stream created without subjects)
        JsonValue own = snapshotConfig.get("subjects");
        boolean noOwnSubjects = own == null || own.array == null || own.array.isEmpty();
        this.subjects = subjects == null && standalone && noOwnSubjects ? List.of(target) : subjects;
        String nuid = NUID.nextGlobal();
        this.gapSubject = "_jetsnap.gap." + nuid;
        this.clonePrefix = "_jetsnap.clone." + nuid;
        this.privatePrefix = !serverSide && server.atLeast(2, 10);
        this.markInMetadata = server.atLeast(2, 10);
        JsonValue retention = snapshotConfig.get("retention");
        this.interest = retention != null && "interest".equals(retention.string);
        if (interest && !withConsumers && !serverSide) {
            // An Interest stream keeps a message only while a consumer needs it, and a stream
            // update cannot change the retention policy: without consumers every message would
            // be dropped as it is published. (The server-side restore stores them without asking.)
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "the snapshot is of an Interest stream, whose messages "
                    + "live only as long as its consumers need them, and there are no consumers to restore (the snapshot "
                    + "was taken with --no-consumers, or the restore asked for none); nothing was changed");
        }
    }

    /** The subject placeholders for missing sequences are published on during the load. */
    public String gapSubject() {
        return gapSubject;
    }

    /** Whether placeholders can be published at all (the stream takes subjects). */
    public boolean canFillGaps() {
        JsonValue original = snapshotConfig.get("subjects");
        return subjects != null || original != null && original.array != null && !original.array.isEmpty();
    }

    /** Whether the stream keeps messages only while consumers need them (consumers come first). */
    public boolean interest() {
        return interest;
    }

    /** Whether the restored stream keeps its messages in memory (else in files). */
    public boolean memoryStorage() {
        JsonValue storage = snapshotConfig.get("storage");
        return storage != null && "memory".equals(storage.string);
    }

    /** The restored stream's replicas: the ones asked for, else the snapshot's (at least 1). */
    public int replicas() {
        JsonValue r = base().get("num_replicas");
        return r != null && r.number != null ? Math.max(1, r.number.intValue()) : 1;
    }

    /** The placement the restore was asked for instead of the snapshot's, or null. */
    RestoreRequest.@Nullable Placement askedPlacement() {
        return placement;
    }

    /** Whether the restored stream removes messages by age (judged by their timestamps). */
    public boolean expires() {
        JsonValue maxAge = snapshotConfig.get("max_age");
        return maxAge != null && maxAge.number != null && maxAge.number.longValue() > 0;
    }

    /** Whether the restored stream takes other subjects than the snapshot's (a clone beside its original). */
    public boolean changesSubjects() {
        return subjects != null;
    }

    /**
     * Where to publish a message so that the restored stream stores it under {@code subject}: the
     * subject itself, or, when the subjects change, the subject under a private prefix that the
     * load configuration's subject transform strips again.
     */
    public String publishSubject(String subject) {
        return privatePrefix ? clonePrefix + "." + subject : subject;
    }

    /**
     * Whether the stream is loaded under jetsnap's private subjects (nats-server 2.10+, publishing
     * restore): every message is then stored under the subject it was stored under, whatever the
     * configuration's subjects and transform. Without (nats-server 2.9), each message's subject
     * must be one the stream takes; see {@link #takes}.
     */
    public boolean loadsUnderPrivateSubjects() {
        return privatePrefix;
    }

    /** Whether the restored stream's own subjects take {@code subject} (the check that matters without private subjects). */
    public boolean takes(String subject) {
        for (String filter : finalSubjects()) {
            if (SubjectMatch.matches(filter, subject)) {
                return true;
            }
        }
        return false;
    }

    /** The subjects the restored stream takes, as its final configuration lists them. */
    public List<String> finalSubjects() {
        JsonValue list = base().get("subjects");
        if (list == null || list.array == null) {
            return List.of();
        }
        return list.array.stream().filter(v -> v.string != null).map(v -> v.string).toList();
    }

    /** The republish destination of the snapshot's configuration, or null when it has none. */
    public @Nullable String republishDestination() {
        JsonValue republish = snapshotConfig.get("republish");
        if (!present(republish) || republish.map == null) {
            return null;
        }
        JsonValue dest = republish.map.get("dest");
        return dest != null && dest.string != null ? dest.string : "";
    }

    /** The configuration the messages are published back under; see {@link LoadConfiguration}. */
    public String loadConfigJson() {
        return new JsonValue(loadConfig()).toJson();
    }

    /**
     * The load configuration with the stream's own duplicate window, for the tail whose message ids
     * the restored stream must remember (see {@link DuplicateTail}).
     */
    public String tailLoadConfigJson() {
        Map<String, JsonValue> c = loadConfig();
        c.put("duplicate_window", new JsonValue(duplicateWindow().toNanos()));
        return new JsonValue(c).toJson();
    }

    /**
     * The stream's duplicate window as the source server reported it (it fills in its default);
     * zero where the stream remembers no ids (a mirror's, or one that says none).
     */
    public Duration duplicateWindow() {
        JsonValue window = snapshotConfig.get("duplicate_window");
        long nanos = window != null && window.number != null ? window.number.longValue() : 0;
        return nanos > 0 ? Duration.ofNanos(nanos) : Duration.ZERO;
    }

    /** Marks the load configuration as this restore's, once the snapshot is verified (see {@link LoadMark}). */
    public void mark(LoadMark restoreMark) {
        this.mark = restoreMark;
    }

    /**
     * The fields of the snapshot's configurations that the target server refuses as unknown, as the
     * {@link ConfigProbe} finds them: taken out of both configurations from then on.
     */
    public UnknownFields unknownFields() {
        return unknownFields;
    }

    public String finalConfigJson() {
        return new JsonValue(base()).toJson();
    }

    private Map<String, JsonValue> loadConfig() {
        return LoadConfiguration.of(base(), gapSubject, privatePrefix ? clonePrefix : null, mark, markInMetadata);
    }

    private static boolean present(@Nullable JsonValue v) {
        return v != null && v.type != JsonValue.Type.NULL;
    }

    private Map<String, JsonValue> base() {
        Map<String, JsonValue> c = new LinkedHashMap<>(snapshotConfig);
        c.put("name", new JsonValue(target));
        if (standalone) {
            c.remove("mirror");
            c.remove("sources");
        }
        if (replicas != null) {
            c.put("num_replicas", new JsonValue(replicas.intValue()));
        }
        if (subjects != null) {
            c.put("subjects", new JsonValue(subjects.stream().map(JsonValue::new).toList()));
        }
        if (placement != null) {
            c.put("placement", JsApi.parse(placement.toJson()));
        }
        return unknownFields.stream(c);
    }
}

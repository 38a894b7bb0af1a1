package io.jetsnap.core.engine;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.nats.client.NUID;
import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The two configurations a restore applies: a <em>load</em> configuration under which every
 * message can be published back exactly (no limit evicts, no seal or deny flag refuses, no
 * republish fires, and an extra private subject takes the placeholders that fill sequence gaps),
 * then the snapshot's own configuration, applied as an update once the messages are in. Every
 * relaxation is one that a stream update may tighten again.
 */
final class RestorePlan {
    private final String target;
    private final Map<String, JsonValue> snapshotConfig;
    private final @Nullable Integer replicas;
    private final String gapSubject;

    RestorePlan(String target, String snapshotConfigJson, @Nullable Integer replicas) {
        this.target = target;
        JsonValue parsed = JsApi.parse(snapshotConfigJson);
        if (parsed.map == null) {
            throw SnapshotException.corrupt("the snapshot's stream configuration is not a JSON object");
        }
        this.snapshotConfig = parsed.map;
        this.replicas = replicas;
        this.gapSubject = "_jetsnap.gap." + NUID.nextGlobal();
        JsonValue mirror = snapshotConfig.get("mirror");
        if (mirror != null && mirror.type != JsonValue.Type.NULL) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "the snapshot is of a mirror stream, which cannot be "
                    + "published into; restoring mirrors is not supported yet");
        }
        JsonValue retention = snapshotConfig.get("retention");
        if (retention != null && "interest".equals(retention.string)) {
            // An Interest stream keeps a message only while a consumer needs it, and a stream
            // update cannot change the retention policy, so its messages can only come back
            // together with its consumers.
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "the snapshot is of an Interest stream, whose messages "
                    + "live only as long as its consumers need them; restoring it needs its consumers, which this "
                    + "version does not restore yet; nothing was changed");
        }
    }

    /** The subject placeholders for missing sequences are published on during the load. */
    String gapSubject() {
        return gapSubject;
    }

    /** Whether placeholders can be published at all (the stream takes subjects). */
    boolean canFillGaps() {
        JsonValue subjects = snapshotConfig.get("subjects");
        return subjects != null && subjects.array != null && !subjects.array.isEmpty();
    }

    String loadConfigJson() {
        Map<String, JsonValue> c = base();
        c.put("sealed", JsonValue.FALSE);
        c.put("deny_delete", JsonValue.FALSE);
        c.put("deny_purge", JsonValue.FALSE);
        c.put("allow_rollup_hdrs", JsonValue.TRUE);
        c.put("max_msgs", new JsonValue(-1L));
        c.put("max_bytes", new JsonValue(-1L));
        c.put("max_msgs_per_subject", new JsonValue(-1L));
        c.put("max_age", new JsonValue(0L));
        c.put("discard", new JsonValue("old"));
        // the server's minimum, 100 ms: a Nats-Msg-Id that the original stored twice (outside its window) must not be
        // dropped when the restore publishes both within moments; see RecentMessageIds
        c.put("duplicate_window", new JsonValue(100_000_000L));
        c.remove("discard_new_per_subject");
        c.remove("republish");
        c.remove("sources");
        if (canFillGaps()) {
            List<JsonValue> subjects = new ArrayList<>(snapshotConfig.get("subjects").array);
            subjects.add(new JsonValue(gapSubject));
            c.put("subjects", new JsonValue(subjects));
        }
        return new JsonValue(c).toJson();
    }

    String finalConfigJson() {
        return new JsonValue(base()).toJson();
    }

    private Map<String, JsonValue> base() {
        Map<String, JsonValue> c = new LinkedHashMap<>(snapshotConfig);
        c.put("name", new JsonValue(target));
        if (replicas != null) {
            c.put("num_replicas", new JsonValue(replicas.intValue()));
        }
        return c;
    }
}

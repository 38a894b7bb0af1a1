package io.jetsnap.core.restore.plan;

import io.jetsnap.core.jetstream.JsApi;
import io.nats.client.NUID;
import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The private name and subjects of a {@link ConfigProbe}'s scratch stream, and the rewriting of a
 * configuration into them and back. The stream is {@code _jetsnap_probe_<target>} (a name
 * permissions can grant per target); every subject the configuration listens on or delivers to
 * is put under {@code _jetsnap.probe.<nuid>.}, so the scratch stream takes no subject an
 * application uses, and its push consumers deliver nowhere an application listens.
 */
final class ProbeNames {
    static final String STREAM_PREFIX = "_jetsnap_probe_";
    private static final int MAX_STREAM_NAME = 255;
    /** Fields holding subjects that must stay private on the scratch stream (lists or single subjects). */
    private static final Set<String> SUBJECT_FIELDS = Set.of("subjects", "filter_subject", "filter_subjects",
            "deliver_subject");
    /** Objects whose {@code src} is a subject of the stream (their {@code dest} is where messages go). */
    private static final Set<String> SOURCE_SUBJECT_OBJECTS = Set.of("subject_transform", "republish");

    private final String target;
    private final String stream;
    private final String subjectPrefix;

    ProbeNames(String target) {
        this.target = target;
        String name = STREAM_PREFIX + target;
        this.stream = name.length() <= MAX_STREAM_NAME ? name : STREAM_PREFIX + NUID.nextGlobal();
        this.subjectPrefix = "_jetsnap.probe." + NUID.nextGlobal() + ".";
    }

    /** The scratch stream's name. */
    String stream() {
        return stream;
    }

    /** A configuration of the target (stream or consumer) as the scratch stream's. */
    String toProbe(String configJson) {
        Map<String, JsonValue> c = new LinkedHashMap<>(JsApi.parse(configJson).map);
        if (c.containsKey("name") && target.equals(c.get("name").string)) {
            c.put("name", new JsonValue(stream));
        }
        for (String field : SUBJECT_FIELDS) {
            if (c.containsKey(field)) {
                c.put(field, prefixed(c.get(field)));
            }
        }
        for (String field : SOURCE_SUBJECT_OBJECTS) {
            JsonValue o = c.get(field);
            if (o != null && o.map != null && o.map.get("src") != null) {
                Map<String, JsonValue> m = new LinkedHashMap<>(o.map);
                m.put("src", prefixed(m.get("src")));
                c.put(field, new JsonValue(m));
            }
        }
        return new JsonValue(c).toJson();
    }

    /** A configuration the server reported for the scratch stream, as it would be the target's. */
    String fromProbe(String configJson) {
        return unprefixed(JsApi.parse(configJson)).toJson();
    }

    private JsonValue prefixed(JsonValue v) {
        if (v.string != null && !v.string.isEmpty()) {
            return new JsonValue(subjectPrefix + v.string);
        }
        if (v.array != null) {
            List<JsonValue> list = new ArrayList<>();
            for (JsonValue e : v.array) {
                list.add(prefixed(e));
            }
            return new JsonValue(list);
        }
        return v;
    }

    private JsonValue unprefixed(JsonValue v) {
        if (v.string != null) {
            if (v.string.startsWith(subjectPrefix)) {
                return new JsonValue(v.string.substring(subjectPrefix.length()));
            }
            return v.string.equals(stream) ? new JsonValue(target) : v;
        }
        if (v.array != null) {
            List<JsonValue> list = new ArrayList<>();
            for (JsonValue e : v.array) {
                list.add(unprefixed(e));
            }
            return new JsonValue(list);
        }
        if (v.map != null) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            v.map.forEach((k, e) -> m.put(k, unprefixed(e)));
            return new JsonValue(m);
        }
        return v;
    }
}

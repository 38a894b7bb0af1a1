package io.jetsnap.core.restore.plan;

import io.jetsnap.core.ConfigLoss;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.nats.client.support.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Compares the configuration a restore asks for with the one a server reports back, field by
 * field, and lists what the server would not keep. A pure function of the two JSON texts.
 *
 * <p>nats-server drops fields it does not know (Go's JSON decoding ignores them; 2.12+ refuses
 * them instead) and fills in defaults for fields left empty, so the two are told apart:
 * <ul>
 *   <li>a field missing from the answer is lost, unless the value asked for is the field's zero
 *       value ({@code false}, 0, -1 for "unlimited", {@code ""}, empty lists and objects, null) or
 *       its named default ({@code compression "none"}, {@code priority_policy "none"},
 *       {@code persist_mode "default"}): the server omits those (its JSON tags say {@code omitempty});</li>
 *   <li>a field whose value comes back different is lost, unless the value asked for was a zero
 *       value (the server filled in its default, e.g. {@code max_waiting} 512);</li>
 *   <li>fields the answer adds are the server's defaults and are not compared;</li>
 *   <li>metadata keys under {@code _nats.} are the server's own (2.12+ writes its version and API
 *       level there) and are not compared;</li>
 *   <li>objects ({@code republish}, {@code placement}, ...) are compared member by member when both
 *       sides have them, and as one field when the server dropped the whole object.</li>
 * </ul>
 */
final class ConfigComparison {
    private static final Map<String, String> NAMED_DEFAULTS = Map.of(
            "compression", "none", "priority_policy", "none", "persist_mode", "default");
    private static final String SERVER_METADATA = "_nats.";

    private ConfigComparison() {
    }

    /** What a stream's configuration would lose: {@code wanted} asked for, {@code reported} answered. */
    static List<ConfigLoss> stream(String stream, String wantedJson, String reportedJson) {
        return compare("stream " + stream, false, wantedJson, reportedJson);
    }

    /** What a consumer's configuration would lose. */
    static List<ConfigLoss> consumer(String consumer, String wantedJson, String reportedJson) {
        return compare("consumer " + consumer, true, wantedJson, reportedJson);
    }

    private static List<ConfigLoss> compare(String owner, boolean consumer, String wantedJson, String reportedJson) {
        List<ConfigLoss> losses = new ArrayList<>();
        compare(owner, consumer, "", object(wantedJson), object(reportedJson), losses);
        return losses;
    }

    private static void compare(String owner, boolean consumer, String path, Map<String, JsonValue> wanted,
                                Map<String, JsonValue> reported, List<ConfigLoss> losses) {
        for (Map.Entry<String, JsonValue> e : wanted.entrySet()) {
            String key = e.getKey();
            String field = path.isEmpty() ? key : path + "." + key;
            JsonValue want = e.getValue();
            JsonValue got = present(reported.get(key)) ? reported.get(key) : null;
            if (path.isEmpty() && key.equals("metadata")) {
                compareMetadata(owner, consumer, want, got, losses);
            } else if (want.map != null && got != null && got.map != null) {
                compare(owner, consumer, field, ordered(want), got.map, losses);
            } else if (!isDefault(key, want) && !same(want, got)) {
                losses.add(new ConfigLoss(owner, field, want.toJson(), got == null ? null : got.toJson(),
                        LostFieldMeanings.of(consumer, field)));
            }
        }
    }

    private static void compareMetadata(String owner, boolean consumer, JsonValue want, @Nullable JsonValue got,
                                        List<ConfigLoss> losses) {
        Map<String, JsonValue> wanted = userMetadata(want);
        if (wanted.isEmpty()) {
            return;
        }
        if (got == null || got.map == null) {
            losses.add(new ConfigLoss(owner, "metadata", new JsonValue(wanted).toJson(), null,
                    LostFieldMeanings.of(consumer, "metadata")));
            return;
        }
        for (Map.Entry<String, JsonValue> e : wanted.entrySet()) {
            JsonValue kept = got.map.get(e.getKey());
            if (!same(e.getValue(), kept)) {
                losses.add(new ConfigLoss(owner, "metadata." + e.getKey(), e.getValue().toJson(),
                        kept == null ? null : kept.toJson(), LostFieldMeanings.of(consumer, "metadata")));
            }
        }
    }

    private static Map<String, JsonValue> userMetadata(JsonValue metadata) {
        Map<String, JsonValue> user = new LinkedHashMap<>();
        if (metadata.map != null) {
            ordered(metadata).forEach((k, v) -> {
                if (!k.startsWith(SERVER_METADATA)) {
                    user.put(k, v);
                }
            });
        }
        return user;
    }

    /** Whether the server may leave the field out, or fill in its own default, for this value. */
    static boolean isDefault(String key, JsonValue v) {
        if (!present(v)) {
            return true;
        }
        switch (v.type) {
            case BOOL:
                return !v.bool;
            case STRING:
                return v.string.isEmpty() || v.string.equals(NAMED_DEFAULTS.get(key));
            case ARRAY:
                return v.array.isEmpty();
            case MAP:
                return v.map.entrySet().stream().allMatch(e -> isDefault(e.getKey(), e.getValue()));
            default:
                BigDecimal n = decimal(v);
                return n != null && (n.signum() == 0 || n.compareTo(BigDecimal.ONE.negate()) == 0);
        }
    }

    /** JSON equality, numbers by value, objects ignoring members that are default on the side that has them. */
    static boolean same(JsonValue a, @Nullable JsonValue b) {
        if (b == null) {
            return false;
        }
        BigDecimal x = decimal(a);
        BigDecimal y = decimal(b);
        if (x != null || y != null) {
            return x != null && y != null && x.compareTo(y) == 0;
        }
        if (a.type != b.type) {
            return false;
        }
        switch (a.type) {
            case ARRAY:
                if (a.array.size() != b.array.size()) {
                    return false;
                }
                for (int i = 0; i < a.array.size(); i++) {
                    if (!same(a.array.get(i), b.array.get(i))) {
                        return false;
                    }
                }
                return true;
            case MAP:
                return members(a.map, b.map) && members(b.map, a.map);
            default:
                return a.toJson().equals(b.toJson());
        }
    }

    private static boolean members(Map<String, JsonValue> a, Map<String, JsonValue> b) {
        for (Map.Entry<String, JsonValue> e : a.entrySet()) {
            JsonValue other = b.get(e.getKey());
            if (!(present(other) ? same(e.getValue(), other) : isDefault(e.getKey(), e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static @Nullable BigDecimal decimal(JsonValue v) {
        return v.number == null ? null : new BigDecimal(v.number.toString());
    }

    private static boolean present(@Nullable JsonValue v) {
        return v != null && v.type != JsonValue.Type.NULL;
    }

    private static Map<String, JsonValue> object(String json) {
        JsonValue v = JsApi.parse(json);
        if (v.map == null) {
            throw SnapshotException.corrupt("a configuration is not a JSON object: " + json);
        }
        return ordered(v);
    }

    /** An object's members by name, so that losses are always listed in the same order (jnats keeps no order). */
    private static Map<String, JsonValue> ordered(JsonValue object) {
        return new TreeMap<>(object.map);
    }
}

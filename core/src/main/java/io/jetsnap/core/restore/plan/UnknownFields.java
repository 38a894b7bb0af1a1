package io.jetsnap.core.restore.plan;

import io.jetsnap.core.ConfigLoss;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.JsonPath;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.SnapshotHeader;
import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a snapshot's configurations that a strict server refuses because it does not
 * know them (nats-server 2.12+ by default, 2.11 with {@code strict}: a request with one is refused
 * with 10025 {@code invalid JSON: json: unknown field "X"}), found one refusal at a time by the
 * {@link ConfigProbe} and taken out of every configuration the restore then sends: the stream's
 * (through {@link RestorePlan}) and each consumer's ({@link #strip(SnapshotHeader)}).
 *
 * <p>The server names the field but not where it is: it is the top-level member of that name if
 * there is one, else the one member of that name nested anywhere in the configuration; where
 * there are several nested ones, or none, it cannot be told and nothing is taken out. A taken-out
 * field is a {@link ConfigLoss}: the restore refuses it unless the loss is allowed.
 */
public final class UnknownFields {
    /** JetStream API error code: the request's JSON is invalid (a strict server's unknown field among them). */
    static final int INVALID_JSON = 10025;
    private static final Pattern UNKNOWN_FIELD = Pattern.compile("unknown field \"([^\"]+)\"");
    /** Members that name what is restored: never taken out, whatever a server says. */
    private static final Set<String> IDENTITY = Set.of("name", "durable_name");

    /** One taken-out field: whose, where, and the snapshot's value. */
    private record Field(@Nullable String consumer, JsonPath path, String wanted) {
    }

    private final List<Field> fields = new ArrayList<>();

    /** The field a strict server refused as unknown in {@code e}, or null when {@code e} is another refusal. */
    static @Nullable String refusedField(SnapshotException e) {
        if (e.serverErrorCode() != INVALID_JSON || e.getMessage() == null) {
            return null;
        }
        Matcher m = UNKNOWN_FIELD.matcher(e.getMessage());
        return m.find() ? m.group(1) : null;
    }

    /**
     * Where {@code field} is in {@code configJson}: the top-level member of that name, else the one
     * nested member of that name; null when there is none, several nested ones, or it names the
     * stream or consumer.
     */
    static @Nullable JsonPath locate(String configJson, String field) {
        Map<String, JsonValue> config = JsApi.parse(configJson).map;
        if (config == null || IDENTITY.contains(field)) {
            return null;
        }
        if (config.containsKey(field)) {
            return JsonPath.of(field);
        }
        List<JsonPath> nested = new ArrayList<>();
        collect(JsApi.parse(configJson), List.of(), field, nested);
        return nested.size() == 1 ? nested.get(0) : null;
    }

    private static void collect(JsonValue v, List<Object> at, String field, List<JsonPath> found) {
        if (v.map != null) {
            for (Map.Entry<String, JsonValue> e : v.map.entrySet()) {
                if (at.isEmpty() && e.getKey().equals("metadata")) {
                    continue; // names of the user's own, never a server's fields
                }
                List<Object> next = new ArrayList<>(at);
                next.add(e.getKey());
                if (!at.isEmpty() && e.getKey().equals(field)) {
                    found.add(new JsonPath(next));
                }
                collect(e.getValue(), next, field, found);
            }
        } else if (v.array != null) {
            for (int i = 0; i < v.array.size(); i++) {
                List<Object> next = new ArrayList<>(at);
                next.add(i);
                collect(v.array.get(i), next, field, found);
            }
        }
    }

    /** Takes {@code path} out of the stream's configuration from now on; {@code configJson} is the one refused. */
    void stream(JsonPath path, String configJson) {
        fields.add(new Field(null, path, path.valueIn(JsApi.parse(configJson)).toJson()));
    }

    /** Takes {@code path} out of consumer {@code name}'s configuration from now on. */
    void consumer(String name, JsonPath path, String configJson) {
        fields.add(new Field(name, path, path.valueIn(JsApi.parse(configJson)).toJson()));
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The stream's configuration without its taken-out fields (a copy; {@code config} is left as it is). */
    Map<String, JsonValue> stream(Map<String, JsonValue> config) {
        return without(null, config);
    }

    /** Consumer {@code name}'s configuration without its taken-out fields. */
    String consumer(String name, String configJson) {
        if (fields.stream().noneMatch(f -> name.equals(f.consumer()))) {
            return configJson;
        }
        Map<String, JsonValue> config = JsApi.parse(configJson).map;
        return config == null ? configJson : new JsonValue(without(name, config)).toJson();
    }

    /** {@code header} with its consumers' taken-out fields gone (the stream's are {@link RestorePlan}'s to take out). */
    public SnapshotHeader strip(SnapshotHeader header) {
        if (fields.stream().noneMatch(f -> f.consumer() != null)) {
            return header;
        }
        List<ConsumerSnapshot> consumers = new ArrayList<>();
        for (ConsumerSnapshot c : header.consumers()) {
            consumers.add(new ConsumerSnapshot(c.name(), consumer(c.name(), c.configJson()), c.deliveredStreamSequence(),
                    c.deliveredConsumerSequence(), c.ackFloorStreamSequence(), c.ackFloorConsumerSequence()));
        }
        return header.withConsumers(consumers);
    }

    /** One loss per taken-out field, for {@link ConfigProbe#accept}. */
    List<ConfigLoss> losses(String stream, ServerVersion server) {
        List<ConfigLoss> losses = new ArrayList<>();
        for (Field f : fields) {
            boolean consumer = f.consumer() != null;
            losses.add(new ConfigLoss(consumer ? "consumer " + f.consumer() : "stream " + stream, f.path().toString(),
                    f.wanted(), null, "nats-server " + server + " does not know the field, so the restore leaves it out: "
                    + LostFieldMeanings.of(consumer, f.path().toString())));
        }
        return losses;
    }

    private Map<String, JsonValue> without(@Nullable String consumer, Map<String, JsonValue> config) {
        Map<String, JsonValue> c = new LinkedHashMap<>(config);
        for (Field f : fields) {
            if (consumer == null ? f.consumer() == null : consumer.equals(f.consumer())) {
                c = f.path().removedFrom(c);
            }
        }
        return c;
    }
}

package io.jetsnap.core.jetstream;

import io.jetsnap.core.ConfigLoss;
import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a member is in a JSON configuration: member names and list positions from the top,
 * written {@code placement.tags} or {@code sources[0].external}, as {@link ConfigLoss} names fields.
 */
public record JsonPath(List<Object> steps) {
    public JsonPath {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof String)) {
            throw new IllegalArgumentException("a path ends at a member: " + steps);
        }
    }

    public static JsonPath of(String member) {
        return new JsonPath(List.of(member));
    }

    /** The value at this path in {@code root}, or JSON null where there is none. */
    public JsonValue valueIn(JsonValue root) {
        JsonValue v = root;
        for (Object step : steps) {
            v = step instanceof String name
                    ? (v.map != null && v.map.containsKey(name) ? v.map.get(name) : null)
                    : (v.array != null && (Integer) step < v.array.size() ? v.array.get((Integer) step) : null);
            if (v == null) {
                return JsonValue.NULL;
            }
        }
        return v;
    }

    /** {@code object} without the member at this path (copies along the way; {@code object} is left as it is). */
    public Map<String, JsonValue> removedFrom(Map<String, JsonValue> object) {
        return removed(object, 0);
    }

    private Map<String, JsonValue> removed(Map<String, JsonValue> object, int at) {
        Map<String, JsonValue> copy = new LinkedHashMap<>(object);
        String name = (String) steps.get(at);
        if (at == steps.size() - 1) {
            copy.remove(name);
            return copy;
        }
        JsonValue child = copy.get(name);
        if (child == null) {
            return copy;
        }
        JsonValue changed = removedIn(child, at + 1);
        if (changed != null) {
            copy.put(name, changed);
        }
        return copy;
    }

    /** {@code v} with the rest of the path (from {@code at}) taken out, or null where the path does not lead through it. */
    private JsonValue removedIn(JsonValue v, int at) {
        Object step = steps.get(at);
        if (step instanceof String) {
            return v.map == null ? null : new JsonValue(removed(v.map, at));
        }
        int index = (Integer) step;
        if (v.array == null || index >= v.array.size() || v.array.get(index).map == null) {
            return null;
        }
        List<JsonValue> list = new ArrayList<>(v.array);
        list.set(index, new JsonValue(removed(list.get(index).map, at + 1)));
        return new JsonValue(list);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Integer i) {
                s.append('[').append(i).append(']');
            } else {
                s.append(s.length() == 0 ? "" : ".").append(step);
            }
        }
        return s.toString();
    }
}

package io.jetsnap.core.jetstream;

import io.nats.client.support.JsonValue;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds the exact text of a top-level member of a JSON object, without re-encoding it, so that a
 * stream configuration can be kept verbatim as the server wrote it.
 */
public final class JsonText {
    private JsonText() {
    }

    /** The text of {@code "key": <value>} at the top level of {@code json}, or null if absent. */
    /** A number member of a parsed object, 0 when it is missing or not a number. */
    public static long number(Map<String, JsonValue> object, String key) {
        JsonValue v = object.get(key);
        return v != null && v.number != null ? v.number.longValue() : 0;
    }

    public static @Nullable String topLevelMember(String json, String key) {
        int[] range = memberRange(json, key);
        return range == null ? null : json.substring(range[0], range[1]);
    }

    /**
     * {@code json} with the value of its top-level member {@code key} replaced by {@code valueText}
     * (JSON text), every other byte kept; {@code json} itself when there is no such member.
     */
    public static String withTopLevelMember(String json, String key, String valueText) {
        int[] range = memberRange(json, key);
        return range == null ? json : json.substring(0, range[0]) + valueText + json.substring(range[1]);
    }

    /** Where the value of the top-level member {@code key} starts and ends, or null if absent. */
    private static int @Nullable [] memberRange(String json, String key) {
        int i = skipWhitespace(json, 0);
        if (i >= json.length() || json.charAt(i) != '{') {
            return null;
        }
        i++;
        while (true) {
            i = skipWhitespace(json, i);
            if (i >= json.length() || json.charAt(i) == '}') {
                return null;
            }
            if (json.charAt(i) == ',') {
                i++;
                continue;
            }
            int nameEnd = endOfString(json, i);
            String name = json.substring(i + 1, nameEnd - 1);
            i = skipWhitespace(json, nameEnd);
            if (i >= json.length() || json.charAt(i) != ':') {
                throw new IllegalArgumentException("malformed JSON object at offset " + i);
            }
            int valueStart = skipWhitespace(json, i + 1);
            int valueEnd = endOfValue(json, valueStart);
            if (name.equals(key)) {
                return new int[] {valueStart, valueEnd};
            }
            i = valueEnd;
        }
    }

    private static int skipWhitespace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index just past the string starting with the quote at {@code i}. */
    private static int endOfString(String s, int i) {
        if (s.charAt(i) != '"') {
            throw new IllegalArgumentException("expected a JSON string at offset " + i);
        }
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '"') {
                return j + 1;
            }
        }
        throw new IllegalArgumentException("unterminated JSON string at offset " + i);
    }

    private static int endOfValue(String s, int i) {
        char c = s.charAt(i);
        if (c == '"') {
            return endOfString(s, i);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (int j = i; j < s.length(); j++) {
                char d = s.charAt(j);
                if (d == '"') {
                    j = endOfString(s, j) - 1;
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                    if (depth == 0) {
                        return j + 1;
                    }
                }
            }
            throw new IllegalArgumentException("unterminated JSON value at offset " + i);
        }
        int j = i;
        while (j < s.length() && ",}] \t\r\n".indexOf(s.charAt(j)) < 0) {
            j++;
        }
        return j;
    }
}

package io.jetsnap.core;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which streams a run over many streams takes: names matching any include glob (all when there is
 * none) and no exclude glob; KV ({@code KV_*}) and object store ({@code OBJ_*}) buckets unless left
 * out. A glob's {@code *} matches any run of characters, {@code ?} one character.
 */
public record StreamFilter(List<String> include, List<String> exclude, boolean buckets) {
    /** Every stream, buckets included. */
    public static final StreamFilter ALL = new StreamFilter(List.of(), List.of(), true);

    public StreamFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public boolean matches(String stream) {
        if (!buckets && isBucket(stream)) {
            return false;
        }
        if (!include.isEmpty() && include.stream().noneMatch(g -> glob(g, stream))) {
            return false;
        }
        return exclude.stream().noneMatch(g -> glob(g, stream));
    }

    /** Whether a stream is a KV or object store bucket's, by the names the NATS clients give them. */
    public static boolean isBucket(String stream) {
        return stream.startsWith("KV_") || stream.startsWith("OBJ_");
    }

    static boolean glob(String glob, String name) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.matches(regex.toString(), name);
    }
}

package io.jetsnap.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One field of a configuration that the target server would not keep as the snapshot has it.
 *
 * @param owner what the field belongs to: {@code stream ORDERS} or {@code consumer billing}
 * @param field the field's JSON name, dotted below the top level ({@code republish.headers_only},
 *     {@code metadata.team})
 * @param wanted the snapshot's value, as JSON text
 * @param kept the value the server keeps instead, as JSON text, or null when it drops the field
 * @param meaning what the restored stream or consumer would then do differently, one clause
 */
public record ConfigLoss(String owner, String field, String wanted, @Nullable String kept, String meaning) {
    public ConfigLoss {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(wanted, "wanted");
        Objects.requireNonNull(meaning, "meaning");
    }

    /** One sentence: {@code consumer billing: filter_subjects ["a","b"] would be dropped: ...}. */
    public String describe() {
        return owner + ": " + field + " " + wanted + (kept == null ? " would be dropped" : " would become " + kept)
                + ": " + meaning;
    }
}

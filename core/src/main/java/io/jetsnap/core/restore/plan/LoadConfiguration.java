package io.jetsnap.core.restore.plan;

import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The configuration a publishing restore loads the messages under, made from the one it applies
 * last: everything that would change what a publish stores, where it goes, or whether it is stored
 * at all is neutralised, and every such change is one a stream update can undo.
 *
 * <ul>
 *   <li>nothing refuses or evicts a restored message: no limits, no maximum message size or age,
 *       discard old, not sealed, no deny flags, rollups allowed;</li>
 *   <li>nothing fires: no republish, no sources, no subject delete markers;</li>
 *   <li>every publish is answered ({@code no_ack} off): the restore counts on each ack;</li>
 *   <li>jetsnap sets the first sequence itself ({@code first_seq} is left out);</li>
 *   <li>the shortest duplicate window (100 ms; see {@link RecentMessageIds});</li>
 *   <li>with a private prefix (nats-server 2.10+): the stream takes only {@code PREFIX.>}, whose
 *       subject transform strips the prefix again, and the gap subject. Each message is published
 *       on {@code PREFIX.} and the subject it was stored under, so it is stored under that subject
 *       whatever the snapshot's subjects and transform say (a transform that already rewrote it,
 *       subjects edited after it was stored, a sourced message), and nothing else publishing on
 *       the stream's own subjects lands in it while it loads. Without one (nats-server 2.9) the
 *       stream takes its own subjects and the gap subject.</li>
 * </ul>
 * Left as they are because an update cannot change them and they do not change a stored message:
 * retention, storage, {@code max_consumers}, {@code allow_msg_ttl}, {@code allow_msg_counter},
 * {@code allow_msg_schedules}, {@code persist_mode}; compression, placement and metadata are harmless.
 * The restore marks it as its own ({@link LoadMark}: in the metadata, or on nats-server 2.9 as the
 * description), so that a stream it leaves behind is recognised.
 */
final class LoadConfiguration {
    /** The server's minimum duplicate window, in nanoseconds. */
    static final long SHORTEST_DUPLICATE_WINDOW = 100_000_000L;

    private LoadConfiguration() {
    }

    /**
     * @param finalConfig the configuration the restore applies last
     * @param gapSubject the private subject placeholders for missing sequences are published on
     * @param privatePrefix the private prefix messages are published under, or null to publish them
     *     on the subjects they were stored under
     */
    static Map<String, JsonValue> of(Map<String, JsonValue> finalConfig, String gapSubject, @Nullable String privatePrefix) {
        return of(finalConfig, gapSubject, privatePrefix, null, false);
    }

    /**
     * As {@link #of(Map, String, String)}, marked as a restore in progress ({@link LoadMark}).
     *
     * @param mark what the restore writes into the configuration; null for none
     * @param markInMetadata write it into the metadata (nats-server 2.10+), else as the description
     */
    static Map<String, JsonValue> of(Map<String, JsonValue> finalConfig, String gapSubject, @Nullable String privatePrefix,
                                     @Nullable LoadMark mark, boolean markInMetadata) {
        Map<String, JsonValue> c = new LinkedHashMap<>(finalConfig);
        if (mark != null) {
            mark.writeInto(c, markInMetadata);
        }
        c.put("sealed", JsonValue.FALSE);
        c.put("deny_delete", JsonValue.FALSE);
        c.put("deny_purge", JsonValue.FALSE);
        c.put("allow_rollup_hdrs", JsonValue.TRUE);
        c.put("no_ack", JsonValue.FALSE);
        c.put("max_msgs", new JsonValue(-1L));
        c.put("max_bytes", new JsonValue(-1L));
        c.put("max_msgs_per_subject", new JsonValue(-1L));
        c.put("max_msg_size", new JsonValue(-1L));
        c.put("max_age", new JsonValue(0L));
        c.put("discard", new JsonValue("old"));
        c.put("duplicate_window", new JsonValue(SHORTEST_DUPLICATE_WINDOW));
        c.remove("discard_new_per_subject");
        c.remove("republish");
        c.remove("sources");
        c.remove("subject_delete_marker_ttl");
        c.remove("first_seq");
        if (privatePrefix != null) {
            c.put("subjects", new JsonValue(List.of(new JsonValue(privatePrefix + ".>"), new JsonValue(gapSubject))));
            Map<String, JsonValue> transform = new LinkedHashMap<>();
            transform.put("src", new JsonValue(privatePrefix + ".>"));
            transform.put("dest", new JsonValue(">"));
            c.put("subject_transform", new JsonValue(transform));
        } else {
            JsonValue own = finalConfig.get("subjects");
            if (own != null && own.array != null && !own.array.isEmpty()) {
                List<JsonValue> withGap = new ArrayList<>(own.array);
                withGap.add(new JsonValue(gapSubject));
                c.put("subjects", new JsonValue(withGap));
            }
        }
        return c;
    }
}

package io.jetsnap.core.restore.plan;

import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.ServerVersion;
import io.nats.client.support.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which top-level configuration fields each nats-server version knows, read from the JSON tags of
 * its {@code StreamConfig} and {@code ConsumerConfig} (server/stream.go, server/consumer.go at
 * v2.9.10, v2.10.27, v2.11.0, v2.12.0, v2.14.0 and 2.15). Used only where the server itself cannot
 * be asked (see {@link ConfigProbe}): it knows nothing of values a server would change or refuse.
 */
final class ServerConfigKnowledge {
    /** Stream fields added after 2.9, with the minor version that added them. */
    private static final Map<String, Integer> STREAM_SINCE = Map.ofEntries(
            Map.entry("compression", 10), Map.entry("consumer_limits", 10), Map.entry("first_seq", 10),
            Map.entry("metadata", 10), Map.entry("subject_transform", 10),
            Map.entry("allow_msg_ttl", 11), Map.entry("subject_delete_marker_ttl", 11),
            Map.entry("allow_atomic", 12), Map.entry("allow_msg_counter", 12), Map.entry("allow_msg_schedules", 12),
            Map.entry("persist_mode", 12), Map.entry("allow_batched", 14));
    /** Consumer fields added after 2.9. */
    private static final Map<String, Integer> CONSUMER_SINCE = Map.ofEntries(
            Map.entry("filter_subjects", 10), Map.entry("metadata", 10),
            Map.entry("pause_until", 11), Map.entry("priority_groups", 11), Map.entry("priority_policy", 11),
            Map.entry("priority_timeout", 11), Map.entry("sourcing", 14));

    private ServerConfigKnowledge() {
    }

    /** What a server of this version would report back for a stream configuration: the fields it knows. */
    static String streamAsKnownBy(ServerVersion server, String configJson) {
        return known(server, configJson, STREAM_SINCE);
    }

    /** The same for a consumer configuration. */
    static String consumerAsKnownBy(ServerVersion server, String configJson) {
        return known(server, configJson, CONSUMER_SINCE);
    }

    private static String known(ServerVersion server, String configJson, Map<String, Integer> since) {
        Map<String, JsonValue> kept = new LinkedHashMap<>(JsApi.parse(configJson).map);
        kept.keySet().removeIf(field -> since.containsKey(field) && !server.atLeast(2, since.get(field)));
        return new JsonValue(kept).toJson();
    }
}

package io.jetsnap.core.restore.plan;

import java.util.Map;

/** What a restored stream or consumer does differently without a field of its configuration. */
final class LostFieldMeanings {
    private static final Map<String, String> STREAM = Map.ofEntries(
            Map.entry("compression", "its messages would be stored uncompressed"),
            Map.entry("metadata", "the stream's metadata would be gone"),
            Map.entry("allow_msg_ttl", "Nats-TTL headers would be ignored, so messages would outlive their TTL"),
            Map.entry("subject_delete_marker_ttl", "no delete marker would be left when a subject's last message ages out"),
            Map.entry("subject_transform", "messages published to it would be stored under the subjects they were "
                    + "published on, not transformed"),
            Map.entry("republish", "stored messages would no longer be republished"),
            Map.entry("consumer_limits", "consumers created later would not get the stream's default limits"),
            Map.entry("first_seq", "the stream would not start at the snapshot's first sequence"),
            Map.entry("allow_msg_counter", "it would not be a counter stream"),
            Map.entry("allow_atomic", "atomic batch publishes would be refused"),
            Map.entry("allow_batched", "fast batch publishes would be refused"),
            Map.entry("allow_msg_schedules", "scheduled messages would not be acted on"),
            Map.entry("persist_mode", "writes would be persisted in the server's default mode"),
            Map.entry("num_replicas", "it would have another number of replicas"),
            Map.entry("placement", "it could be placed on other servers"),
            Map.entry("description", "its description would be gone"));
    private static final Map<String, String> CONSUMER = Map.ofEntries(
            Map.entry("filter_subjects", "the consumer would receive messages on every subject of the stream, not "
                    + "only on its filter subjects"),
            Map.entry("filter_subject", "the consumer would receive messages on every subject of the stream"),
            Map.entry("metadata", "the consumer's metadata would be gone"),
            Map.entry("pause_until", "the consumer would not be paused"),
            Map.entry("priority_groups", "pull requests would not be held to its priority groups"),
            Map.entry("priority_policy", "pull requests would be served without its priority policy"),
            Map.entry("priority_timeout", "a pinned client would not be unpinned after its timeout"),
            Map.entry("backoff", "redeliveries would not back off"),
            Map.entry("description", "its description would be gone"));

    private LostFieldMeanings() {
    }

    /** For a field of a stream's configuration ({@code consumer} false) or a consumer's; dotted fields by their top. */
    static String of(boolean consumer, String field) {
        String top = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
        String meaning = (consumer ? CONSUMER : STREAM).get(top);
        return meaning != null ? meaning : "the restored " + (consumer ? "consumer" : "stream") + " would not have it";
    }
}

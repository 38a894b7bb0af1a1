package io.jetsnap.core.snapshot;

import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.JsonText;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a stream's durable consumers (configuration verbatim, and position) for a snapshot. */
final class DurableConsumers {
    private DurableConsumers() {
    }

    static List<ConsumerSnapshot> of(JsApi api, String stream) {
        List<ConsumerSnapshot> consumers = new ArrayList<>();
        for (String name : api.consumerNames(stream)) {
            String info = api.consumerInfoText(stream, name);
            if (info == null) {
                continue;
            }
            String config = JsonText.topLevelMember(info, "config");
            if (config == null) {
                continue;
            }
            JsonValue durable = JsApi.parse(config).map.get("durable_name");
            if (durable == null || durable.string == null || durable.string.isEmpty()) {
                continue; // ephemeral consumers belong to a running client, not to the stream
            }
            Map<String, JsonValue> root = JsApi.parse(info).map;
            Map<String, JsonValue> delivered = object(root.get("delivered"));
            Map<String, JsonValue> ackFloor = object(root.get("ack_floor"));
            consumers.add(new ConsumerSnapshot(name, config,
                    JsonText.number(delivered, "stream_seq"), JsonText.number(delivered, "consumer_seq"),
                    JsonText.number(ackFloor, "stream_seq"), JsonText.number(ackFloor, "consumer_seq")));
        }
        return consumers;
    }

    private static Map<String, JsonValue> object(JsonValue v) {
        return v != null && v.map != null ? v.map : Map.of();
    }
}

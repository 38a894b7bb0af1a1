package io.jetsnap.core.engine;

import io.jetsnap.core.model.ConsumerSnapshot;
import io.nats.client.support.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates a snapshot's durable consumers on the restored stream and puts each where it was: its
 * next message is the one after its ack floor. nats-server 2.14+ moves a consumer with
 * CONSUMER.RESET and its configuration stays the snapshot's; older servers cannot move a consumer,
 * so there it is created to start at that sequence (deliver policy {@code by_start_sequence}),
 * and the result says so. Messages delivered but not acknowledged when the snapshot was taken
 * are delivered again (JetStream's at-least-once).
 */
final class ConsumerRestorer {
    private final JsApi api;
    private final ServerVersion server;

    ConsumerRestorer(JsApi api, ServerVersion server) {
        this.api = api;
        this.server = server;
    }

    /**
     * Restores every consumer; returns one note for each one that could not be put back exactly.
     *
     * @param beforeMessages the stream has no messages yet (an Interest stream needs its consumers
     *     first); older servers then cannot start a consumer past the end of the stream
     */
    List<String> restore(String stream, List<ConsumerSnapshot> consumers, boolean beforeMessages) {
        List<String> notes = new ArrayList<>();
        for (ConsumerSnapshot c : consumers) {
            restore(stream, c, beforeMessages, notes);
        }
        return notes;
    }

    private void restore(String stream, ConsumerSnapshot c, boolean beforeMessages, List<String> notes) {
        Map<String, JsonValue> config = new LinkedHashMap<>(JsApi.parse(c.configJson()).map);
        long next = c.ackFloorStreamSequence() + 1;
        String policy = text(config.get("deliver_policy"), "all");
        boolean resettable = server.atLeast(2, 14) && (policy.equals("all") || policy.equals("by_start_time")
                || policy.equals("by_start_sequence") && number(config.get("opt_start_seq")) <= next);
        if (c.ackFloorStreamSequence() == 0 || resettable) {
            api.createDurableConsumer(stream, c.name(), new JsonValue(config).toJson());
            if (c.ackFloorStreamSequence() > 0) {
                api.resetConsumer(stream, c.name(), next);
            }
            return;
        }
        if (beforeMessages) {
            // a start sequence beyond the (still empty) stream's end is clamped to its end
            api.createDurableConsumer(stream, c.name(), new JsonValue(config).toJson());
            notes.add("consumer " + c.name() + " resumes at the stream's first message, not at sequence " + next
                    + ": nats-server " + server + " cannot move a consumer (2.14+ can), and an Interest stream needs "
                    + "its consumers before its messages");
            return;
        }
        config.put("deliver_policy", new JsonValue("by_start_sequence"));
        config.put("opt_start_seq", new JsonValue(next));
        config.remove("opt_start_time");
        api.createDurableConsumer(stream, c.name(), new JsonValue(config).toJson());
        notes.add("consumer " + c.name() + " resumes at sequence " + next + " with deliver policy by_start_sequence"
                + " (was " + policy + "): nats-server " + server + " cannot move a consumer (2.14+ can)");
    }

    private static String text(JsonValue v, String otherwise) {
        return v != null && v.string != null ? v.string : otherwise;
    }

    private static long number(JsonValue v) {
        return v != null && v.number != null ? v.number.longValue() : 0;
    }
}

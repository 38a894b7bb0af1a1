package io.jetsnap.core.restore.consumers;

import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.nats.client.NUID;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates a snapshot's durable consumers on the restored stream, each where {@link
 * ConsumerPlacement} puts it, so that it delivers next what the original would have delivered
 * next. This is the part that talks to the server; the decision is {@link ConsumerPlacement}'s.
 */
public final class ConsumerRestorer {
    private static final String HOLD_PREFIX = "jetsnap_restore_hold_";

    private final JsApi api;

    public ConsumerRestorer(JsApi api) {
        this.api = api;
    }

    /**
     * Restores every consumer, once the stream holds its messages; returns one note for each thing
     * that does not come back exactly.
     */
    public List<String> restore(String stream, List<ConsumerSnapshot> consumers, ConsumerPlacement.Target target) {
        List<String> notes = new ArrayList<>();
        for (ConsumerSnapshot c : consumers) {
            ConsumerPlacement.Placement p = ConsumerPlacement.of(c, target);
            api.createDurableConsumer(stream, c.name(), p.configJson());
            if (p.how() == ConsumerPlacement.How.RESET) {
                api.resetConsumer(stream, c.name(), p.next());
            }
            notes.addAll(p.notes());
        }
        return notes;
    }

    /** Deletes the target's own consumers that the snapshot's replace (the target stream is empty). */
    public void removeReplaced(String stream, List<String> names) {
        for (String name : names) {
            api.deleteConsumer(stream, name);
        }
    }

    /**
     * An Interest stream keeps only the messages some consumer takes, and its consumers can be put
     * at their position only once the messages are in: a consumer of jetsnap's own (deliver all,
     * nothing acknowledged) holds every message while they are loaded. Returns its name.
     */
    public String holdInterest(String stream) {
        String name = HOLD_PREFIX + NUID.nextGlobal();
        api.createDurableConsumer(stream, name, "{\"durable_name\":" + JsApi.quote(name)
                + ",\"deliver_policy\":\"all\",\"ack_policy\":\"explicit\",\"description\":"
                + JsApi.quote("jetsnap: holds the messages of a restore until its consumers are in place") + "}");
        return name;
    }

    /** Removes the holding consumer: the server then drops the messages no restored consumer takes. */
    public void releaseInterest(String stream, String hold) {
        api.deleteConsumer(stream, hold);
    }
}

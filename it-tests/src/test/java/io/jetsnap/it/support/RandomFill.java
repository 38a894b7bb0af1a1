package io.jetsnap.it.support;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** Creates a stream on {@code NAME.>} and fills it with seeded random payloads, a window of acks at a time. */
public final class RandomFill {
    private static final int WINDOW = 512;

    private RandomFill() {
    }

    /** Messages go to {@code NAME.0} … {@code NAME.(subjects-1)} in turn. */
    public static void stream(Connection nc, String name, int messages, int payloadBytes, int subjects, long seed) throws Exception {
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(name).subjects(name + ".>").build());
        JetStream js = nc.jetStream();
        Random random = new Random(seed);
        List<CompletableFuture<PublishAck>> pending = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            byte[] payload = new byte[payloadBytes];
            random.nextBytes(payload);
            pending.add(js.publishAsync(name + "." + i % subjects, payload));
            if (pending.size() == WINDOW) {
                await(pending);
            }
        }
        await(pending);
    }

    private static void await(List<CompletableFuture<PublishAck>> pending) throws Exception {
        for (CompletableFuture<PublishAck> ack : pending) {
            ack.get();
        }
        pending.clear();
    }
}

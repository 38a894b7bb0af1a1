package io.jetsnap.it.bench;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * What plain jnats does at best, the yardsticks: publishing with a window of outstanding acks,
 * reading a whole stream without changing it, and reading it one message get at a time.
 */
final class Baselines {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Baselines() {
    }

    /** Publishes {@code count} messages on {@code prefix.<n % 16>}, at most {@code window} awaiting their ack. */
    static void publish(Connection nc, String prefix, long count, Payloads payloads, int window) throws Exception {
        JetStream js = nc.jetStream();
        ArrayDeque<CompletableFuture<PublishAck>> pending = new ArrayDeque<>(window);
        for (long i = 0; i < count; i++) {
            if (pending.size() >= window) {
                pending.poll().get();
            }
            pending.add(js.publishAsync(prefix + "." + (i & 15), payloads.get(i)));
        }
        for (CompletableFuture<PublishAck> ack : pending) {
            ack.get();
        }
    }

    /** Reads {@code count} messages with an ephemeral AckNone pull consumer, two batches in flight. */
    static long drainPull(Connection nc, String stream, long count, int batch) throws Exception {
        JetStream js = nc.jetStream();
        ConsumerConfiguration cc = ConsumerConfiguration.builder().ackPolicy(AckPolicy.None).deliverPolicy(DeliverPolicy.All)
                .inactiveThreshold(Duration.ofSeconds(30)).build();
        JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.builder().stream(stream).configuration(cc).build());
        long bytes = 0;
        try {
            sub.pull(batch);
            sub.pull(batch);
            long sincePull = 0;
            for (long n = 0; n < count; ) {
                Message m = sub.nextMessage(WAIT);
                if (m == null) {
                    throw new IllegalStateException("pull drain stalled after " + n + " messages");
                }
                if (!m.isJetStream()) {
                    continue;
                }
                bytes += m.getData().length;
                n++;
                if (++sincePull == batch) {
                    sincePull = 0;
                    sub.pull(batch);
                }
            }
        } finally {
            unsubscribe(sub);
        }
        return bytes;
    }

    /** Reads {@code count} messages with jnats' push ordered consumer (flow control, heartbeats). */
    static long drainOrderedPush(Connection nc, String stream, String subjects, long count) throws Exception {
        JetStreamSubscription sub = nc.jetStream().subscribe(subjects,
                PushSubscribeOptions.builder().stream(stream).ordered(true).build());
        long bytes = 0;
        try {
            for (long n = 0; n < count; n++) {
                Message m = sub.nextMessage(WAIT);
                if (m == null) {
                    throw new IllegalStateException("ordered drain stalled after " + n + " messages");
                }
                bytes += m.getData().length;
            }
        } finally {
            unsubscribe(sub);
        }
        return bytes;
    }

    /** Reads messages 1..last one {@code STREAM.MSG.GET} (next_by_subj) at a time, as jetsnap's WorkQueue read did. */
    static long perMessageGet(Connection nc, String stream, long last) throws IOException, JetStreamApiException {
        JetStreamManagement jsm = nc.jetStreamManagement();
        long bytes = 0;
        long seq = 1;
        while (seq <= last) {
            MessageInfo info = jsm.getNextMessage(stream, seq, ">");
            bytes += info.getData().length;
            seq = info.getSeq() + 1;
        }
        return bytes;
    }

    private static void unsubscribe(JetStreamSubscription sub) {
        try {
            sub.unsubscribe();
        } catch (RuntimeException ignored) {
            // the ephemeral consumer goes away with its inactivity threshold anyway
        }
    }
}

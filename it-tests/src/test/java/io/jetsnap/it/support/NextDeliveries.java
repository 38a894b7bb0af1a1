package io.jetsnap.it.support;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a durable consumer delivers, read straight off the wire (a pull request to
 * {@code CONSUMER.MSG.NEXT}, or a plain subscription to a push consumer's deliver subject), so
 * that no client library's bookkeeping stands between the server and the comparison.
 */
public final class NextDeliveries {
    /** One delivery: the stream sequence, subject and payload, and how often it was delivered. */
    public record Delivery(long sequence, String subject, String payload, long deliveredCount, String ackSubject) {
        /** The message itself, as the comparison sees it. */
        public String key() {
            return sequence + " " + subject + " " + payload;
        }
    }

    private NextDeliveries() {
    }

    /** Pulls up to {@code batch} messages, waiting at most {@code expires} for them. */
    public static List<Delivery> pull(Connection nc, String stream, String consumer, int batch, Duration expires) throws Exception {
        String inbox = nc.createInbox();
        Subscription sub = nc.subscribe(inbox);
        try {
            String request = "{\"batch\":" + batch + ",\"expires\":" + expires.toNanos() + "}";
            nc.publish("$JS.API.CONSUMER.MSG.NEXT." + stream + "." + consumer, inbox, request.getBytes(StandardCharsets.UTF_8));
            List<Delivery> got = new ArrayList<>();
            long deadline = System.nanoTime() + expires.plusMillis(500).toNanos();
            while (got.size() < batch && System.nanoTime() < deadline) {
                Message m = sub.nextMessage(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
                if (m == null || m.isStatusMessage()) {
                    break;
                }
                got.add(delivery(m));
            }
            return got;
        } finally {
            sub.unsubscribe();
        }
    }

    /** Receives what a push consumer sends to {@code deliverSubject} until it is quiet for {@code quiet}, at most {@code max}. */
    public static List<Delivery> push(Connection nc, String deliverSubject, int max, Duration quiet, boolean ack) throws Exception {
        Subscription sub = nc.subscribe(deliverSubject);
        try {
            nc.flush(Duration.ofSeconds(2));
            List<Delivery> got = new ArrayList<>();
            while (got.size() < max) {
                Message m = sub.nextMessage(quiet);
                if (m == null) {
                    break;
                }
                if (m.isStatusMessage() || m.getReplyTo() == null || !m.getReplyTo().startsWith("$JS.ACK.")) {
                    continue;
                }
                Delivery d = delivery(m);
                got.add(d);
                if (ack) {
                    ack(nc, d);
                }
            }
            return got;
        } finally {
            sub.unsubscribe();
            nc.flush(Duration.ofSeconds(2));
        }
    }

    public static void ack(Connection nc, Delivery d) throws Exception {
        nc.request(d.ackSubject(), "+ACK".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
    }

    /** Everything the consumer delivers next, each acknowledged as it comes, sorted by stream sequence. */
    public static List<String> drain(Connection nc, String stream, String consumer, ConsumerInfo info) throws Exception {
        boolean ack = info.getConsumerConfiguration().getAckPolicy() != io.nats.client.api.AckPolicy.None;
        String deliverSubject = info.getConsumerConfiguration().getDeliverSubject();
        List<Delivery> all = new ArrayList<>();
        if (deliverSubject != null) {
            all.addAll(push(nc, deliverSubject, 1000, Duration.ofMillis(800), ack));
        } else {
            while (true) {
                List<Delivery> batch = pull(nc, stream, consumer, 100, Duration.ofMillis(800));
                for (Delivery d : batch) {
                    if (ack) {
                        ack(nc, d);
                    }
                }
                all.addAll(batch);
                if (batch.size() < 100) {
                    break;
                }
            }
        }
        return all.stream().sorted(Comparator.comparingLong(Delivery::sequence)).map(Delivery::key).toList();
    }

    private static Delivery delivery(Message m) {
        // $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time>.<pending>, with
        // a domain and an account hash in front on newer servers
        String[] t = m.getReplyTo().split("\\.");
        int at = t.length >= 12 ? 4 : 2;
        return new Delivery(Long.parseLong(t[at + 3]), m.getSubject(), new String(m.getData(), StandardCharsets.UTF_8),
                Long.parseLong(t[at + 2]), m.getReplyTo());
    }
}

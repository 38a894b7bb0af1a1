package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Durable consumers are recorded in the snapshot: configuration verbatim and position. */
class ConsumersTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    @Test
    void snapshotRecordsDurableConsumersAndTheirPositions(@TempDir Path dir) throws Exception {
        String file = dir.resolve("c.snapshot").toString();
        try (Connection nc = server.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("work").subjects("work.*").build());
            for (int i = 1; i <= 10; i++) {
                nc.jetStream().publish("work.a", ("w" + i).getBytes(StandardCharsets.UTF_8));
            }
            jsm.addOrUpdateConsumer("work", ConsumerConfiguration.builder().durable("billing").ackPolicy(AckPolicy.Explicit)
                    .filterSubject("work.*").description("bills \"orders\"").build());
            jsm.addOrUpdateConsumer("work", ConsumerConfiguration.builder().durable("idle").ackPolicy(AckPolicy.Explicit).build());
            JetStreamSubscription sub = nc.jetStream().subscribe(null,
                    PullSubscribeOptions.bind("work", "billing"));
            List<Message> fetched = sub.fetch(6, Duration.ofSeconds(2));
            assertEquals(6, fetched.size());
            for (int i = 0; i < 4; i++) {
                fetched.get(i).ackSync(Duration.ofSeconds(2));
            }
            sub.unsubscribe();
            var billing = jsm.getConsumerInfo("work", "billing");

            CliRun snap = CliRun.run(server.url(), "snapshot", "work", file, "--json");
            assertEquals(0, snap.exitCode(), snap::toString);
            CliRun info = CliRun.run(server.url(), "info", file, "--json");
            assertEquals(0, info.exitCode(), info::toString);
            List<JsonValue> consumers = JsonParser.parse(info.out()).map.get("consumers").array;
            assertEquals(2, consumers.size(), info::toString);
            JsonValue recorded = consumers.stream().filter(c -> c.map.get("name").string.equals("billing")).findFirst().orElseThrow();
            assertEquals(billing.getDelivered().getStreamSequence(), recorded.map.get("delivered_stream_seq").number.longValue());
            assertEquals(billing.getAckFloor().getStreamSequence(), recorded.map.get("ack_floor_stream_seq").number.longValue());
            assertEquals(4, recorded.map.get("ack_floor_stream_seq").number.longValue());
            assertEquals("bills \"orders\"", recorded.map.get("config").map.get("description").string);
            // the snapshot changed nothing
            assertEquals(billing.getAckFloor().getStreamSequence(), jsm.getConsumerInfo("work", "billing").getAckFloor().getStreamSequence());
            assertEquals(2, jsm.getStreamInfo("work").getStreamState().getConsumerCount());

            CliRun without = CliRun.run(server.url(), "snapshot", "work", dir.resolve("n.snapshot").toString(), "--no-consumers");
            assertEquals(0, without.exitCode(), without::toString);
            CliRun infoWithout = CliRun.run(server.url(), "info", dir.resolve("n.snapshot").toString(), "--json");
            assertTrue(JsonParser.parse(infoWithout.out()).map.get("consumers").array.isEmpty(), infoWithout::toString);

            jsm.deleteStream("work");
            CliRun restore = CliRun.run(server.url(), "restore", "work", file);
            assertEquals(0, restore.exitCode(), restore::toString);
            assertTrue(restore.out().contains("2 durable consumers restored"), restore::toString);

            // each consumer resumes after its ack floor: billing at w5 (4 acked; w5 and w6 were delivered
            // but not acked, so they come again), idle at w1
            assertEquals("w5", nextPayload(nc, "work", "billing"));
            assertEquals("w1", nextPayload(nc, "work", "idle"));
            var restored = jsm.getConsumerInfo("work", "billing").getConsumerConfiguration();
            assertEquals("bills \"orders\"", restored.getDescription());
            assertEquals("work.*", restored.getFilterSubject());
            if (!nc.getServerInfo().getVersion().startsWith("2.9.") && !nc.getServerInfo().getVersion().startsWith("2.10.")) {
                // 2.14+ moves the consumer itself: its configuration is the original one
                assertEquals(io.nats.client.api.DeliverPolicy.All, restored.getDeliverPolicy());
            } else {
                System.out.println("ConsumersTest: nats-server " + nc.getServerInfo().getVersion()
                        + " cannot move a consumer; billing restarts with deliver policy by_start_sequence");
                assertTrue(restore.out().contains("by_start_sequence"), restore::toString);
            }

            CliRun skip = CliRun.run(server.url(), "restore", "work", file, "--force", "--no-consumers");
            assertEquals(0, skip.exitCode(), skip::toString);
            assertEquals(0, jsm.getStreamInfo("work").getStreamState().getConsumerCount());
        }
    }

    private static String nextPayload(Connection nc, String stream, String durable) throws Exception {
        JetStreamSubscription sub = nc.jetStream().subscribe(null, PullSubscribeOptions.bind(stream, durable));
        try {
            List<Message> next = sub.fetch(1, Duration.ofSeconds(2));
            return next.isEmpty() ? null : new String(next.get(0).getData(), StandardCharsets.UTF_8);
        } finally {
            sub.unsubscribe();
        }
    }
}

package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.ServerGate;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every shape of stream comes back the same: message for message, and its configuration. */
class ShapesTest {
    @RegisterExtension
    static final NatsServerExtension source = new NatsServerExtension();
    @RegisterExtension
    static final NatsServerExtension target = new NatsServerExtension();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Snapshots {@code stream} on the source, restores it on the target, and compares the dumps. */
    private static StreamConfiguration roundTrip(Connection nc, Connection other, String stream, Path dir) throws Exception {
        List<String> original = StreamDump.of(nc, stream);
        String file = dir.resolve(stream + ".snapshot").toString();
        CliRun snap = CliRun.run(source.url(), "snapshot", stream, file);
        assertEquals(0, snap.exitCode(), snap::toString);
        StreamDump.assertSame(original, StreamDump.of(nc, stream));
        CliRun restore = CliRun.run(target.url(), "restore", stream, file);
        assertEquals(0, restore.exitCode(), restore::toString);
        StreamDump.assertSame(original, StreamDump.of(other, stream));
        return other.jetStreamManagement().getStreamInfo(stream).getConfiguration();
    }

    @Test
    void sealedStreamComesBackSealed(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamConfiguration cfg = StreamConfiguration.builder().name("sealed").subjects("sealed").build();
            jsm.addStream(cfg);
            for (int i = 0; i < 5; i++) {
                nc.jetStream().publish("sealed", bytes("s" + i));
            }
            jsm.deleteMessage("sealed", 2);
            jsm.updateStream(StreamConfiguration.builder(jsm.getStreamInfo("sealed").getConfiguration()).seal().build());
            StreamConfiguration restored = roundTrip(nc, other, "sealed", dir);
            assertTrue(restored.getSealed());
        }
    }

    @Test
    void denyDeleteAndDenyPurgeStreamWithGapsComesBack(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("deny").subjects("deny.*").build());
            for (int i = 0; i < 10; i++) {
                nc.jetStream().publish("deny." + (i % 2), bytes("d" + i));
            }
            jsm.deleteMessage("deny", 4);
            jsm.updateStream(StreamConfiguration.builder(jsm.getStreamInfo("deny").getConfiguration())
                    .denyDelete(true).denyPurge(true).build());
            StreamConfiguration restored = roundTrip(nc, other, "deny", dir);
            assertTrue(restored.getDenyDelete());
            assertTrue(restored.getDenyPurge());
        }
    }

    @Test
    void rollupMessagesDoNotRollUpAgain(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("roll").subjects("roll.*")
                    .allowRollup(true).build());
            JetStream js = nc.jetStream();
            for (int i = 0; i < 4; i++) {
                js.publish("roll.a", bytes("a" + i));
                js.publish("roll.b", bytes("b" + i));
            }
            js.publish(NatsMessage.builder().subject("roll.a").headers(new Headers().add("Nats-Rollup", "sub")).data(bytes("a-rollup")).build());
            js.publish("roll.a", bytes("a-after"));
            StreamConfiguration restored = roundTrip(nc, other, "roll", dir);
            assertTrue(restored.getAllowRollup());
        }
    }

    @Test
    void discardNewWithLimitsAtTheLimitComesBackWhole(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("full").subjects("full")
                    .maxMessages(5).discardPolicy(DiscardPolicy.New).build());
            for (int i = 0; i < 5; i++) {
                nc.jetStream().publish("full", bytes("f" + i));
            }
            StreamConfiguration restored = roundTrip(nc, other, "full", dir);
            assertEquals(5, restored.getMaxMsgs());
            assertEquals(DiscardPolicy.New, restored.getDiscardPolicy());
        }
    }

    @Test
    void messageIdsRepeatedOutsideTheDuplicateWindowAreAllRestored(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("dupe").subjects("dupe")
                    .duplicateWindow(Duration.ofMillis(100)).build());
            JetStream js = nc.jetStream();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 3; i++) {
                    js.publish(NatsMessage.builder().subject("dupe").headers(new Headers().add("Nats-Msg-Id", "id-" + i))
                            .data(bytes("r" + round + "-" + i)).build());
                }
                Thread.sleep(300);
            }
            assertEquals(9, StreamDump.of(nc, "dupe").size());
            StreamConfiguration restored = roundTrip(nc, other, "dupe", dir);
            assertEquals(Duration.ofMillis(100), restored.getDuplicateWindow());
        }
    }

    @Test
    void interestStreamComesBackWithItsConsumersAndLosesNoMessage(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("interest").subjects("interest")
                    .retentionPolicy(RetentionPolicy.Interest).build());
            for (String durable : new String[] {"app", "audit"}) {
                jsm.addOrUpdateConsumer("interest", io.nats.client.api.ConsumerConfiguration.builder().durable(durable)
                        .ackPolicy(io.nats.client.api.AckPolicy.Explicit).build());
            }
            for (int i = 0; i < 6; i++) {
                nc.jetStream().publish("interest", bytes("i" + i));
            }
            var sub = nc.jetStream().subscribe(null, io.nats.client.PullSubscribeOptions.bind("interest", "app"));
            for (var m : sub.fetch(2, Duration.ofSeconds(2))) {
                m.ackSync(Duration.ofSeconds(2));
            }
            sub.unsubscribe();
            var before = jsm.getConsumerInfo("interest", "app");

            StreamConfiguration restored = roundTrip(nc, other, "interest", dir);

            assertEquals(RetentionPolicy.Interest, restored.getRetentionPolicy());
            var after = jsm.getConsumerInfo("interest", "app");
            assertEquals(before.getNumPending(), after.getNumPending(), "the snapshot changed nothing");
            assertEquals(before.getAckFloor().getStreamSequence(), after.getAckFloor().getStreamSequence());
            JetStreamManagement otherJsm = other.jetStreamManagement();
            assertEquals(6, otherJsm.getStreamInfo("interest").getStreamState().getMsgCount(), "audit still needs all six");
            // app resumes after its ack floor on every server (older ones start it by_start_sequence there,
            // once jetsnap's own consumer has held the messages through the load)
            if (ServerGate.atLeast(other, 14, "a consumer started by_start_sequence reports ack floor 0 until its first ack")) {
                assertEquals(2, otherJsm.getConsumerInfo("interest", "app").getAckFloor().getStreamSequence());
            }
            assertEquals(4, otherJsm.getConsumerInfo("interest", "app").getNumPending());
            assertEquals(6, otherJsm.getConsumerInfo("interest", "audit").getNumPending());
        }
    }

    @Test
    void memoryStorageStreamComesBack(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("mem").subjects("mem.>")
                    .storageType(StorageType.Memory).build());
            for (int i = 0; i < 20; i++) {
                nc.jetStream().publish("mem." + i % 3, bytes("m" + i));
            }
            StreamConfiguration restored = roundTrip(nc, other, "mem", dir);
            assertEquals(StorageType.Memory, restored.getStorageType());
        }
    }

    @Test
    void workQueueWithABoundConsumerIsSnapshottedWithoutChangingIt(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("wq").subjects("wq.*")
                    .retentionPolicy(RetentionPolicy.WorkQueue).build());
            jsm.addOrUpdateConsumer("wq", io.nats.client.api.ConsumerConfiguration.builder().durable("worker")
                    .ackPolicy(io.nats.client.api.AckPolicy.Explicit).build());
            for (int i = 0; i < 8; i++) {
                nc.jetStream().publish("wq.job", bytes("job" + i));
            }
            var before = jsm.getConsumerInfo("wq", "worker");
            roundTrip(nc, other, "wq", dir);
            var after = jsm.getConsumerInfo("wq", "worker");
            assertEquals(before.getNumPending(), after.getNumPending());
            assertEquals(8, jsm.getStreamInfo("wq").getStreamState().getMsgCount());
        }
    }
}

package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.NextDeliveries;
import io.jetsnap.it.support.ServerGate;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers restored into what the target already is: an application's empty stream with its own
 * consumers, a snapshot cut short with {@code --max-seq}, a work queue whose consumers would
 * compete; refusals come before anything changes, from the restore and its dry run alike.
 */
class ConsumerTargetsTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    @Test
    void restoreIntoTheApplicationsEmptyStreamPutsItsConsumerWhereTheSnapshotHadIt(@TempDir Path dir) throws Exception {
        String file = dir.resolve("app.snapshot").toString();
        try (Connection nc = server.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamConfiguration stream = StreamConfiguration.builder().name("APP").subjects("app.>").build();
            ConsumerConfiguration worker = ConsumerConfiguration.builder().durable("worker").ackPolicy(AckPolicy.Explicit)
                    .deliverPolicy(DeliverPolicy.All).build();
            jsm.addStream(stream);
            jsm.addOrUpdateConsumer("APP", worker);
            publish(nc, "app.job", 10);
            ack(nc, "APP", "worker", 6);
            assertEquals(0, CliRun.run(server.url(), "snapshot", "APP", file).exitCode());

            // the application starts on a new server: it creates its stream and its consumer, empty
            jsm.deleteStream("APP");
            jsm.addStream(stream);
            jsm.addOrUpdateConsumer("APP", worker);
            CliRun dry = CliRun.run(server.url(), "restore", "APP", file, "--dry-run");
            assertEquals(0, dry.exitCode(), dry::toString);
            assertTrue(dry.out().contains("consumer worker of stream APP is replaced by the snapshot's"), dry::toString);
            CliRun restore = CliRun.run(server.url(), "restore", "APP", file);
            assertEquals(0, restore.exitCode(), restore::toString);
            assertTrue(restore.out().contains("replaced by the snapshot's, at its position"), restore::toString);
            assertEquals(List.of("m7", "m8", "m9", "m10"), payloads(nc, "APP", "worker"), restore::toString);
            // what the application does at every start-up still works where the configuration is the snapshot's
            if (ServerGate.atLeast(nc, 14, "the restored consumer's deliver policy is by_start_sequence, so the "
                    + "application's own update of it is refused")) {
                jsm.addOrUpdateConsumer("APP", worker);
            }
        }
    }

    @Test
    void aWorkQueueWithConsumersTheSnapshotDoesNotHaveIsRefusedBeforeAnythingChanges(@TempDir Path dir) throws Exception {
        String file = dir.resolve("wq.snapshot").toString();
        try (Connection nc = server.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamConfiguration stream = StreamConfiguration.builder().name("WQT").subjects("wqt.>")
                    .retentionPolicy(RetentionPolicy.WorkQueue).build();
            jsm.addStream(stream);
            jsm.addOrUpdateConsumer("WQT", ConsumerConfiguration.builder().durable("jobs").ackPolicy(AckPolicy.Explicit).build());
            publish(nc, "wqt.job", 4);
            assertEquals(0, CliRun.run(server.url(), "snapshot", "WQT", file).exitCode());
            jsm.deleteStream("WQT");
            jsm.addStream(stream);
            jsm.addOrUpdateConsumer("WQT", ConsumerConfiguration.builder().durable("other").ackPolicy(AckPolicy.Explicit).build());

            CliRun dry = CliRun.run(server.url(), "restore", "WQT", file, "--dry-run");
            assertEquals(1, dry.exitCode(), dry::toString);
            assertTrue(dry.out().contains("consumers the snapshot does not have (other)"), dry::toString);
            CliRun restore = CliRun.run(server.url(), "restore", "WQT", file);
            CliRun.assertOneLineFailure(restore, 1);
            assertTrue(restore.err().contains("nothing was changed"), restore::toString);
            assertEquals(0, jsm.getStreamInfo("WQT").getStreamState().getMsgCount());
            assertEquals(List.of("other"), jsm.getConsumerNames("WQT"));
        }
    }

    @Test
    void aConsumerThatAcknowledgedPastAMaxSeqCutDeliversWhatIsPublishedNext(@TempDir Path dir) throws Exception {
        String file = dir.resolve("cut.snapshot").toString();
        try (Connection nc = server.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("CUT").subjects("cut.>").build());
            jsm.addOrUpdateConsumer("CUT", ConsumerConfiguration.builder().durable("reader").ackPolicy(AckPolicy.Explicit).build());
            publish(nc, "cut.a", 10);
            ack(nc, "CUT", "reader", 8);
            CliRun snap = CliRun.run(server.url(), "snapshot", "CUT", file, "--max-seq", "5");
            assertEquals(0, snap.exitCode(), snap::toString);
            List<String> methods = new ArrayList<>(List.of("publish"));
            if (ServerGate.atLeast(nc, 15, "the server-side restore is not tried")) {
                methods.add("server");
            }
            for (String method : methods) {
                jsm.deleteStream("CUT");
                CliRun restore = CliRun.run(server.url(), "restore", "CUT", file, "--method", method);
                assertEquals(0, restore.exitCode(), restore::toString);
                assertTrue(restore.out().contains("past the restored stream's last message (5)"), restore::toString);
                nc.jetStream().publish("cut.a", "after".getBytes(StandardCharsets.UTF_8));
                assertEquals(List.of("after"), payloads(nc, "CUT", "reader"), method + "\n" + restore);
            }
        }
    }

    private static void publish(Connection nc, String subject, int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            nc.jetStream().publish(subject, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void ack(Connection nc, String stream, String consumer, int n) throws Exception {
        for (NextDeliveries.Delivery d : NextDeliveries.pull(nc, stream, consumer, n, Duration.ofSeconds(2))) {
            NextDeliveries.ack(nc, d);
        }
    }

    private static List<String> payloads(Connection nc, String stream, String consumer) throws Exception {
        return NextDeliveries.pull(nc, stream, consumer, 100, Duration.ofMillis(800)).stream()
                .map(NextDeliveries.Delivery::payload).toList();
    }
}

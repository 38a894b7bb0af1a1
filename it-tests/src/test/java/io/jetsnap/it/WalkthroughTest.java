package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The README's walkthrough, step by step, through the CLI entry point against a real nats-server. */
class WalkthroughTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    @Test
    void snapshotBreakAndRestoreOrders(@TempDir Path dir) throws Exception {
        String snapshot = dir.resolve("orders.snapshot").toString();
        try (Connection nc = server.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStream js = nc.jetStream();
            // 1. stream orders on subject orders, three orders
            jsm.addStream(StreamConfiguration.builder().name("orders").subjects("orders").storageType(StorageType.File).build());
            for (int i = 1; i <= 3; i++) {
                js.publish("orders", ("new order " + i).getBytes(StandardCharsets.UTF_8));
            }

            // 2. snapshot
            CliRun snap = CliRun.run(server.url(), "snapshot", "orders", snapshot);
            assertEquals(0, snap.exitCode(), snap::toString);
            assertTrue(snap.out().contains("3 messages"), snap::toString);

            // 3. delete, recreate with limits, two other orders
            jsm.deleteStream("orders");
            jsm.addStream(StreamConfiguration.builder().name("orders").subjects("orders")
                    .maxMessages(10).maxBytes(10_000).build());
            js.publish("orders", "order 4".getBytes(StandardCharsets.UTF_8));
            js.publish("orders", "order 5".getBytes(StandardCharsets.UTF_8));

            // 4. restore without --force is refused, nothing touched
            CliRun refused = CliRun.run(server.url(), "restore", "orders", snapshot);
            assertEquals(1, refused.exitCode(), refused::toString);
            assertEquals(1, refused.err().strip().lines().count(), refused::toString);
            assertTrue(refused.err().contains("--force"), refused::toString);
            assertEquals(List.of("order 4", "order 5"), StreamDump.payloads(nc, "orders"));
            assertEquals(10, jsm.getStreamInfo("orders").getConfiguration().getMaxMsgs());

            // 5. restore --force: the snapshot's messages and configuration are back
            CliRun restored = CliRun.run(server.url(), "restore", "orders", snapshot, "--force");
            assertEquals(0, restored.exitCode(), restored::toString);
            assertEquals(List.of("new order 1", "new order 2", "new order 3"), StreamDump.payloads(nc, "orders"));
            StreamConfiguration config = jsm.getStreamInfo("orders").getConfiguration();
            assertEquals(-1, config.getMaxMsgs());
            assertEquals(-1, config.getMaxBytes());
            assertEquals(List.of("orders"), config.getSubjects());
            assertFalse(restored.out().isBlank());
        }
    }
}

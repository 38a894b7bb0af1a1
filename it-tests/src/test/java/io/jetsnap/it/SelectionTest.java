package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --max-seq and --before choose which messages a snapshot takes. */
class SelectionTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();
    /** The most messages one publisher sends, should the snapshot not end. */
    private static final int MAX_PUBLISHES = 200_000;

    @Test
    void maxSeqStopsAtThatSequence(@TempDir Path dir) throws Exception {
        String file = dir.resolve("max.snapshot").toString();
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("max").subjects("max").build());
            for (int i = 1; i <= 10; i++) {
                nc.jetStream().publish("max", ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            CliRun snap = CliRun.run(server.url(), "snapshot", "max", file, "--max-seq", "4");
            assertEquals(0, snap.exitCode(), snap::toString);
            nc.jetStreamManagement().deleteStream("max");
            assertEquals(0, CliRun.run(server.url(), "restore", "max", file).exitCode());
            assertEquals(List.of("m1", "m2", "m3", "m4"), StreamDump.payloads(nc, "max"));
        }
    }

    @Test
    void beforeTakesOnlyMessagesPublishedEarlier(@TempDir Path dir) throws Exception {
        String file = dir.resolve("before.snapshot").toString();
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("before").subjects("before").build());
            JetStream js = nc.jetStream();
            for (int i = 1; i <= 3; i++) {
                js.publish("before", ("early " + i).getBytes(StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
            js.publish("before", "late".getBytes(StandardCharsets.UTF_8));
            Instant lateTime = nc.jetStreamManagement().getMessage("before", 4).getTime().toInstant();

            CliRun snap = CliRun.run(server.url(), "snapshot", "before", file, "--before", lateTime.toString());
            assertEquals(0, snap.exitCode(), snap::toString);
            nc.jetStreamManagement().deleteStream("before");
            assertEquals(0, CliRun.run(server.url(), "restore", "before", file).exitCode());
            assertEquals(List.of("early 1", "early 2", "early 3"), StreamDump.payloads(nc, "before"));
        }
    }

    @Test
    void messagesPublishedAfterTheSnapshotBeganAreNotInIt(@TempDir Path dir) throws Exception {
        String file = dir.resolve("pit.snapshot").toString();
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("pit").subjects("pit").build());
            JetStream js = nc.jetStream();
            for (int i = 0; i < 20_000; i++) {
                js.publishAsync("pit", new byte[100]);
            }
            js.publish("pit", new byte[100]);
            // two publishers, each on a connection of its own, are publishing when the snapshot begins
            // and go on until it has ended
            AtomicBoolean snapshotEnded = new AtomicBoolean();
            CountDownLatch publishing = new CountDownLatch(2);
            Thread first = publisher("after", publishing, snapshotEnded);
            Thread second = publisher("also after", publishing, snapshotEnded);
            CliRun snap;
            long lastAtEnd;
            try {
                assertTrue(publishing.await(30, TimeUnit.SECONDS), "both publishers published");
                snap = CliRun.run(server.url(), "snapshot", "pit", file, "--json");
                lastAtEnd = nc.jetStreamManagement().getStreamInfo("pit").getStreamState().getLastSequence();
            } finally {
                snapshotEnded.set(true);
                first.join();
                second.join();
            }
            assertEquals(0, snap.exitCode(), snap::toString);
            var json = io.nats.client.support.JsonParser.parse(snap.out());
            long upTo = json.map.get("selection").map.get("up_to_seq").number.longValue();
            long messages = json.map.get("messages").number.longValue();
            assertTrue(lastAtEnd > upTo, () -> "messages were published while the snapshot ran: it took up to " + upTo
                    + ", the stream was at " + lastAtEnd + " when it ended");
            assertEquals(upTo, messages, "a snapshot holds exactly the messages up to the sequence captured at its start");
        }
    }

    /** Publishes {@code payload} to pit until {@code stop}, one message at a time; counts down {@code published} after its first. */
    private static Thread publisher(String payload, CountDownLatch published, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            try (Connection nc = server.connect()) {
                JetStream js = nc.jetStream();
                for (int i = 0; i < MAX_PUBLISHES && !stop.get(); i++) {
                    js.publish("pit", payload.getBytes(StandardCharsets.UTF_8));
                    if (i == 0) {
                        published.countDown();
                    }
                }
            } catch (Exception e) {
                // the test fails on the stream's last sequence if no publish came during the snapshot
            }
        }, "pit-publisher");
        t.start();
        return t;
    }
}

package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.ServerGate;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways a restore puts messages back: nats-server 2.15+'s own restore API, which keeps the
 * original timestamps (the default where the server has it), and publishing each message back,
 * which works on every server and gives the messages new timestamps. Gated on the server's
 * version, printed.
 */
class RestoreMethodTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    private static boolean serverSide(Connection nc) {
        return ServerGate.atLeast(nc, 15, "no server-side restore of jetsnap archives (RestoreMethodTest)");
    }

    private static String snapshotOf(Connection nc, String stream, Path dir) throws Exception {
        JetStreamManagement jsm = nc.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>").build());
        for (int i = 0; i < 20; i++) {
            nc.jetStream().publish(stream + "." + i % 3, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        jsm.deleteMessage(stream, 7);
        String file = dir.resolve(stream + ".snapshot").toString();
        CliRun snap = CliRun.run(server.url(), "snapshot", stream, file);
        assertEquals(0, snap.exitCode(), snap::toString);
        return file;
    }

    @Test
    void serverSideRestoreKeepsTheOriginalTimestamps(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            if (!serverSide(nc)) {
                return;
            }
            String file = snapshotOf(nc, "stamped", dir);
            List<String> original = StreamDump.of(nc, "stamped");
            List<String> times = StreamDump.times(nc, "stamped");
            nc.jetStreamManagement().deleteStream("stamped");
            Thread.sleep(50);

            CliRun restore = CliRun.run(server.url(), "restore", "stamped", file, "--json");
            assertEquals(0, restore.exitCode(), restore::toString);
            assertTrue(restore.out().contains("\"method\":\"server\""), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "stamped"));
            assertEquals(times, StreamDump.times(nc, "stamped"));
        }
    }

    @Test
    void publishingRestoreGivesNewTimestampsOnEveryServer(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            String file = snapshotOf(nc, "republished", dir);
            List<String> original = StreamDump.of(nc, "republished");
            Instant snapshotted = Instant.now();
            nc.jetStreamManagement().deleteStream("republished");

            CliRun restore = CliRun.run(server.url(), "restore", "republished", file, "--method", "publish", "--json");
            assertEquals(0, restore.exitCode(), restore::toString);
            assertTrue(restore.out().contains("\"method\":\"publish\""), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "republished"));
            for (String line : StreamDump.times(nc, "republished")) {
                Instant stored = Instant.parse(line.substring(line.indexOf(' ') + 1));
                assertTrue(stored.isAfter(snapshotted), line);
            }
        }
    }

    @Test
    void serverMethodOnAnOlderServerIsRefusedBeforeAnythingChanges(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            if (serverSide(nc)) {
                return;
            }
            String file = snapshotOf(nc, "older", dir);
            CliRun restore = CliRun.run(server.url(), "restore", "older-copy", file, "--method", "server");
            assertEquals(1, restore.exitCode(), restore::toString);
            assertTrue(restore.err().contains("2.15") && restore.err().contains("nothing was changed"), restore::toString);
            assertTrue(nc.jetStreamManagement().getStreamNames().stream().noneMatch("older-copy"::equals));
        }
    }

    @Test
    void anUnknownMethodIsABadInput(@TempDir Path dir) throws Exception {
        CliRun restore = CliRun.run(server.url(), "restore", "x", dir.resolve("none").toString(), "--method", "fast");
        assertEquals(2, restore.exitCode(), restore::toString);
        assertTrue(restore.err().contains("--method"), restore::toString);
        assertEquals(1, restore.err().strip().lines().count(), restore::toString);
    }

    @Test
    void interestStreamSnapshottedWithoutConsumersKeepsItsMessagesThroughTheServerSideRestore(@TempDir Path dir)
            throws Exception {
        try (Connection nc = server.connect()) {
            if (!serverSide(nc)) {
                return;
            }
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("audit").subjects("audit.>")
                    .retentionPolicy(RetentionPolicy.Interest).build());
            jsm.addOrUpdateConsumer("audit", ConsumerConfiguration.builder().durable("reader").ackPolicy(AckPolicy.Explicit).build());
            for (int i = 0; i < 4; i++) {
                nc.jetStream().publish("audit.e", ("e" + i).getBytes(StandardCharsets.UTF_8));
            }
            List<String> original = StreamDump.of(nc, "audit");
            String file = dir.resolve("audit.snapshot").toString();
            assertEquals(0, CliRun.run(server.url(), "snapshot", "audit", file, "--no-consumers").exitCode());

            CliRun publish = CliRun.run(server.url(), "restore", "audit-copy", file, "--subjects", "copy.>", "--method", "publish");
            assertEquals(1, publish.exitCode(), publish::toString);
            assertTrue(publish.err().contains("Interest"), publish::toString);

            CliRun restore = CliRun.run(server.url(), "restore", "audit-copy", file, "--subjects", "copy.>");
            assertEquals(0, restore.exitCode(), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "audit-copy"));
            assertEquals(RetentionPolicy.Interest, jsm.getStreamInfo("audit-copy").getConfiguration().getRetentionPolicy());
        }
    }

    @Test
    void maxAgeCountsFromTheOriginalTimestampsOnlyOnTheServerSideRestore(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("aging").subjects("aging.>")
                    .maxAge(Duration.ofSeconds(2)).build());
            for (int i = 0; i < 5; i++) {
                nc.jetStream().publish("aging.x", ("a" + i).getBytes(StandardCharsets.UTF_8));
            }
            List<String> original = StreamDump.of(nc, "aging");
            String file = dir.resolve("aging.snapshot").toString();
            assertEquals(0, CliRun.run(server.url(), "snapshot", "aging", file).exitCode());
            Thread.sleep(2500);

            if (!ServerGate.atLeast(nc, 10, "no subject transforms for --subjects; max_age test skipped")) {
                return;
            }
            // published back, the messages are new again: max_age counts from the restore
            CliRun published = CliRun.run(server.url(), "restore", "aging-pub", file, "--subjects", "pub.>",
                    "--method", "publish");
            assertEquals(0, published.exitCode(), published::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "aging-pub"));
            if (!serverSide(nc)) {
                return;
            }
            // restored by the server with their original timestamps, they are past max_age: the server removes
            // them as it would have in the original stream, and the sequences stay used
            CliRun restored = CliRun.run(server.url(), "restore", "aging-srv", file, "--subjects", "srv.>");
            assertEquals(0, restored.exitCode(), restored::toString);
            long deadline = System.currentTimeMillis() + 10_000;
            while (jsm.getStreamInfo("aging-srv").getStreamState().getMsgCount() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, jsm.getStreamInfo("aging-srv").getStreamState().getMsgCount());
            assertEquals(5, jsm.getStreamInfo("aging-srv").getStreamState().getLastSequence());
        }
    }
}

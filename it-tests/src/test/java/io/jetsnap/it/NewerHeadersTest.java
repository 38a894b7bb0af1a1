package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.ServerGate;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers of newer servers (2.11+): message TTLs and schedules come back; counters and atomic
 * batches (2.12+) come back exactly through the server-side restore (2.15+), and the publishing
 * restore, which cannot send them back as stored, refuses them before anything changes. Gated on
 * the server's version, printed.
 */
class NewerHeadersTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    private static boolean atLeast(Connection nc, int minor) {
        String[] v = nc.getServerInfo().getVersion().split("\\.");
        return Integer.parseInt(v[0]) > 2 || Integer.parseInt(v[1]) >= minor;
    }

    /**
     * Creates a file-storage Limits stream on {@code NAME.>} with the newer servers' feature flags
     * set (raw JSON: jnats' model may not know them).
     */
    private static void createStream(Connection nc, String name, String... flags) throws Exception {
        StringBuilder json = new StringBuilder("{\"name\":\"" + name + "\",\"subjects\":[\"" + name + ".>\"]");
        for (String flag : flags) {
            json.append(",\"").append(flag).append("\":true");
        }
        json.append(",\"storage\":\"file\",\"retention\":\"limits\",\"max_consumers\":-1,\"max_msgs\":-1,"
                + "\"max_bytes\":-1,\"max_age\":0,\"discard\":\"old\",\"num_replicas\":1}");
        Message r = nc.request("$JS.API.STREAM.CREATE." + name, json.toString().getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(5));
        assertFalse(new String(r.getData(), StandardCharsets.UTF_8).contains("\"error\""), new String(r.getData(), StandardCharsets.UTF_8));
    }

    private static void publish(Connection nc, String subject, String payload, String... headers) throws Exception {
        Headers h = new Headers();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        Message r = nc.request(NatsMessage.builder().subject(subject).headers(h).data(payload.getBytes(StandardCharsets.UTF_8)).build(),
                Duration.ofSeconds(5));
        assertFalse(new String(r.getData(), StandardCharsets.UTF_8).contains("\"error\""), new String(r.getData(), StandardCharsets.UTF_8));
    }

    @Test
    void messagesWithATimeToLiveComeBack(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            if (!atLeast(nc, 11)) {
                System.out.println("NewerHeadersTest: nats-server " + nc.getServerInfo().getVersion() + " has no per-message TTL (2.11+)");
                return;
            }
            createStream(nc, "ttl", "allow_msg_ttl");
            publish(nc, "ttl.a", "lives an hour", "Nats-TTL", "1h");
            publish(nc, "ttl.b", "lives forever");
            List<String> original = StreamDump.of(nc, "ttl");
            String file = dir.resolve("ttl.snapshot").toString();
            assertEquals(0, CliRun.run(server.url(), "snapshot", "ttl", file).exitCode());
            nc.jetStreamManagement().deleteStream("ttl");
            CliRun restore = CliRun.run(server.url(), "restore", "ttl", file);
            assertEquals(0, restore.exitCode(), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "ttl"));
        }
    }

    @Test
    void scheduledMessagesComeBackAsTheyWere(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            if (!atLeast(nc, 12)) {
                System.out.println("NewerHeadersTest: nats-server " + nc.getServerInfo().getVersion() + " has no message schedules (2.12+)");
                return;
            }
            createStream(nc, "sch", "allow_msg_schedules", "allow_msg_ttl");
            publish(nc, "sch.job", "hourly", "Nats-Schedule", "@every 1h", "Nats-Schedule-Target", "sch.out");
            publish(nc, "sch.other", "plain");
            List<String> original = StreamDump.of(nc, "sch");
            String file = dir.resolve("sch.snapshot").toString();
            assertEquals(0, CliRun.run(server.url(), "snapshot", "sch", file).exitCode());
            nc.jetStreamManagement().deleteStream("sch");
            CliRun restore = CliRun.run(server.url(), "restore", "sch", file);
            assertEquals(0, restore.exitCode(), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "sch"));
        }
    }

    @Test
    void counterStreamsComeBackExactlyThroughTheServerSideRestore(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            if (!ServerGate.atLeast(nc, 15, "no server-side restore; counters are covered by the publishing refusal")) {
                return;
            }
            String file = counterSnapshot(nc, "cnt-server", dir);
            List<String> original = StreamDump.of(nc, "cnt-server");
            nc.jetStreamManagement().deleteStream("cnt-server");
            CliRun restore = CliRun.run(server.url(), "restore", "cnt-server", file);
            assertEquals(0, restore.exitCode(), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "cnt-server"));
            // the counter goes on from its restored total
            publish(nc, "cnt-server.a", "", "Nats-Incr", "+1");
            String last = new String(nc.jetStreamManagement().getLastMessage("cnt-server", "cnt-server.a").getData(),
                    StandardCharsets.UTF_8);
            assertTrue(last.contains("\"8\""), last);
        }
    }

    @Test
    void counterStreamsAreRefusedByThePublishingRestoreBeforeAnythingChanges(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            if (!atLeast(nc, 12)) {
                System.out.println("NewerHeadersTest: nats-server " + nc.getServerInfo().getVersion() + " has no counters (2.12+)");
                return;
            }
            String file = counterSnapshot(nc, "cnt", dir);
            List<String> original = StreamDump.of(nc, "cnt");
            CliRun restore = CliRun.run(server.url(), "restore", "cnt", file, "--force", "--method", "publish");
            assertEquals(1, restore.exitCode(), restore::toString);
            assertTrue(restore.err().contains("Nats-Incr") && restore.err().contains("nothing was changed"), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "cnt"));
        }
    }

    /**
     * A dry run refused on the target alone (it holds data) still verifies the snapshot, as the
     * restore would take it: on 2.15 that is the server-side restore, which takes counters, so the
     * preview lists only the refusal that applies, not the publishing restore's.
     */
    @Test
    void aDryRunRefusedOnTheTargetVerifiesAsTheMethodTheRestoreWouldTake(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            if (!ServerGate.atLeast(nc, 15, "no server-side restore to verify as")) {
                return;
            }
            String file = counterSnapshot(nc, "cnt-dry", dir);
            CliRun preview = CliRun.run(server.url(), "restore", "cnt-dry", file, "--dry-run");
            assertEquals(1, preview.exitCode(), preview::toString);
            assertTrue(preview.out().contains("already holds 2 messages"), preview::toString);
            assertFalse(preview.out().contains("Nats-Incr") || preview.err().contains("Nats-Incr"), preview::toString);
        }
    }

    /** A counter stream whose one counter stands at 7 (+5, +2), snapshotted. */
    private static String counterSnapshot(Connection nc, String name, Path dir) throws Exception {
        createStream(nc, name, "allow_msg_counter");
        publish(nc, name + ".a", "", "Nats-Incr", "+5");
        publish(nc, name + ".a", "", "Nats-Incr", "+2");
        String file = dir.resolve(name + ".snapshot").toString();
        assertEquals(0, CliRun.run(server.url(), "snapshot", name, file).exitCode());
        return file;
    }

    @Test
    void atomicBatchesComeBackThroughTheServerSideRestoreAndAreRefusedByPublishing(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            if (!ServerGate.atLeast(nc, 15, "no server-side restore; atomic batches (2.12+) are not tried")) {
                return;
            }
            createStream(nc, "batch", "allow_atomic");
            Headers first = new Headers().add("Nats-Batch-Id", "b1").add("Nats-Batch-Sequence", "1");
            nc.publish(NatsMessage.builder().subject("batch.a").headers(first).data("one".getBytes(StandardCharsets.UTF_8)).build());
            publish(nc, "batch.b", "two", "Nats-Batch-Id", "b1", "Nats-Batch-Sequence", "2", "Nats-Batch-Commit", "1");
            List<String> original = StreamDump.of(nc, "batch");
            assertEquals(2, original.size(), original::toString);
            String file = dir.resolve("batch.snapshot").toString();
            assertEquals(0, CliRun.run(server.url(), "snapshot", "batch", file).exitCode());

            CliRun publishing = CliRun.run(server.url(), "restore", "batch", file, "--force", "--method", "publish");
            assertEquals(1, publishing.exitCode(), publishing::toString);
            assertTrue(publishing.err().contains("Nats-Batch-Id") && publishing.err().contains("nothing was changed"),
                    publishing::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "batch"));

            CliRun restore = CliRun.run(server.url(), "restore", "batch", file, "--force");
            assertEquals(0, restore.exitCode(), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "batch"));
        }
    }
}

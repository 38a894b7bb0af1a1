package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Headers of newer servers (2.11+): message TTLs come back; counters (2.12+) cannot be published
 * back as stored and are refused before anything changes. Gated on the server's version, printed.
 */
class NewerHeadersTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    private static boolean atLeast(Connection nc, int minor) {
        String[] v = nc.getServerInfo().getVersion().split("\\.");
        return Integer.parseInt(v[0]) > 2 || Integer.parseInt(v[1]) >= minor;
    }

    private static void createStream(Connection nc, String json) throws Exception {
        String name = json.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
        Message r = nc.request("$JS.API.STREAM.CREATE." + name, json.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
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
            createStream(nc, "{\"name\":\"ttl\",\"subjects\":[\"ttl.>\"],\"allow_msg_ttl\":true,\"storage\":\"file\","
                    + "\"retention\":\"limits\",\"max_consumers\":-1,\"max_msgs\":-1,\"max_bytes\":-1,\"max_age\":0,\"discard\":\"old\",\"num_replicas\":1}");
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
            createStream(nc, "{\"name\":\"sch\",\"subjects\":[\"sch.>\"],\"allow_msg_schedules\":true,\"allow_msg_ttl\":true,"
                    + "\"storage\":\"file\",\"retention\":\"limits\",\"max_consumers\":-1,\"max_msgs\":-1,\"max_bytes\":-1,"
                    + "\"max_age\":0,\"discard\":\"old\",\"num_replicas\":1}");
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
    void counterStreamsAreRefusedBeforeAnythingChanges(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            if (!atLeast(nc, 12)) {
                System.out.println("NewerHeadersTest: nats-server " + nc.getServerInfo().getVersion() + " has no counters (2.12+)");
                return;
            }
            createStream(nc, "{\"name\":\"cnt\",\"subjects\":[\"cnt.>\"],\"allow_msg_counter\":true,\"storage\":\"file\","
                    + "\"retention\":\"limits\",\"max_consumers\":-1,\"max_msgs\":-1,\"max_bytes\":-1,\"max_age\":0,\"discard\":\"old\",\"num_replicas\":1}");
            publish(nc, "cnt.a", "", "Nats-Incr", "+5");
            publish(nc, "cnt.a", "", "Nats-Incr", "+2");
            List<String> original = StreamDump.of(nc, "cnt");
            String file = dir.resolve("cnt.snapshot").toString();
            assertEquals(0, CliRun.run(server.url(), "snapshot", "cnt", file).exitCode());
            CliRun restore = CliRun.run(server.url(), "restore", "cnt", file, "--force");
            assertEquals(1, restore.exitCode(), restore::toString);
            assertTrue(restore.err().contains("Nats-Incr") && restore.err().contains("nothing was changed"), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "cnt"));
        }
    }
}

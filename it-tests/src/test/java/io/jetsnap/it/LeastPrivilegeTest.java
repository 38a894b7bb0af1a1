package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.StreamDump;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot and restore with users restricted to exactly the subjects docs/permissions.md lists:
 * the configuration block is read from that file, so the documentation is what is tested.
 */
class LeastPrivilegeTest {
    private static final String ADMIN = "{ user: admin, password: \"admin-password\" }\n";

    @TempDir
    Path dir;

    /** The documented authorization block for a stream named {@code stream} on subjects {@code prefix.>}, plus an admin. */
    private static String documentedConfig(String stream, String prefix) throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "permissions.md"));
        Matcher m = Pattern.compile("LeastPrivilegeTest reads the block below[^\\n]*\\n```\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/permissions.md has the tested authorization block");
        String block = m.group(1).replace("ORDERS", stream).replace("\"orders.>\"", "\"" + prefix + ".>\"");
        return block.replaceFirst("users: \\[\\n", "users: [\n    " + Matcher.quoteReplacement(ADMIN));
    }

    private static Map<String, String> as(TestNatsServer server, String user) {
        return Map.of("NATS_URL", server.url(), "NATS_USER", user, "NATS_PASSWORD", "change-me-" + user);
    }

    private static Options.Builder admin() {
        return new Options.Builder().userInfo("admin", "admin-password");
    }

    @Test
    void limitsStreamWithAConsumerAndAGapSnapshotsAndRestoresWithTheDocumentedSubjectsOnly() throws Exception {
        try (TestNatsServer server = TestNatsServer.start(documentedConfig("ORDERS", "orders"));
             Connection nc = server.connect(admin())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStream js = nc.jetStream();
            jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
            for (int i = 1; i <= 5; i++) {
                js.publish("orders.new", ("order " + i).getBytes(StandardCharsets.UTF_8));
            }
            jsm.deleteMessage("ORDERS", 3);
            jsm.purgeStream("ORDERS", io.nats.client.PurgeOptions.builder().sequence(2).build());
            jsm.addOrUpdateConsumer("ORDERS", ConsumerConfiguration.builder().durable("billing").ackPolicy(AckPolicy.Explicit).build());
            List<String> before = StreamDump.of(nc, "ORDERS");

            String file = dir.resolve("orders.json").toString();
            CliRun snap = CliRun.run(as(server, "snapshot"), "snapshot", "ORDERS", file);
            assertEquals(0, snap.exitCode(), snap::toString);
            assertTrue(snap.out().contains("3 messages, ") && snap.out().contains("1 durable consumer "), snap::toString);

            js.publish("orders.new", "after the snapshot".getBytes(StandardCharsets.UTF_8));
            CliRun restore = CliRun.run(as(server, "restore"), "restore", "ORDERS", file, "--force");
            assertEquals(0, restore.exitCode(), restore::toString);
            assertEquals(before, StreamDump.of(nc, "ORDERS"));
            assertEquals(List.of("billing"), jsm.getConsumerNames("ORDERS"));
        }
    }

    @Test
    void workQueueStreamIsReadWithMessageGetsWithTheDocumentedSubjectsOnly() throws Exception {
        try (TestNatsServer server = TestNatsServer.start(documentedConfig("JOBS", "jobs"));
             Connection nc = server.connect(admin())) {
            // allow_direct: jetsnap reads with STREAM.MSG.GET all the same, so needs no DIRECT.GET
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("JOBS").subjects("jobs.>")
                    .retentionPolicy(RetentionPolicy.WorkQueue).allowDirect(true).build());
            for (int i = 1; i <= 3; i++) {
                nc.jetStream().publish("jobs.run", ("job " + i).getBytes(StandardCharsets.UTF_8));
            }
            List<String> before = StreamDump.payloads(nc, "JOBS");
            String file = dir.resolve("jobs.json").toString();
            CliRun snap = CliRun.run(as(server, "snapshot"), "snapshot", "JOBS", file);
            assertEquals(0, snap.exitCode(), snap::toString);
            nc.jetStreamManagement().deleteStream("JOBS");
            CliRun restore = CliRun.run(as(server, "restore"), "restore", "JOBS", file);
            assertEquals(0, restore.exitCode(), restore::toString);
            assertEquals(before, StreamDump.payloads(nc, "JOBS"));
        }
    }

    @Test
    void interestStreamAndAnApplicationsEmptyStreamRestoreWithTheDocumentedSubjectsOnly() throws Exception {
        try (TestNatsServer server = TestNatsServer.start(documentedConfig("EVENTS", "events"));
             Connection nc = server.connect(admin())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamConfiguration stream = StreamConfiguration.builder().name("EVENTS").subjects("events.>")
                    .retentionPolicy(RetentionPolicy.Interest).build();
            ConsumerConfiguration audit = ConsumerConfiguration.builder().durable("audit").ackPolicy(AckPolicy.Explicit).build();
            jsm.addStream(stream);
            jsm.addOrUpdateConsumer("EVENTS", audit);
            for (int i = 1; i <= 3; i++) {
                nc.jetStream().publish("events.new", ("event " + i).getBytes(StandardCharsets.UTF_8));
            }
            String file = dir.resolve("events.json").toString();
            assertEquals(0, CliRun.run(as(server, "snapshot"), "snapshot", "EVENTS", file).exitCode());
            jsm.deleteStream("EVENTS");
            // an Interest stream is held by a consumer of jetsnap's own while it loads, deleted afterwards
            CliRun restore = CliRun.run(as(server, "restore"), "restore", "EVENTS", file, "--method", "publish");
            assertEquals(0, restore.exitCode(), restore::toString);
            assertEquals(List.of("audit"), jsm.getConsumerNames("EVENTS"));
            assertEquals(3, jsm.getStreamInfo("EVENTS").getStreamState().getMsgCount());
            // the application's own empty stream and consumer: its consumers are listed and replaced
            jsm.deleteStream("EVENTS");
            jsm.addStream(stream);
            jsm.addOrUpdateConsumer("EVENTS", audit);
            CliRun into = CliRun.run(as(server, "restore"), "restore", "EVENTS", file);
            assertEquals(0, into.exitCode(), into::toString);
            assertEquals(List.of("audit"), jsm.getConsumerNames("EVENTS"));
            assertEquals(3, jsm.getStreamInfo("EVENTS").getStreamState().getMsgCount());
        }
    }

    @Test
    void aDeniedSubjectIsOneLineNamingItAndTheStreamIsUntouched() throws Exception {
        try (TestNatsServer server = TestNatsServer.start(documentedConfig("ORDERS", "orders"));
             Connection nc = server.connect(admin())) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
            nc.jetStream().publish("orders.new", "kept".getBytes(StandardCharsets.UTF_8));
            String file = dir.resolve("orders.json").toString();
            assertEquals(0, CliRun.run(as(server, "snapshot"), "snapshot", "ORDERS", file).exitCode());
            nc.jetStream().publish("orders.new", "also kept".getBytes(StandardCharsets.UTF_8));

            long started = System.nanoTime();
            CliRun denied = CliRun.run(as(server, "snapshot"), "restore", "ORDERS", file, "--force");
            assertEquals(1, denied.exitCode(), denied::toString);
            assertEquals(1, denied.err().strip().lines().count(), denied::toString);
            assertTrue(denied.err().startsWith("jetsnap: the server denied a subject jetsnap needs: "), denied::toString);
            // the first request the snapshot user may not make: whether another stream took the subjects, before --force deletes
            assertTrue(denied.err().contains("$JS.API.STREAM.NAMES"), denied::toString);
            assertTrue(denied.err().contains("docs/permissions.md"), denied::toString);
            // a hint only where it is true: JetStream is there, the subject was denied
            assertFalse(denied.err().contains("JetStream is not enabled") || denied.err().contains("JetStream enabled"), denied::toString);
            assertFalse(denied.err().contains("\tat "), denied::toString);
            assertFalse(denied.err().contains("change-me-snapshot"), denied::toString);
            assertTrue(System.nanoTime() - started < 8_000_000_000L, "a denial fails fast, not after the request timeout");
            assertEquals(List.of("kept", "also kept"), StreamDump.payloads(nc, "ORDERS"));
        }
    }
}

package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.HostileSnapshots;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.RestoreMethods;
import io.jetsnap.it.support.ServerBinaries;
import io.jetsnap.it.support.ServerGate;
import io.jetsnap.it.support.StreamDump;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing of a stream's or its consumers' configuration is dropped silently: before the target
 * is touched, the restore asks the target server (with a scratch stream) what it would keep, and
 * refuses if it would not keep everything, unless --allow-config-loss (then one note per field).
 * The server under test is the target; the newer snapshots come from a 2.15.1 server started
 * beside it ({@link ServerBinaries}).
 */
class ConfigLossTest {
    private static final String NEWER = "2.15.1";

    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    @TempDir
    Path dir;

    /** The stream and consumers of a 2.15 application: fields 2.9 (and some 2.10) do not know. */
    private static void createNewerStream(Connection nc) throws Exception {
        api(nc, "STREAM.CREATE.RICH", "{\"name\":\"RICH\",\"subjects\":[\"rich.>\"],\"storage\":\"file\","
                + "\"compression\":\"s2\",\"metadata\":{\"team\":\"billing\"},\"allow_msg_ttl\":true,"
                + "\"subject_delete_marker_ttl\":60000000000,\"max_age\":3600000000000}");
        api(nc, "CONSUMER.DURABLE.CREATE.RICH.billing", "{\"stream_name\":\"RICH\",\"config\":{\"durable_name\":\"billing\","
                + "\"ack_policy\":\"explicit\",\"filter_subjects\":[\"rich.a\",\"rich.b\"]}}");
        for (String subject : List.of("rich.a", "rich.b", "rich.c")) {
            nc.jetStream().publish(subject, subject.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What server {@code version} cannot keep of {@link #createNewerStream}'s configuration (from its source). */
    private static List<String> lostOn(String version) {
        List<String> lost = new ArrayList<>();
        if (version.startsWith("2.9.")) {
            lost.addAll(List.of("stream RICH: compression", "stream RICH: metadata", "consumer billing: filter_subjects"));
        }
        if (version.startsWith("2.9.") || version.startsWith("2.10.")) {
            lost.addAll(List.of("stream RICH: allow_msg_ttl", "stream RICH: subject_delete_marker_ttl"));
        }
        return lost;
    }

    /**
     * What the server under test cannot keep of {@link #createNewerStream}'s configuration; the test
     * stops here (skipped) on a server that keeps all of it, which the same-version test covers.
     * Removes RICH, which another test may have left.
     */
    private static List<String> lostOnTheServerUnderTest(Connection nc) throws Exception {
        String version = nc.getServerInfo().getVersion();
        List<String> lost = lostOn(version);
        Assumptions.assumeFalse(lost.isEmpty(), "nats-server " + version + " keeps all of " + NEWER + "'s configuration");
        deleteIfThere(nc, "RICH");
        return lost;
    }

    /** A snapshot of {@link #createNewerStream} taken on nats-server 2.15.1. */
    private String newerSnapshot() throws Exception {
        String binary = ServerBinaries.of(NEWER);
        Assumptions.assumeTrue(binary != null, "needs nats-server " + NEWER + " at " + ServerBinaries.where(NEWER));
        String file = dir.resolve("rich-" + NEWER + ".json").toString();
        try (TestNatsServer newer = TestNatsServer.start(binary, null); Connection nc = newer.connect()) {
            createNewerStream(nc);
            CliRun snap = CliRun.run(newer.url(), "snapshot", "RICH", file);
            assertEquals(0, snap.exitCode(), snap::toString);
        }
        return file;
    }

    /** The target as an application left it: another configuration and other messages. */
    private static void createExistingTarget(Connection nc) throws Exception {
        api(nc, "STREAM.CREATE.RICH", "{\"name\":\"RICH\",\"subjects\":[\"rich.>\"],\"storage\":\"file\",\"max_msgs\":50}");
        nc.jetStream().publish("rich.z", "the application's own".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNewerSnapshotIntoAnOlderServerIsRefusedNamingEachLostFieldAndTheTargetStaysAsItWas() throws Exception {
        String file = newerSnapshot();
        try (Connection nc = server.connect()) {
            List<String> lost = lostOnTheServerUnderTest(nc);
            createExistingTarget(nc);
            List<String> before = StreamDump.of(nc, "RICH");
            String configBefore = config(nc, "RICH");

            CliRun restore = CliRun.run(server.url(), "restore", "RICH", file, "--force");
            CliRun.assertOneLineFailure(restore, 1);
            for (String field : lost) {
                assertTrue(restore.err().contains(field), () -> field + " named: " + restore);
            }
            if (lost.contains("consumer billing: filter_subjects")) {
                assertTrue(restore.err().contains("receive messages on every subject"), restore::toString);
            }
            assertTrue(restore.err().contains("nothing was changed") && restore.err().contains("--allow-config-loss"),
                    restore::toString);
            assertEquals(before, StreamDump.of(nc, "RICH"));
            assertEquals(configBefore, config(nc, "RICH"));
            assertNoScratchStreamLeft(nc);

            CliRun dry = CliRun.run(server.url(), "restore", "RICH", file, "--force", "--dry-run", "--json");
            assertEquals(1, dry.exitCode(), dry::toString);
            Map<String, JsonValue> preview = JsonParser.parse(dry.out()).map;
            assertEquals("refuse", preview.get("action").string, dry::toString);
            String reasons = preview.get("reasons").toJson();
            for (String field : lost) {
                assertTrue(reasons.contains(field), () -> field + " named by the dry run: " + dry);
            }
            assertEquals(before, StreamDump.of(nc, "RICH"));
        }
    }

    @Test
    void withAllowConfigLossTheNewerSnapshotIsRestoredWithANotePerLostField() throws Exception {
        String file = newerSnapshot();
        try (Connection nc = server.connect()) {
            String version = nc.getServerInfo().getVersion();
            List<String> lost = lostOnTheServerUnderTest(nc);

            CliRun dry = CliRun.run(server.url(), "restore", "RICH", file, "--allow-config-loss", "--dry-run", "--json");
            assertEquals(0, dry.exitCode(), dry::toString);
            String reasons = JsonParser.parse(dry.out()).map.get("reasons").toJson();

            CliRun restore = CliRun.run(server.url(), "restore", "RICH", file, "--allow-config-loss", "--json");
            assertEquals(0, restore.exitCode(), restore::toString);
            List<JsonValue> notes = JsonParser.parse(restore.out()).map.get("notes").array;
            for (String field : lost) {
                assertEquals(1, notes.stream().filter(n -> n.string.contains(field + " ")).count(),
                        () -> "one note for " + field + ": " + restore);
                assertTrue(reasons.contains(field), () -> field + " in the dry run too: " + dry);
            }
            assertEquals(List.of("rich.a", "rich.b", "rich.c"), StreamDump.payloads(nc, "RICH"));
            assertEquals(List.of("billing"), nc.jetStreamManagement().getConsumerNames("RICH"));

            CliRun text = CliRun.run(server.url(), "restore", "RICH", file, "--allow-config-loss", "--force");
            assertEquals(0, text.exitCode(), text::toString);
            assertTrue(text.out().contains("note: configuration not kept by nats-server " + version + ": " + lost.get(0)),
                    text::toString);
        }
    }

    @Test
    void anOlderSnapshotIntoANewerServerKeepsAllOfItWithNoNotes() throws Exception {
        String older = "2.9.10";
        String binary = ServerBinaries.of(older);
        Assumptions.assumeTrue(binary != null, "needs nats-server " + older + " at " + ServerBinaries.where(older));
        try (Connection nc = server.connect()) {
            Assumptions.assumeFalse(nc.getServerInfo().getVersion().equals(older),
                    "the server under test is " + older + " itself (the same-version test covers it)");
        }
        String file = dir.resolve("older.json").toString();
        try (TestNatsServer source = TestNatsServer.start(binary, null); Connection nc = source.connect()) {
            api(nc, "STREAM.CREATE.OLDER", "{\"name\":\"OLDER\",\"description\":\"orders\",\"subjects\":[\"older.>\"],"
                    + "\"storage\":\"file\",\"max_msgs\":1000,\"max_age\":3600000000000,\"max_msgs_per_subject\":10,"
                    + "\"duplicate_window\":60000000000,\"allow_direct\":true,\"allow_rollup_hdrs\":true,\"deny_delete\":true}");
            api(nc, "CONSUMER.DURABLE.CREATE.OLDER.billing", "{\"stream_name\":\"OLDER\",\"config\":{\"durable_name\":"
                    + "\"billing\",\"ack_policy\":\"explicit\",\"filter_subject\":\"older.a\",\"max_deliver\":5,"
                    + "\"backoff\":[1000000000,5000000000]}}");
            nc.jetStream().publish("older.a", "a".getBytes(StandardCharsets.UTF_8));
            assertEquals(0, CliRun.run(source.url(), "snapshot", "OLDER", file).exitCode());
        }
        try (Connection nc = server.connect()) {
            deleteIfThere(nc, "OLDER");
            CliRun restore = CliRun.run(server.url(), "restore", "OLDER", file, "--json");
            assertEquals(0, restore.exitCode(), restore::toString);
            // no configuration note: only the one that says the snapshot came from another server
            List<JsonValue> notes = JsonParser.parse(restore.out()).map.get("notes").array;
            assertEquals(1, notes.size(), restore::toString);
            assertTrue(notes.get(0).string.startsWith("the snapshot was taken on server "), restore::toString);
            assertEquals(List.of("a"), StreamDump.payloads(nc, "OLDER"));
            assertEquals("older.a", nc.jetStreamManagement().getConsumerInfo("OLDER", "billing").getConsumerConfiguration()
                    .getFilterSubject());
        }
    }

    @Test
    void forceWithReplicasTheServerCannotHaveIsRefusedBeforeTheTargetIsDeleted() throws Exception {
        try (Connection nc = server.connect()) {
            String file = snapshotOfOneMessage(nc, "REPLICAS", "replicas.a");
            nc.jetStream().publish("replicas.a", "two".getBytes(StandardCharsets.UTF_8));
            List<String> before = StreamDump.of(nc, "REPLICAS");
            String configBefore = config(nc, "REPLICAS");

            CliRun dry = CliRun.run(server.url(), "restore", "REPLICAS", file, "--force", "--replicas", "3", "--dry-run");
            assertEquals(1, dry.exitCode(), dry::toString);
            assertTrue(dry.out().contains("would REFUSE") && dry.out().contains("replicas > 1 not supported"), dry::toString);

            CliRun restore = CliRun.run(server.url(), "restore", "REPLICAS", file, "--force", "--replicas", "3");
            CliRun.assertOneLineFailure(restore, 1);
            assertTrue(restore.err().contains("refuses the configuration of stream REPLICAS: replicas > 1 not supported"),
                    restore::toString);
            assertTrue(restore.err().contains("nothing was changed"), restore::toString);
            assertEquals(before, StreamDump.of(nc, "REPLICAS"));
            assertEquals(configBefore, config(nc, "REPLICAS"));
            assertNoScratchStreamLeft(nc);
        }
    }

    @Test
    void forceIntoSubjectsAnotherStreamHasTakenIsRefusedBeforeTheTargetIsDeleted() throws Exception {
        try (Connection nc = server.connect()) {
            String file = snapshotOfOneMessage(nc, "MOVED", "moved.old");
            // since the snapshot, the application moved part of the subjects to a stream of their own
            api(nc, "STREAM.UPDATE.MOVED", "{\"name\":\"MOVED\",\"subjects\":[\"moved.new\"],\"storage\":\"file\"}");
            api(nc, "STREAM.CREATE.MOVED_OLD", "{\"name\":\"MOVED_OLD\",\"subjects\":[\"moved.old\"],\"storage\":\"file\"}");
            nc.jetStream().publish("moved.new", "two".getBytes(StandardCharsets.UTF_8));
            List<String> before = StreamDump.of(nc, "MOVED");

            CliRun restore = CliRun.run(server.url(), "restore", "MOVED", file, "--force");
            CliRun.assertOneLineFailure(restore, 1);
            assertTrue(restore.err().contains("overlaps stream MOVED_OLD's subjects") && restore.err().contains("nothing was "
                    + "changed"), restore::toString);
            assertEquals(before, StreamDump.of(nc, "MOVED"));
            CliRun dry = CliRun.run(server.url(), "restore", "MOVED", file, "--force", "--dry-run");
            assertEquals(1, dry.exitCode(), dry::toString);
            assertTrue(dry.out().contains("overlaps stream MOVED_OLD's subjects"), dry::toString);
        }
    }

    @Test
    void aScratchStreamAKilledRestoreLeftBehindIsReplacedAndRemovedByTheNextOne() throws Exception {
        try (Connection nc = server.connect()) {
            String file = snapshotOfOneMessage(nc, "LEFT", "left.a");
            // what a restore killed during its probe leaves: the scratch stream, under its own private subjects
            api(nc, "STREAM.CREATE._jetsnap_probe_LEFT", "{\"name\":\"_jetsnap_probe_LEFT\",\"subjects\":"
                    + "[\"_jetsnap.probe.killed.left.>\"],\"storage\":\"file\"}");
            CliRun restore = CliRun.run(server.url(), "restore", "LEFT", file, "--force");
            assertEquals(0, restore.exitCode(), restore::toString);
            assertEquals(List.of("one"), StreamDump.payloads(nc, "LEFT"));
            assertNoScratchStreamLeft(nc);
        }
    }

    @Test
    void anAccountWithoutRoomForTheStreamTwiceIsCheckedByVersionAndForceRestoresWithANote() throws Exception {
        // the account holds 2 MiB of file storage; the stream reserves 1.5 MiB, so a scratch copy cannot stand beside it
        String accounts = "accounts { APP: { jetstream: { max_file: 2097152, max_mem: 1048576, max_streams: 10, "
                + "max_consumers: 10 }, users: [ { user: app, password: app-password } ] } }\n";
        try (TestNatsServer limited = TestNatsServer.start(accounts);
             Connection nc = limited.connect(new io.nats.client.Options.Builder().userInfo("app", "app-password"))) {
            api(nc, "STREAM.CREATE.TIGHT", "{\"name\":\"TIGHT\",\"subjects\":[\"tight.>\"],\"storage\":\"file\","
                    + "\"max_bytes\":1572864}");
            nc.jetStream().publish("tight.a", "one".getBytes(StandardCharsets.UTF_8));
            String file = dir.resolve("tight.json").toString();
            Map<String, String> env = Map.of("NATS_URL", limited.url(), "NATS_USER", "app", "NATS_PASSWORD", "app-password");
            assertEquals(0, CliRun.run(env, "snapshot", "TIGHT", file).exitCode());
            List<String> snapshotted = StreamDump.of(nc, "TIGHT");
            nc.jetStream().publish("tight.a", "two".getBytes(StandardCharsets.UTF_8));

            CliRun dry = CliRun.run(env, "restore", "TIGHT", file, "--force", "--dry-run");
            assertEquals(0, dry.exitCode(), dry::toString);
            assertTrue(dry.out().contains("could not take a scratch stream beside the existing stream TIGHT"), dry::toString);

            CliRun restore = CliRun.run(env, "restore", "TIGHT", file, "--force", "--json");
            assertEquals(0, restore.exitCode(), restore::toString);
            String notes = JsonParser.parse(restore.out()).map.get("notes").toJson();
            assertTrue(notes.contains("could not take a scratch stream beside the existing stream TIGHT (insufficient "
                    + "storage resources available"), restore::toString);
            assertTrue(notes.contains("compared with the fields nats-server"), restore::toString);
            assertEquals(snapshotted, StreamDump.of(nc, "TIGHT"));
            assertNoScratchStreamLeft(nc);
        }
    }

    @Test
    void aSameVersionRestoreOfARichConfigurationKeepsAllOfItWithNoNotes() throws Exception {
        try (Connection nc = server.connect()) {
            String version = nc.getServerInfo().getVersion();
            boolean v210 = ServerGate.atLeast(nc, 10, "no compression, metadata, transforms, filter_subjects in the rich config");
            boolean v211 = ServerGate.atLeast(nc, 11, "no TTLs or priority groups in the rich config");
            boolean v215 = ServerGate.atLeast(nc, 15, "no server-side restore of the rich config");
            StringBuilder stream = new StringBuilder("{\"name\":\"SAME\",\"description\":\"orders\",\"subjects\":[\"same.>\"],"
                    + "\"storage\":\"file\",\"max_msgs\":1000,\"max_bytes\":1048576,\"max_age\":3600000000000,"
                    + "\"max_msgs_per_subject\":10,\"max_msg_size\":4096,\"duplicate_window\":60000000000,"
                    + "\"allow_direct\":true,\"allow_rollup_hdrs\":true,\"deny_delete\":true");
            StringBuilder billing = new StringBuilder("{\"durable_name\":\"billing\",\"description\":\"bills\","
                    + "\"ack_policy\":\"explicit\",\"max_deliver\":5,\"backoff\":[1000000000,5000000000],"
                    + "\"max_ack_pending\":100,\"max_batch\":10,\"max_expires\":60000000000");
            if (v210) {
                stream.append(",\"compression\":\"s2\",\"metadata\":{\"team\":\"billing\"},"
                        + "\"subject_transform\":{\"src\":\"same.in.>\",\"dest\":\"same.out.>\"},"
                        + "\"consumer_limits\":{\"inactive_threshold\":3600000000000,\"max_ack_pending\":500}");
                billing.append(",\"filter_subjects\":[\"same.a\",\"same.b\"],\"metadata\":{\"owner\":\"billing-team\"}");
            } else {
                billing.append(",\"filter_subject\":\"same.a\"");
            }
            if (v211) {
                stream.append(",\"allow_msg_ttl\":true,\"subject_delete_marker_ttl\":60000000000");
                billing.append(",\"priority_groups\":[\"jobs\"],\"priority_policy\":\"pinned_client\","
                        + "\"priority_timeout\":120000000000");
            }
            api(nc, "STREAM.CREATE.SAME", stream.append('}').toString());
            api(nc, "CONSUMER.DURABLE.CREATE.SAME.billing", "{\"stream_name\":\"SAME\",\"config\":" + billing.append('}') + "}");
            api(nc, "CONSUMER.DURABLE.CREATE.SAME.mailer", "{\"stream_name\":\"SAME\",\"config\":{\"durable_name\":\"mailer\","
                    + "\"ack_policy\":\"all\",\"filter_subject\":\"same.mail\",\"deliver_subject\":\"deliver.mailer\","
                    + "\"deliver_group\":\"mailers\"}}");
            for (String subject : List.of("same.a", "same.b", "same.mail")) {
                nc.jetStream().publish(subject, subject.getBytes(StandardCharsets.UTF_8));
            }
            String configBefore = config(nc, "SAME");
            String file = dir.resolve("same.json").toString();
            assertEquals(0, CliRun.run(server.url(), "snapshot", "SAME", file).exitCode());

            List<String> methods = v215 ? List.of("server", "publish") : List.of("publish");
            for (String method : methods) {
                CliRun dry = CliRun.run(server.url(), "restore", "SAME", file, "--force", "--method", method, "--dry-run", "--json");
                assertEquals(0, dry.exitCode(), dry::toString);
                List<String> reasons = JsonParser.parse(dry.out()).map.get("reasons").array.stream().map(r -> r.string)
                        .filter(r -> r.contains("configuration") || r.contains("scratch stream")).toList();
                assertEquals(List.of(), reasons, () -> version + " " + method + ": " + dry);
                CliRun restore = CliRun.run(server.url(), "restore", "SAME", file, "--force", "--method", method, "--json");
                assertEquals(0, restore.exitCode(), () -> version + " " + method + ": " + restore);
                assertEquals("[]", JsonParser.parse(restore.out()).map.get("notes").toJson(), () -> version + " " + method
                        + ": " + restore);
                assertEquals(sorted(configBefore), sorted(config(nc, "SAME")), version + " " + method);
                assertEquals(List.of("same.a", "same.b", "same.mail"), StreamDump.payloads(nc, "SAME"));
            }
        }
    }

    /** Stream {@code stream} on subjects {@code <stream in lower case>.>} with one message on {@code subject}, snapshotted. */
    private String snapshotOfOneMessage(Connection nc, String stream, String subject) throws Exception {
        String subjects = stream.toLowerCase(java.util.Locale.ROOT) + ".>";
        api(nc, "STREAM.CREATE." + stream, "{\"name\":\"" + stream + "\",\"subjects\":[\"" + subjects + "\"],\"storage\":\"file\"}");
        nc.jetStream().publish(subject, "one".getBytes(StandardCharsets.UTF_8));
        String file = dir.resolve(stream + ".json").toString();
        assertEquals(0, CliRun.run(server.url(), "snapshot", stream, file).exitCode());
        return file;
    }

    /**
     * A snapshot from a server newer than any here: its stream and consumer carry fields no server
     * here knows (at the top, and nested in placement). A strict server (2.12+) refuses them, one
     * at a time; an older one drops them. Either way the restore names each and refuses, nothing
     * changed; allowed, it leaves them out (each a note) and restores with both methods.
     */
    @Test
    void fieldsTheServerDoesNotKnowAreRefusedNamedAndWithAllowConfigLossLeftOut() throws Exception {
        try (Connection nc = server.connect()) {
            deleteIfThere(nc, "FUTURE");
            api(nc, "STREAM.CREATE.FUTURE", "{\"name\":\"FUTURE\",\"subjects\":[\"future.>\"],\"storage\":\"file\"}");
            api(nc, "CONSUMER.DURABLE.CREATE.FUTURE.worker", "{\"stream_name\":\"FUTURE\",\"config\":{\"durable_name\":"
                    + "\"worker\",\"ack_policy\":\"explicit\"}}");
            for (String subject : List.of("future.a", "future.b")) {
                nc.jetStream().publish(subject, subject.getBytes(StandardCharsets.UTF_8));
            }
            Path real = dir.resolve("future-real.json");
            assertEquals(0, CliRun.run(server.url(), "snapshot", "FUTURE", real.toString()).exitCode());
            Path future = dir.resolve("future.json");
            HostileSnapshots.rewrite(real, future, h -> new io.jetsnap.core.model.SnapshotHeader(h.format(),
                    h.formatVersion(), h.toolVersion(), h.created(), "2.99.0", h.stream(),
                    withMembers(h.streamConfigJson(), ",\"future_field\":{\"level\":3},\"placement\":{\"zzz_nested\":true}"),
                    h.state(), h.selection(), List.of(new io.jetsnap.core.model.ConsumerSnapshot("worker",
                            withMembers(h.consumers().get(0).configJson(), ",\"future_knob\":5"), 0, 0, 0, 0))),
                    messages -> messages);
            List<String> named = List.of("stream FUTURE: future_field", "zzz_nested", "consumer worker: future_knob");

            CliRun refused = CliRun.run(server.url(), "restore", "FUTURE", future.toString(), "--force");
            CliRun.assertOneLineFailure(refused, 1);
            for (String field : named) {
                assertTrue(refused.err().contains(field), () -> field + " named: " + refused);
            }
            assertTrue(refused.err().contains("nothing was changed") && refused.err().contains("--allow-config-loss"),
                    refused::toString);
            assertEquals(List.of("future.a", "future.b"), StreamDump.payloads(nc, "FUTURE"));
            assertNoScratchStreamLeft(nc);

            for (String method : RestoreMethods.of(nc, "leaving out unknown fields")) {
                CliRun restore = CliRun.run(server.url(), "restore", "FUTURE", future.toString(), "--force",
                        "--allow-config-loss", "--method", method, "--json");
                assertEquals(0, restore.exitCode(), () -> method + ": " + restore);
                String notes = JsonParser.parse(restore.out()).map.get("notes").toJson();
                for (String field : named) {
                    assertTrue(notes.contains(field), () -> method + ": a note for " + field + ": " + restore);
                }
                assertEquals(List.of("future.a", "future.b"), StreamDump.payloads(nc, "FUTURE"), method);
                assertFalse(config(nc, "FUTURE").contains("future_field"), method);
                assertEquals(List.of("worker"), nc.jetStreamManagement().getConsumerNames("FUTURE"), method);
                assertNoScratchStreamLeft(nc);
            }
        }
    }

    /** A JSON object's text with {@code members} (",\"a\":1,...") added at its end. */
    private static String withMembers(String objectJson, String members) {
        String trimmed = objectJson.trim();
        return trimmed.substring(0, trimmed.length() - 1) + members + "}";
    }

    private static void assertNoScratchStreamLeft(Connection nc) throws Exception {
        List<String> names = nc.jetStreamManagement().getStreamNames();
        assertFalse(names.stream().anyMatch(n -> n.startsWith("_jetsnap")), () -> "no scratch stream left: " + names);
    }

    private static void deleteIfThere(Connection nc, String stream) throws Exception {
        if (nc.jetStreamManagement().getStreamNames().contains(stream)) {
            nc.jetStreamManagement().deleteStream(stream);
        }
    }

    private static String config(Connection nc, String stream) throws Exception {
        JsonValue config = JsonParser.parse(api(nc, "STREAM.INFO." + stream, "")).map.get("config");
        assertNotNull(config);
        return config.toJson();
    }

    /** A configuration's JSON with its members sorted, to compare two answers member by member. */
    private static String sorted(String json) throws Exception {
        return sorted(JsonParser.parse(json)).toJson();
    }

    private static JsonValue sorted(JsonValue v) {
        if (v.map != null) {
            Map<String, JsonValue> m = new TreeMap<>();
            v.map.forEach((k, e) -> m.put(k, sorted(e)));
            return new JsonValue(m);
        }
        return v;
    }

    private static String api(Connection nc, String api, String body) throws Exception {
        Message reply = nc.request("$JS.API." + api, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
        assertNotNull(reply, api);
        String text = new String(reply.getData(), StandardCharsets.UTF_8);
        assertFalse(text.contains("\"error\""), () -> api + ": " + text);
        return text;
    }
}

package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands for living with snapshots, against a real nats-server: progress and summaries,
 * snapshot/restore --all with an index, ls, prune, restore --dry-run, completion and --version.
 */
class OpsCommandsTest {
    @RegisterExtension
    static final NatsServerExtension nats = new NatsServerExtension();

    private static CliRun cli(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("NATS_URL", nats.url());
        return CliRun.run(env, args);
    }

    private static CliRun ok(String... args) {
        CliRun r = cli(Map.of(), args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    private static void stream(Connection nc, String name, int messages) throws Exception {
        JetStreamManagement jsm = nc.jetStreamManagement();
        try {
            jsm.deleteStream(name);
        } catch (JetStreamApiException e) {
            // not there yet
        }
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(name + ".>").build());
        JetStream js = nc.jetStream();
        for (int i = 0; i < messages; i++) {
            js.publishAsync(name + ".m", ("message " + i).getBytes(StandardCharsets.UTF_8));
        }
        js.publish(name + ".m", "last".getBytes(StandardCharsets.UTF_8));
    }

    private static long messages(Connection nc, String stream) throws Exception {
        return nc.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void nonTerminalProgressIsPlainPeriodicLinesQuietIsSilentAndJsonStdoutParses(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "progress", 30_000);
        }
        Map<String, String> fast = Map.of("JETSNAP_PROGRESS_INTERVAL", "0.001");
        CliRun lines = cli(fast, "snapshot", "progress", dir.resolve("a.json").toString());
        assertEquals(0, lines.exitCode(), lines::toString);
        assertTrue(lines.err().lines().filter(l -> l.startsWith("snapshot: ")).count() >= 2, lines::toString);
        assertFalse(lines.err().contains("\r"), "no carriage returns off a terminal");
        assertTrue(lines.out().contains(" of payload (") && lines.out().contains(" x larger)"), lines::toString);

        CliRun quiet = cli(fast, "snapshot", "progress", dir.resolve("b.json").toString(), "--quiet");
        assertEquals(0, quiet.exitCode(), quiet::toString);
        assertEquals("", quiet.err(), "--quiet prints nothing on stderr");

        CliRun json = cli(fast, "snapshot", "progress", dir.resolve("c.json").toString(), "--json");
        assertEquals(0, json.exitCode(), json::toString);
        Map<String, JsonValue> result = JsonParser.parse(json.out()).map;
        assertEquals(30_001L, result.get("messages").number.longValue());
        assertNotNull(result.get("compression_ratio").number);
        List<String> events = json.err().lines().toList();
        assertFalse(events.isEmpty(), json::toString);
        for (String event : events) {
            assertEquals("progress", JsonParser.parse(event).map.get("event").string, event);
        }
        assertTrue(JsonParser.parse(events.get(events.size() - 1)).map.get("done").bool);

        try (Connection nc = nats.connect()) {
            nc.jetStreamManagement().deleteStream("progress");
        }
        CliRun bar = cli(Map.of("JETSNAP_PROGRESS", "terminal", "JETSNAP_PROGRESS_INTERVAL", "0.001"), "verify",
                dir.resolve("a.json").toString());
        assertEquals(0, bar.exitCode(), bar::toString);
        assertTrue(bar.err().startsWith("\rverify: [") && bar.err().endsWith("\033[K\n"), bar::toString);
        CliRun.assertOneLineFailure(cli(Map.of("JETSNAP_PROGRESS", "fancy"), "verify", dir.resolve("a.json").toString()), 2);

        CliRun restoreQuiet = cli(fast, "restore", "progress", dir.resolve("b.json").toString(), "-q");
        assertEquals(0, restoreQuiet.exitCode(), restoreQuiet::toString);
        assertEquals("", restoreQuiet.err());
        assertTrue(restoreQuiet.out().contains("digest sha256:"), restoreQuiet::toString);
    }

    @Test
    void snapshotAllWritesOneSnapshotPerStreamAndAnIndexThenRestoreAllBringsThemBack(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "all_orders", 50);
            stream(nc, "all_users", 7);
            stream(nc, "other", 3);
            nc.keyValueManagement().create(KeyValueConfiguration.builder().name("all_cfg").build());
            KeyValue kv = nc.keyValue("all_cfg");
            kv.put("color", "blue");
            kv.put("size", "L");

            CliRun snap = ok("snapshot", "--all", "--filter", "all_*", "--filter", "KV_all_*", dir.toString());
            List<Path> written = files(dir);
            assertEquals(4, written.size(), () -> written + "\n" + snap);
            assertTrue(snap.out().contains("3 of 3 streams snapshotted"), snap::toString);
            Path index = written.stream().filter(p -> p.getFileName().toString().startsWith("jetsnap-index-")).findFirst().orElseThrow();
            Map<String, JsonValue> parsed = JsonParser.parse(Files.readString(index)).map;
            List<JsonValue> entries = parsed.get("snapshots").array;
            assertEquals(List.of("KV_all_cfg", "all_orders", "all_users"), entries.stream().map(e -> e.map.get("stream").string).toList());
            assertEquals(51L, entries.get(1).map.get("messages").number.longValue());
            assertTrue(entries.stream().allMatch(e -> e.map.get("status").string.equals("ok")
                    && e.map.get("digest").string.startsWith("sha256:")));

            CliRun missing = cli(Map.of(), "snapshot", "--all", dir.resolve("missing").toString());
            CliRun.assertOneLineFailure(missing, 2);
            Path narrow = Files.createDirectory(dir.resolve("narrow"));
            CliRun noBuckets = ok("snapshot", "--all", "--filter", "all_*", "--exclude-buckets", "--exclude", "*users",
                    "--json", narrow.toString());
            List<JsonValue> narrowed = JsonParser.parse(noBuckets.out()).map.get("streams").array;
            assertEquals(List.of("all_orders"), narrowed.stream().map(e -> e.map.get("stream").string).toList(), noBuckets::toString);
            assertEquals(2, files(narrow).size());

            // restore --all into a server where one target already holds other data: that one fails, the rest come back
            for (String s : List.of("all_orders", "all_users", "KV_all_cfg")) {
                nc.jetStreamManagement().deleteStream(s);
            }
            stream(nc, "all_users", 2);
            CliRun restore = cli(Map.of(), "restore", "--all", dir.toString());
            assertEquals(3, restore.exitCode(), restore::toString);
            assertTrue(restore.err().contains("jetsnap: stream all_users already holds") && restore.err().contains("--force"), restore::toString);
            assertEquals(51, messages(nc, "all_orders"));
            assertEquals(3, messages(nc, "all_users"), "the refused stream is untouched");
            assertEquals("blue", new String(nc.keyValue("all_cfg").get("color").getValue(), StandardCharsets.UTF_8));

            CliRun forced = ok("restore", "--all", index.toString(), "--force", "--filter", "all_users", "--json");
            Map<String, JsonValue> result = JsonParser.parse(forced.out()).map;
            assertEquals(0L, result.get("failed").number.longValue());
            assertEquals(1, result.get("streams").array.size());
            assertEquals(8, messages(nc, "all_users"));
        }
    }

    @Test
    void snapshotAllOfNoMatchingStreamFailsInOneLine(@TempDir Path dir) {
        CliRun r = cli(Map.of(), "snapshot", "--all", "--filter", "no-such-*", dir.toString());
        CliRun.assertOneLineFailure(r, 1);
        CliRun both = cli(Map.of(), "snapshot", "--all", "orders", dir.toString());
        CliRun.assertOneLineFailure(both, 2);
    }

    @Test
    void lsShowsStreamTimeSizeMessagesAndCodecFromHeadersAndIndexes(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "ls_a", 4);
            stream(nc, "ls_b", 9);
        }
        ok("snapshot", "ls_a", dir.toString(), "--format", "cbor");
        ok("snapshot", "--all", "--filter", "ls_*", dir.toString());
        Files.writeString(dir.resolve("notes.txt"), "not a snapshot");
        CliRun ls = ok("ls", dir.toString());
        assertTrue(ls.out().contains("ls_a") && ls.out().contains("cbor") && ls.out().contains("~5"), ls::toString);
        assertTrue(ls.out().contains("notes.txt") && ls.out().contains("3 snapshots, 1 other file, 1 index"), ls::toString);

        CliRun json = ok("ls", dir.toString(), "--json");
        List<JsonValue> snapshots = JsonParser.parse(json.out()).map.get("snapshots").array;
        assertEquals(4, snapshots.size(), json::toString);
        JsonValue b = snapshots.stream().filter(s -> s.map.get("stream") != null && "ls_b".equals(s.map.get("stream").string)).findFirst().orElseThrow();
        assertEquals(10L, b.map.get("messages").number.longValue());
        assertEquals("index", b.map.get("messages_from").string);
        assertTrue(b.map.get("digest").string.startsWith("sha256:"));
        assertEquals(1, JsonParser.parse(json.out()).map.get("indexes").array.size());

        CliRun one = ok("ls", dir.toString(), "--stream", "ls_a", "--json");
        assertEquals(2, JsonParser.parse(one.out()).map.get("snapshots").array.size(), one::toString);
    }

    @Test
    void pruneKeepsTheNewestPerStreamSaysWhatItRemovesAndDryRunRemovesNothing(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "prune_a", 2);
            stream(nc, "prune_b", 2);
        }
        for (int i = 0; i < 3; i++) {
            ok("snapshot", "prune_a", dir.resolve("prune_a-" + i + ".json").toString());
            Thread.sleep(20);
        }
        ok("snapshot", "prune_b", dir.resolve("prune_b-0.json").toString());
        Files.writeString(dir.resolve("readme.txt"), "keep me");

        CliRun dry = ok("prune", dir.toString(), "--keep-last", "1", "--dry-run");
        assertEquals(5, files(dir).size(), "a dry run removes nothing");
        assertTrue(dry.out().contains("would remove") && dry.out().contains("prune_a-0.json")
                && dry.out().contains("2 would be removed"), dry::toString);

        CliRun within = ok("prune", dir.toString(), "--keep-last", "1", "--keep-within", "1h", "--json", "--dry-run");
        assertEquals(0L, JsonParser.parse(within.out()).map.get("removed").number.longValue(), within::toString);

        CliRun prune = ok("prune", dir.toString(), "--keep-last", "1", "--json");
        Map<String, JsonValue> result = JsonParser.parse(prune.out()).map;
        assertEquals(2L, result.get("removed").number.longValue(), prune::toString);
        assertEquals(List.of("prune_a-2.json", "prune_b-0.json", "readme.txt"),
                files(dir).stream().map(p -> p.getFileName().toString()).toList());

        CliRun noRule = cli(Map.of(), "prune", dir.toString());
        CliRun.assertOneLineFailure(noRule, 2);
    }

    @Test
    void pruneRemovesAnIndexOnceNoneOfItsSnapshotsIsLeft(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "pidx", 2);
        }
        ok("snapshot", "--all", "--filter", "pidx", dir.toString());
        Thread.sleep(1100); // a second index needs another second in its name
        ok("snapshot", "--all", "--filter", "pidx", dir.toString());
        assertEquals(4, files(dir).size());
        CliRun prune = ok("prune", dir.toString(), "--keep-last", "1");
        assertTrue(prune.out().contains("none of its snapshots is left"), prune::toString);
        List<Path> left = files(dir);
        assertEquals(2, left.size(), left::toString);
        ok("restore", "--all", dir.toString(), "--dry-run", "--force");
    }

    @Test
    void restoreDryRunSaysWhatItWouldDoAndChangesNothing(@TempDir Path dir) throws Exception {
        String file = dir.resolve("dry.json").toString();
        try (Connection nc = nats.connect()) {
            stream(nc, "dry", 5);
            ok("snapshot", "dry", file);

            nc.jetStreamManagement().deleteStream("dry");
            CliRun create = ok("restore", "dry", file, "--dry-run");
            assertTrue(create.out().contains("would create stream dry") && create.out().contains("verified"), create::toString);
            assertThrowsNotFound(nc, "dry");

            stream(nc, "dry", 2);
            CliRun overlap = cli(Map.of(), "restore", "dry_clone", file, "--dry-run");
            assertEquals(1, overlap.exitCode(), overlap::toString);
            assertTrue(overlap.out().contains("overlaps stream dry's subjects"), overlap::toString);
            assertThrowsNotFound(nc, "dry_clone");
            CliRun refused = cli(Map.of(), "restore", "dry", file, "--dry-run", "--json");
            assertEquals(1, refused.exitCode(), refused::toString);
            Map<String, JsonValue> r = JsonParser.parse(refused.out()).map;
            assertEquals("refuse", r.get("action").string);
            assertEquals(3L, r.get("existing_messages").number.longValue());
            assertTrue(r.get("verified").bool, "a refused dry run still verifies the snapshot");
            assertEquals(3, messages(nc, "dry"));

            CliRun replace = ok("restore", "dry", file, "--dry-run", "--force", "--json");
            Map<String, JsonValue> replacing = JsonParser.parse(replace.out()).map;
            assertEquals("replace", replacing.get("action").string, replace::toString);
            String version = nc.getServerInfo().getVersion();
            boolean serverRestore = !version.startsWith("2.9.") && !version.startsWith("2.10.") && !version.startsWith("2.11.")
                    && !version.startsWith("2.12.") && !version.startsWith("2.13.") && !version.startsWith("2.14.");
            assertEquals(serverRestore ? "server" : "publish", replacing.get("method").string, replace::toString);
            CliRun publish = ok("restore", "dry", file, "--dry-run", "--force", "--json", "--method", "publish");
            assertEquals("publish", JsonParser.parse(publish.out()).map.get("method").string, publish::toString);
            assertEquals(3, messages(nc, "dry"), "nothing was changed");

            byte[] bytes = Files.readAllBytes(Path.of(file));
            Path damaged = dir.resolve("damaged.json");
            Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length - 40));
            CliRun bad = cli(Map.of(), "restore", "dry", damaged.toString(), "--dry-run", "--force");
            assertEquals(1, bad.exitCode(), bad::toString);
            assertTrue(bad.out().contains("would REFUSE") && bad.out().contains("did NOT verify"), bad::toString);
            assertEquals(3, messages(nc, "dry"));
        }
    }

    private static void assertThrowsNotFound(Connection nc, String stream) throws Exception {
        try {
            nc.jetStreamManagement().getStreamInfo(stream);
            throw new AssertionError("stream " + stream + " exists after a dry run");
        } catch (JetStreamApiException e) {
            assertEquals(404, e.getErrorCode());
        }
    }

    @Test
    void completionPrintsAScriptAndVersionListsCodecsAndStores() {
        CliRun completion = ok("completion");
        assertTrue(completion.out().contains("complete -F") && completion.out().contains("prune"), completion::toString);
        assertTrue(ok("completion", "zsh").out().contains("bashcompinit"));
        CliRun.assertOneLineFailure(cli(Map.of(), "completion", "fish"), 2);
        CliRun version = ok("--version");
        assertTrue(version.out().startsWith("jetsnap ") && version.out().contains("json (.json)")
                && version.out().contains("cbor") && version.out().contains("s3://") && version.out().contains("file://"), version::toString);
        CliRun help = ok("snapshot", "--help");
        assertTrue(help.out().contains("Exit codes:") && help.out().contains("--all: some streams failed"), help::toString);
    }
}

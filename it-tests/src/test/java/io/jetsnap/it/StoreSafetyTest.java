package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.S3ProxyExtension;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot is never lost by a mistake or overwritten, and hostile files in a folder or index
 * cost nothing: prune's zero rules, names that collide, index names that leave their folder,
 * large files that are not snapshots, FIFOs, and leftover partial files.
 */
class StoreSafetyTest {
    private static final String BUCKET = "safety";

    @RegisterExtension
    static final NatsServerExtension nats = new NatsServerExtension();

    @RegisterExtension
    static final S3ProxyExtension s3 = new S3ProxyExtension(BUCKET);

    static CliRun cli(String... args) {
        return CliRun.run(s3.env("NATS_URL", nats.url()), args);
    }

    static CliRun ok(String... args) {
        CliRun r = cli(args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    static void stream(Connection nc, String name, int messages) throws Exception {
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(name).subjects(name + ".>").build());
        JetStream js = nc.jetStream();
        for (int i = 0; i < messages; i++) {
            js.publish(name + ".m", ("message " + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void pruneKeepLastZeroIsNoRuleAndRemovingEverySnapshotNeedsItsOwnFlag(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "zero", 2);
        }
        for (int i = 0; i < 3; i++) {
            ok("snapshot", "zero", dir.resolve("zero-" + i + ".json").toString());
        }
        List<String> before = names(dir);
        for (String[] args : new String[][] {{"--keep-last", "0"}, {"--keep-last", "0", "--keep-within", "0s"},
                {"--keep-within", "0d", "--json"}}) {
            List<String> command = new java.util.ArrayList<>(List.of("prune", dir.toString()));
            command.addAll(List.of(args));
            CliRun run = cli(command.toArray(String[]::new));
            CliRun.assertOneLineFailure(run, 2);
            assertTrue(run.err().contains("--unsafe-allow-remove-all"), run::toString);
            assertEquals(before, names(dir), "nothing removed by " + String.join(" ", args));
        }
        CliRun kept = ok("prune", dir.toString(), "--keep-last", "0", "--keep-within", "1h", "--json");
        assertEquals(0L, JsonParser.parse(kept.out()).map.get("removed").number.longValue(), kept::toString);

        CliRun dry = ok("prune", dir.toString(), "--keep-last", "0", "--unsafe-allow-remove-all", "--dry-run");
        assertEquals(before, names(dir));
        assertTrue(dry.out().contains("3 would be removed"), dry::toString);
        ok("prune", dir.toString(), "--unsafe-allow-remove-all");
        assertEquals(List.of(), names(dir));
    }

    /** Runs two snapshots of one stream at once into {@code container} until their generated names collide (same second). */
    private static List<String> twoAtOnce(String stream, String container) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int attempt = 0; attempt < 10; attempt++) {
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.Callable<CliRun> one = () -> {
                    start.await();
                    return cli("snapshot", stream, container, "--json", "-q");
                };
                var a = pool.submit(one);
                var b = pool.submit(one);
                List<String> locations = new java.util.ArrayList<>();
                for (CliRun r : List.of(a.get(), b.get())) {
                    assertEquals(0, r.exitCode(), r::toString);
                    locations.add(JsonParser.parse(r.out()).map.get("location").string);
                }
                assertEquals(2, new java.util.HashSet<>(locations).size(), "two snapshots, two locations: " + locations);
                if (locations.stream().anyMatch(l -> l.endsWith("-2.cbor.zst"))) {
                    return locations; // the same second: the second name became unique
                }
            }
            throw new AssertionError("ten pairs of snapshots never began within one second");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoSnapshotsOfOneStreamInTheSameSecondGetTheirOwnFilesAndBothVerify(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "twice", 50);
        }
        for (String location : twoAtOnce("twice", dir.toString() + "/")) {
            CliRun verify = ok("verify", location, "--json");
            assertEquals(50L, JsonParser.parse(verify.out()).map.get("messages").number.longValue(), verify::toString);
        }
    }

    @Test
    void twoSnapshotsOfOneStreamInTheSameSecondGetTheirOwnObjectsAndBothVerify() throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "twices3", 50);
        }
        List<String> locations = twoAtOnce("twices3", "s3://" + BUCKET + "/twice/");
        for (String location : locations) {
            assertTrue(location.startsWith("s3://" + BUCKET + "/twice/twices3-"), location);
            ok("verify", location);
        }
        assertEquals(2, s3.keys(BUCKET, "twice/").size(), () -> s3.keys(BUCKET, "twice/").toString());
    }

    @Test
    void anExplicitTargetThatExistsIsRefusedUnlessOverwrite(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "explicit", 3);
            for (String target : List.of(dir.resolve("explicit.json").toString(), "s3://" + BUCKET + "/explicit/explicit.json")) {
                ok("snapshot", "explicit", target, "-q");
                byte[] before = ok("info", target, "--json").out().getBytes(StandardCharsets.UTF_8);
                nc.jetStream().publish("explicit.m", "one more".getBytes(StandardCharsets.UTF_8));

                CliRun refused = cli("snapshot", "explicit", target);
                CliRun.assertOneLineFailure(refused, 2);
                assertTrue(refused.err().contains("--overwrite"), refused::toString);
                assertEquals(new String(before, StandardCharsets.UTF_8), ok("info", target, "--json").out(), "unchanged");
                CliRun convert = cli("convert", target, target);
                CliRun.assertOneLineFailure(convert, 2);

                long messages = nc.jetStreamManagement().getStreamInfo("explicit").getStreamState().getMsgCount();
                ok("snapshot", "explicit", target, "--overwrite", "-q");
                CliRun verify = ok("verify", target, "--json");
                assertEquals(messages, JsonParser.parse(verify.out()).map.get("messages").number.longValue(), verify::toString);
            }
        }
    }

    @Test
    void restoreAllRefusesAnIndexNamingAFileOutsideItsFolderBeforeAnythingChanges(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectory(dir.resolve("run"));
        Path other = Files.createDirectory(dir.resolve("other"));
        try (Connection nc = nats.connect()) {
            stream(nc, "hostilea", 4);
            stream(nc, "hostileb", 4);
            ok("snapshot", "--all", "--filter", "hostile*", run.toString(), "-q");
            ok("snapshot", "hostileb", other.resolve("x.json").toString(), "-q");
            nc.jetStream().publish("hostilea.m", "since".getBytes(StandardCharsets.UTF_8));
            nc.jetStream().publish("hostileb.m", "since".getBytes(StandardCharsets.UTF_8));
            Path index;
            try (Stream<Path> files = Files.list(run)) {
                index = files.filter(p -> p.getFileName().toString().startsWith("jetsnap-index-")).findFirst().orElseThrow();
            }
            String original = Files.readString(index);
            String bName = names(run).stream().filter(n -> n.startsWith("hostileb-")).findFirst().orElseThrow();
            for (String hostile : List.of("../other/x.json", "/etc/passwd", other.resolve("x.json").toString())) {
                Files.writeString(index, original.replace("\"" + bName + "\"", "\"" + hostile.replace("\\", "\\\\") + "\""));
                assertTrue(Files.readString(index).contains(hostile), "the index names " + hostile);
                for (String[] extra : new String[][] {{"--force"}, {"--force", "--dry-run"}}) {
                    List<String> command = new java.util.ArrayList<>(List.of("restore", "--all", "--index", index.toString()));
                    command.addAll(List.of(extra));
                    CliRun refused = cli(command.toArray(String[]::new));
                    CliRun.assertOneLineFailure(refused, 1);
                    assertTrue(refused.err().contains("not a plain file name"), refused::toString);
                }
                for (String stream : List.of("hostilea", "hostileb")) {
                    assertEquals(5, nc.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount(),
                            stream + " untouched after an index naming " + hostile);
                }
            }
        }
    }

    /** A file of {@code bytes} that a listing must not read whole: a snapshot's first bytes, then a string that never ends. */
    private static void writeLargeNonSnapshot(Path file, Path snapshot, int bytes) throws IOException {
        String real = Files.readString(snapshot);
        String prefix = real.substring(0, real.indexOf("\"stream\"") + "\"stream\":\"".length());
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(prefix.getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 16];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (int written = 0; written < bytes; written += chunk.length) {
                out.write(chunk);
            }
        }
    }

    @Test
    void lsAndPruneInA64MiBHeapListTheSnapshotsBesideA30MBFileThatIsNone(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "beside", 5);
        }
        ok("snapshot", "beside", dir.resolve("beside-1.json").toString(), "-q");
        ok("snapshot", "beside", dir.resolve("beside-2.cbor.zst").toString(), "--format", "cbor", "-q");
        writeLargeNonSnapshot(dir.resolve("huge.json"), dir.resolve("beside-1.json"), 30_000_000);
        byte[] noise = new byte[30_000_000];
        new java.util.Random(3).nextBytes(noise);
        Files.write(dir.resolve("noise.bin"), noise);

        CliRun ls = CliRun.runJvm(List.of("-Xmx64m"), Map.of(), java.time.Duration.ofSeconds(60), "ls", dir.toString());
        assertEquals(0, ls.exitCode(), ls::toString);
        assertEquals("", ls.err(), ls::toString);
        assertTrue(ls.out().contains("2 snapshots, 2 other files"), ls::toString);
        List<String> hugeLines = ls.out().lines().filter(l -> l.contains("huge.json")).toList();
        assertEquals(1, hugeLines.size(), ls::toString);
        assertTrue(hugeLines.get(0).contains("not read as a snapshot"), ls::toString);

        CliRun json = CliRun.runJvm(List.of("-Xmx64m"), Map.of(), java.time.Duration.ofSeconds(60), "ls", dir.toString(), "--json");
        assertEquals(0, json.exitCode(), json::toString);
        var snapshots = JsonParser.parse(json.out()).map.get("snapshots").array;
        assertEquals(List.of("beside", "beside"), snapshots.stream().filter(v -> v.map.get("problem") == null)
                .map(v -> v.map.get("stream").string).toList(), json::toString);

        CliRun prune = CliRun.runJvm(List.of("-Xmx64m"), Map.of(), java.time.Duration.ofSeconds(60), "prune", dir.toString(),
                "--keep-last", "1");
        assertEquals(0, prune.exitCode(), prune::toString);
        assertEquals(List.of("beside-2.cbor.zst", "huge.json", "noise.bin"), names(dir), prune::toString);
    }

    private static Path fifo(Path file) throws Exception {
        Process p = new ProcessBuilder("mkfifo", file.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), () -> "mkfifo " + file);
        return file;
    }

    @Test
    void aFifoWithNoWriterIsRefusedAtOnceNotWaitedFor(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "fifo", 2);
        }
        ok("snapshot", "fifo", dir.resolve("real.json").toString(), "-q");
        Path fifo = fifo(dir.resolve("fifo.json"));
        long started = System.nanoTime();
        CliRun verify = CliRun.runJvm(List.of("-Xmx64m"), Map.of(), java.time.Duration.ofSeconds(30), "verify", fifo.toString());
        assertEquals(2, verify.exitCode(), verify::toString);
        assertTrue(verify.err().startsWith("jetsnap: ") && verify.err().strip().lines().count() == 1, verify::toString);
        assertTrue(verify.err().contains("not a regular file"), verify::toString);
        assertTrue(System.nanoTime() - started < 20_000_000_000L, "refused at once");

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            for (String[] args : new String[][] {{"info", fifo.toString()}, {"restore", "fifo2", fifo.toString()},
                    {"ls", fifo.toString()}, {"convert", fifo.toString(), dir.resolve("out.json").toString()}}) {
                CliRun r = cli(args);
                CliRun.assertOneLineFailure(r, 2);
                assertTrue(r.err().contains("not a regular file"), r::toString);
            }
            CliRun ls = ok("ls", dir.toString());
            assertTrue(ls.out().contains("1 snapshot\n") || ls.out().contains("1 snapshot,"), ls::toString);
            ok("prune", dir.toString(), "--keep-last", "1");
        });
        assertTrue(Files.exists(fifo));
    }

    @Test
    void lsListsPartialFilesAndPruneRemovesThemOnceADayOld(@TempDir Path dir) throws Exception {
        try (Connection nc = nats.connect()) {
            stream(nc, "partial", 2);
        }
        ok("snapshot", "partial", dir.resolve("partial.json").toString(), "-q");
        Path stale = dir.resolve(".partial-20261129T031500Z.json.3f2a9c1b0d4e5f60.partial");
        Path fresh = dir.resolve(".partial-20261202T031500Z.json.00aa11bb22cc33dd.partial");
        Path dotfile = dir.resolve(".not-ours.partial");
        for (Path p : List.of(stale, fresh, dotfile)) {
            Files.write(p, new byte[1234]);
        }
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(25))));

        CliRun ls = ok("ls", dir.toString());
        for (Path p : List.of(stale, fresh)) {
            List<String> lines = ls.out().lines().filter(l -> l.contains(p.getFileName().toString())).toList();
            assertEquals(1, lines.size(), ls::toString);
            assertTrue(lines.get(0).startsWith("partial "), ls::toString);
        }
        assertFalse(ls.out().contains(".not-ours"), ls::toString);
        assertTrue(ls.out().contains("1 snapshot, 2 partial"), ls::toString);
        var partials = JsonParser.parse(ok("ls", dir.toString(), "--json").out()).map.get("partials").array;
        assertEquals(List.of(stale.toString(), fresh.toString()), partials.stream().map(v -> v.map.get("location").string).toList());
        assertTrue(partials.get(0).map.get("partial").bool);

        CliRun dry = ok("prune", dir.toString(), "--keep-last", "1", "--dry-run");
        assertTrue(dry.out().lines().anyMatch(l -> l.startsWith("would remove") && l.contains(stale.getFileName().toString())), dry::toString);
        assertTrue(Files.exists(stale));
        CliRun pruned = ok("prune", dir.toString(), "--keep-last", "1", "--json");
        var removed = JsonParser.parse(pruned.out()).map.get("removed_partials").array;
        assertEquals(List.of(stale.toString()), removed.stream().map(v -> v.map.get("location").string).toList(), pruned::toString);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh), "a partial file less than a day old may still be written");
        ok("prune", dir.toString(), "--keep-last", "1", "--partial-older-than", "0s");
        assertEquals(List.of(".not-ours.partial", "partial.json"), names(dir));
    }
}

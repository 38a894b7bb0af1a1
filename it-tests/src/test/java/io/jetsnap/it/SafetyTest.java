package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and failures never cost data, and say what went wrong in one line. */
class SafetyTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    private static void createWith(Connection nc, String stream, String... payloads) throws Exception {
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(stream).build());
        for (String p : payloads) {
            nc.jetStream().publish(stream, p.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void restoreRefusesNonEmptyStreamWithoutForce(@TempDir Path dir) throws Exception {
        String file = dir.resolve("a.snapshot").toString();
        try (Connection nc = server.connect()) {
            createWith(nc, "refuse", "one", "two");
            assertEquals(0, CliRun.run(server.url(), "snapshot", "refuse", file).exitCode());
            nc.jetStream().publish("refuse", "three".getBytes(StandardCharsets.UTF_8));
            CliRun run = CliRun.run(server.url(), "restore", "refuse", file);
            CliRun.assertOneLineFailure(run, 1);
            assertEquals(1, run.err().strip().lines().count(), run::toString);
            assertTrue(run.err().contains("--force"), run::toString);
            assertEquals(List.of("one", "two", "three"), StreamDump.payloads(nc, "refuse"));
        }
    }

    @Test
    void truncatedSnapshotIsRefusedAndTheTargetIsUntouched(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.snapshot");
        try (Connection nc = server.connect()) {
            createWith(nc, "trunc", "a", "b", "c", "d");
            assertEquals(0, CliRun.run(server.url(), "snapshot", "trunc", file.toString()).exitCode());
            long size = Files.size(file);
            nc.jetStream().publish("trunc", "e".getBytes(StandardCharsets.UTF_8));
            List<String> before = StreamDump.of(nc, "trunc");
            for (long cut : new long[] {size - 3, size - 40, size / 2, 10}) {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(cut);
                }
                CliRun run = CliRun.run(server.url(), "restore", "trunc", file.toString(), "--force");
                CliRun.assertOneLineFailure(run, 1);
                assertEquals(before, StreamDump.of(nc, "trunc"), "cut at " + cut);
                CliRun verify = CliRun.run(server.url(), "verify", file.toString());
                CliRun.assertOneLineFailure(verify, 1);
            }
        }
    }

    @Test
    void failedSnapshotLeavesNoFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("missing.snapshot");
        CliRun run = CliRun.run(server.url(), "snapshot", "no-such-stream", file.toString());
        CliRun.assertOneLineFailure(run, 1);
        assertTrue(run.err().contains("no-such-stream"), run::toString);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void directoryTargetGetsAnAutomaticName(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            createWith(nc, "auto", "x");
        }
        CliRun run = CliRun.run(server.url(), "snapshot", "auto", dir.toString());
        assertEquals(0, run.exitCode(), run::toString);
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size(), names::toString);
            assertTrue(names.get(0).matches("auto-\\d{8}T\\d{6}Z\\.cbor\\.zst"), names::toString);
        }
    }

    @Test
    void infoAndVerifyDescribeASnapshot(@TempDir Path dir) throws Exception {
        String file = dir.resolve("i.json").toString();
        try (Connection nc = server.connect()) {
            createWith(nc, "info", "p", "q");
        }
        assertEquals(0, CliRun.run(server.url(), "snapshot", "info", file).exitCode());
        CliRun info = CliRun.run(server.url(), "info", file, "--json");
        assertEquals(0, info.exitCode(), info::toString);
        var json = io.nats.client.support.JsonParser.parse(info.out());
        assertEquals("info", json.map.get("stream").string);
        assertEquals(2, json.map.get("messages").number.longValue());
        assertTrue(json.map.get("digest").string.startsWith("sha256:"));
        CliRun verify = CliRun.run(server.url(), "verify", file);
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().startsWith("OK "), verify::toString);
    }

    @Test
    void badInputGivesOneLineAndTheRightExitCode(@TempDir Path dir) throws Exception {
        CliRun.assertOneLineFailure(CliRun.run(server.url(), "snapshot", "x", dir.toString(), "--before", "yesterday"), 2);
        CliRun.assertOneLineFailure(CliRun.run(server.url(), "snapshot"), 2);
        CliRun.assertOneLineFailure(CliRun.run(server.url(), "verify", dir.resolve("nope").toString()), 1);
        CliRun.assertOneLineFailure(CliRun.run(server.url(), "verify", dir.toString()), 2);
        CliRun.assertOneLineFailure(CliRun.run("nats://127.0.0.1:1", "snapshot", "x", dir.toString()), 1);
        CliRun.assertOneLineFailure(CliRun.run(server.url(), "snapshot", "x", "s3://bucket/key"), 1);
        Path notSnapshot = Files.writeString(dir.resolve("text.txt"), "hello");
        CliRun.assertOneLineFailure(CliRun.run(server.url(), "restore", "x", notSnapshot.toString()), 1);
    }
}

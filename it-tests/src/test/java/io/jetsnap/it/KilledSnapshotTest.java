package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.RandomFill;
import io.jetsnap.it.support.S3ProxyExtension;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot killed with SIGKILL halfway leaves nothing that looks like a snapshot under its
 * name, in either store; what it leaves behind (the file store's hidden temporary file) fails
 * verify clearly, and the stream it read is unchanged.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class KilledSnapshotTest {
    private static final String BUCKET = "killed";
    private static final int MESSAGES = 12_000;
    private static final int PAYLOAD = 8 * 1024; // ~94 MiB: several S3 parts, and long enough to kill in the middle

    @RegisterExtension
    static final NatsServerExtension nats = new NatsServerExtension();
    @RegisterExtension
    static final S3ProxyExtension s3 = new S3ProxyExtension(BUCKET);
    private static Connection nc;

    @BeforeAll
    static void connect() throws Exception {
        nc = nats.connect();
        RandomFill.stream(nc, "victim", MESSAGES, PAYLOAD, 8, 9);
    }

    @AfterAll
    static void disconnect() throws Exception {
        nc.close();
    }

    @Test
    void killedFileSnapshotLeavesOnlyAHiddenTemporaryFileThatFailsVerify(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("victim.json");
        try (CliRun.Running cli = CliRun.startJvm(List.of("-Xmx64m"), Map.of(), "-s", nats.url(), "snapshot", "victim",
                target.toString())) {
            // kill once the temporary file holds a few MiB: the snapshot is well under way
            cli.awaitOrEnd(() -> hiddenFiles(dir).stream().anyMatch(p -> size(p) > (4 << 20)));
            assertTrue(cli.process().isAlive(), "the snapshot was still running when it was killed");
            cli.process().destroyForcibly().waitFor();
        }
        assertFalse(Files.exists(target), "nothing under the snapshot's name");
        List<Path> leftovers = hiddenFiles(dir);
        assertEquals(1, leftovers.size(), leftovers::toString);
        CliRun verify = CliRun.run(nats.url(), "verify", leftovers.get(0).toString());
        CliRun.assertOneLineFailure(verify, 1);
        assertTrue(verify.err().contains("truncated"), verify::toString);
        String leftover = leftovers.get(0).getFileName().toString();
        CliRun ls = CliRun.run(nats.url(), "ls", dir.toString());
        assertEquals(0, ls.exitCode(), ls::toString);
        assertTrue(ls.out().lines().anyMatch(l -> l.startsWith("partial ") && l.contains(leftover)), ls::toString);
        CliRun young = CliRun.run(nats.url(), "prune", dir.toString(), "--keep-last", "1");
        assertEquals(0, young.exitCode(), young::toString);
        assertTrue(Files.exists(leftovers.get(0)), "less than a day old: kept");
        CliRun prune = CliRun.run(nats.url(), "prune", dir.toString(), "--keep-last", "1", "--partial-older-than", "0s");
        assertEquals(0, prune.exitCode(), prune::toString);
        assertEquals(List.of(), hiddenFiles(dir), prune::toString);
        assertUnchanged();
    }

    @Test
    void killedS3SnapshotLeavesNoObject() throws Exception {
        try (CliRun.Running cli = CliRun.startJvm(List.of("-Xmx64m"), s3.env(), "-s", nats.url(), "snapshot", "victim",
                "s3://" + BUCKET + "/nightly/")) {
            // kill once the multipart upload has begun: parts are in the bucket, the object is not
            cli.awaitOrEnd(() -> !s3.pendingUploads(BUCKET).isEmpty());
            assertTrue(cli.process().isAlive(), "the snapshot was still running when it was killed");
            Thread.sleep(300);
            cli.process().destroyForcibly().waitFor();
        }
        assertEquals(List.of(), s3.keys(BUCKET, ""), "no object at all: an incomplete multipart upload is not an object");
        CliRun verify = CliRun.run(nats.url(), "verify", "s3://" + BUCKET + "/nightly/victim.json");
        CliRun.assertOneLineFailure(verify, 1);
        assertUnchanged();
    }

    private static void assertUnchanged() throws Exception {
        var state = nc.jetStreamManagement().getStreamInfo("victim").getStreamState();
        assertEquals(MESSAGES, state.getMsgCount());
        assertEquals(MESSAGES, state.getLastSequence());
    }


    private static List<Path> hiddenFiles(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}

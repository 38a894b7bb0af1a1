package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.RandomFill;
import io.jetsnap.it.support.TestCluster;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server crashes (SIGKILL) and comes back while a snapshot or a restore runs: the snapshot
 * completes with every message; the restore fails in one line saying what state the target stream
 * is in; a server that never comes back fails the snapshot in bounded time, leaving no file.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ServerRestartTest {
    private static final int MESSAGES = 20_000;
    private static final int PAYLOAD = 4 * 1024;

    private TestCluster server;

    @BeforeEach
    void start() throws Exception {
        server = TestCluster.single();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void snapshotThroughAServerRestartCompletesExactlyOrLeavesNothing(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            RandomFill.stream(nc, "crash", MESSAGES, PAYLOAD, 8, 3);
        }
        Path target = dir.resolve("crash.json");
        CliRun result;
        try (CliRun.Running cli = CliRun.startJvm(List.of("-Xmx64m"), Map.of(), "-s", server.url(), "snapshot", "crash",
                target.toString(), "--json")) {
            waitFor(() -> partialBytes(dir) > (8 << 20) || !cli.process().isAlive());
            assertTrue(cli.process().isAlive(), "killed while the snapshot ran");
            result = crashServerAndAwait(cli);
        }
        System.out.println("ServerRestartTest: snapshot through a restart: " + result);
        // the read starts a new consumer after the last message it had: the snapshot is whole
        assertEquals(0, result.exitCode(), result::toString);
        CliRun verify = CliRun.run(server.url(), "verify", target.toString(), "--json");
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains("\"messages\":" + MESSAGES), verify::toString);
        try (Connection nc = server.connect()) {
            assertEquals(MESSAGES, nc.jetStreamManagement().getStreamInfo("crash").getStreamState().getMsgCount());
        }
    }

    @Test
    void restoreThroughAServerRestartCompletesExactlyOrSaysWhatIsLeft(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("back.json");
        try (Connection nc = server.connect()) {
            RandomFill.stream(nc, "back", MESSAGES, PAYLOAD, 8, 3);
            assertEquals(0, CliRun.run(server.url(), "snapshot", "back", file.toString()).exitCode());
            nc.jetStreamManagement().deleteStream("back");
        }
        CliRun result;
        try (CliRun.Running cli = CliRun.startJvm(List.of("-Xmx64m"), Map.of(), "-s", server.url(), "restore", "back",
                file.toString(), "--json")) {
            waitFor(() -> messagesIn("back") > MESSAGES / 4 || !cli.process().isAlive());
            assertTrue(cli.process().isAlive(), "killed while the restore ran");
            result = crashServerAndAwait(cli);
        }
        System.out.println("ServerRestartTest: restore through a restart: " + result);
        if (result.exitCode() == 0) {
            assertEquals(MESSAGES, messagesIn("back"));
        } else {
            CliRun.assertOneLineFailure(new CliRun(result.exitCode(), result.out(), result.err()), 1);
            assertTrue(result.err().contains("--force"), result::toString);
        }
    }

    @Test
    void snapshotWhoseServerNeverComesBackFailsInBoundedTimeLeavingNothing(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            RandomFill.stream(nc, "gone", MESSAGES, PAYLOAD, 8, 4);
        }
        Path target = dir.resolve("gone.json");
        long started = System.nanoTime();
        try (CliRun.Running cli = CliRun.startJvm(List.of("-Xmx64m"), Map.of(), "-s", server.url(), "snapshot", "gone",
                target.toString())) {
            waitFor(() -> partialBytes(dir) > (8 << 20) || !cli.process().isAlive());
            assertTrue(cli.process().isAlive(), "killed while the snapshot ran");
            server.kill(0);
            assertTrue(cli.process().waitFor(3, TimeUnit.MINUTES), "the CLI gave up in bounded time");
            CliRun run = new CliRun(cli.process().exitValue(), cli.out(), cli.err());
            System.out.println("ServerRestartTest: server gone for good after "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s: " + run);
            CliRun.assertOneLineFailure(run, 1);
            assertTrue(run.err().contains("lost the connection"), run::toString);
        }
        assertFalse(Files.exists(target), "no partial snapshot under the name");
        assertEquals(0, partialBytes(dir), "the temporary file is removed on a clean failure");
    }

    /** Kills the server, starts it again a second later, and waits (bounded) for the CLI to end. */
    private CliRun crashServerAndAwait(CliRun.Running cli) throws Exception {
        server.kill(0);
        Thread.sleep(1000);
        server.restart(0);
        assertTrue(cli.process().waitFor(3, TimeUnit.MINUTES), "the CLI ended in bounded time");
        return cli.result();
    }

    private long messagesIn(String stream) {
        try (Connection nc = server.connect()) {
            return nc.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (Exception e) {
            return 0;
        }
    }

    private static long partialBytes(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).mapToLong(p -> p.toFile().length()).sum();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}

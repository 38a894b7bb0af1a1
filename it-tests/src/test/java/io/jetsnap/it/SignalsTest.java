package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.RandomFill;
import io.jetsnap.it.support.ServerGate;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (Kubernetes, {@code docker stop}, systemd) and SIGINT (Ctrl-C) sent to the CLI in the
 * middle of its work: a snapshot leaves no file and no consumer behind and exits 143 or 130 with
 * one line; a publishing restore stops with one line saying what the target holds and what to run,
 * the next restore recognises the stream it left, and the advised command restores the snapshot
 * whole, without jetsnap's mark in the final configuration.
 *
 * <p>The CLI runs in a JVM of its own, started through {@code env --default-signal=INT,TERM}: a
 * child of a background job may inherit SIGINT as ignored, and the JVM then installs no handler.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SignalsTest {
    private static final String STREAM = "signals";
    private static final int MESSAGES = 12_000;
    private static final int PAYLOAD = 8 * 1024; // ~94 MiB: a snapshot and a restore take seconds, long enough to stop midway
    private static final List<String> DEFAULT_SIGNALS = List.of("/usr/bin/env", "--default-signal=INT,TERM");
    private static final Map<String, String> QUIET_PROGRESS = Map.of("JETSNAP_PROGRESS", "none");
    /** The end of a stopped restore's line: the command that finishes it (the test's paths need no quoting). */
    private static final Pattern ADVICE = Pattern.compile("; to finish it: jetsnap (restore [^()]+) \\(with the same connection options\\)$");

    private static TestNatsServer source;
    private static TestNatsServer target;
    private static Connection sourceNc;
    private static Connection targetNc;
    @TempDir
    static Path snapshots;
    private static Path snapshot;

    @BeforeAll
    static void startServers() throws Exception {
        source = TestNatsServer.start();
        target = TestNatsServer.start();
        sourceNc = source.connect();
        targetNc = target.connect();
        RandomFill.stream(sourceNc, STREAM, MESSAGES, PAYLOAD, 8, 14);
        snapshot = snapshots.resolve(STREAM + ".json");
        CliRun taken = CliRun.run(source.url(), "snapshot", STREAM, snapshot.toString(), "-q");
        assertEquals(0, taken.exitCode(), taken::toString);
    }

    @AfterAll
    static void stopServers() throws Exception {
        targetNc.close();
        sourceNc.close();
        target.close();
        source.close();
    }

    @Test
    void sigtermStopsASnapshotLeavingNoFileAndNoConsumer(@TempDir Path dir) throws Exception {
        stoppedSnapshotLeavesNothing(dir, "TERM", 143);
    }

    @Test
    void sigintStopsASnapshotLeavingNoFileAndNoConsumer(@TempDir Path dir) throws Exception {
        stoppedSnapshotLeavesNothing(dir, "INT", 130);
    }

    private static void stoppedSnapshotLeavesNothing(Path dir, String signal, int exitCode) throws Exception {
        Path file = dir.resolve("stopped.json");
        CliRun stopped;
        try (CliRun.Running cli = CliRun.startJvm(DEFAULT_SIGNALS, List.of("-Xmx64m"), QUIET_PROGRESS, "-s", source.url(),
                "snapshot", STREAM, file.toString())) {
            // once the hidden temporary file holds a few MiB the snapshot is well under way, its consumer on the stream
            cli.awaitOrEnd(() -> filesIn(dir).stream().anyMatch(p -> size(p) > (4 << 20)));
            assertTrue(cli.process().isAlive(), "the snapshot was still running when it was signalled");
            assertFalse(sourceNc.jetStreamManagement().getConsumerNames(STREAM).isEmpty(), "the snapshot reads through a consumer");
            stopped = signal(cli, signal);
        }
        System.out.println("SIG" + signal + " during a snapshot: " + stopped);
        CliRun.assertOneLineFailure(stopped, exitCode);
        assertTrue(stopped.err().contains("snapshot of stream " + STREAM) && stopped.err().contains("SIG" + signal)
                && stopped.err().contains("nothing was written"), stopped::toString);
        assertEquals(List.of(), filesIn(dir), "no snapshot and no temporary file");
        JetStreamManagement jsm = sourceNc.jetStreamManagement();
        assertEquals(List.of(), jsm.getConsumerNames(STREAM), "the snapshot's consumer is deleted");
        StreamInfo info = jsm.getStreamInfo(STREAM);
        assertEquals(MESSAGES, info.getStreamState().getMsgCount());
        assertEquals(MESSAGES, info.getStreamState().getLastSequence());
    }

    @Test
    void sigtermStopsARestoreWhoseLeftoverTheNextRestoreRecognisesAndFinishes() throws Exception {
        String url = target.url();
        CliRun stopped;
        try (CliRun.Running cli = CliRun.startJvm(DEFAULT_SIGNALS, List.of("-Xmx64m"), QUIET_PROGRESS, "-s", url,
                "restore", STREAM, snapshot.toString(), "--method", "publish")) {
            cli.awaitOrEnd(() -> messagesOnTarget() > 1000);
            assertTrue(cli.process().isAlive(), "the restore was still running when it was signalled");
            stopped = signal(cli, "TERM");
        }
        System.out.println("SIGTERM during a restore: " + stopped);
        CliRun.assertOneLineFailure(stopped, 143);
        long held = messagesOnTarget();
        assertTrue(held > 0 && held < MESSAGES, () -> "partly restored: " + held);
        assertTrue(stopped.err().contains("SIGTERM") && stopped.err().contains("holds " + held + " messages"),
                stopped::toString);
        Matcher advice = ADVICE.matcher(stopped.err().strip());
        assertTrue(advice.find(), () -> "says what to run: " + stopped);
        List<String> advised = List.of(advice.group(1).split(" "));
        List<String> same = List.of("restore", STREAM, snapshot.toString(), "--method", "publish");

        // the same restore again, not forced: it knows the stream as its own leftover
        CliRun again = CliRun.run(url, same.toArray(String[]::new));
        System.out.println("the next restore: " + again);
        assertTrue((again.out() + again.err()).contains("stream " + STREAM + " was left by an interrupted jetsnap restore "
                + "of the snapshot of stream " + STREAM), again::toString);
        if (advised.contains("--force")) {
            // the load configuration took the snapshot's subjects (2.9): applications may have stored messages in it
            CliRun.assertOneLineFailure(again, 1);
            assertTrue(again.err().contains("use --force"), again::toString);
            assertEquals(held, messagesOnTarget(), "the refused restore changed nothing");
            CliRun finished = CliRun.run(url, advised.toArray(String[]::new));
            assertEquals(0, finished.exitCode(), finished::toString);
        } else {
            assertEquals(same, advised, "the advised command is the same restore");
            assertEquals(0, again.exitCode(), again::toString);
            assertTrue(again.out().contains("it was replaced with the snapshot whole"), again::toString);
        }

        StreamInfo restored = targetNc.jetStreamManagement().getStreamInfo(STREAM);
        assertEquals(MESSAGES, restored.getStreamState().getMsgCount());
        assertEquals(MESSAGES, restored.getStreamState().getLastSequence());
        StreamConfiguration config = restored.getConfiguration();
        assertTrue(config.getMetadata() == null || config.getMetadata().keySet().stream().noneMatch(k -> k.startsWith("jetsnap")),
                () -> "no mark in the metadata: " + config.getMetadata());
        assertTrue(config.getDescription() == null || !config.getDescription().contains("jetsnap"),
                () -> "no mark in the description: " + config.getDescription());
        assertEquals(sourceNc.jetStreamManagement().getStreamInfo(STREAM).getConfiguration().getSubjects(), config.getSubjects());
    }

    @Test
    void sigtermStopsAServerSideRestoreWhosePartialStreamIsDeletedAgain() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ServerGate.atLeast(targetNc, 15, "no server-side restore to stop"));
        String[] restore = {"restore", "signals_server", snapshot.toString(), "--method", "server", "--subjects", "server.>"};
        CliRun stopped;
        // progress as JSON lines shows when the upload, after the verify pass, is under way
        try (CliRun.Running cli = CliRun.startJvm(DEFAULT_SIGNALS, List.of("-Xmx64m"),
                Map.of("JETSNAP_PROGRESS", "json", "JETSNAP_PROGRESS_INTERVAL", "0.2"), concat("-s", target.url(), restore))) {
            cli.awaitOrEnd(() -> errText(cli).contains("\"phase\":\"restore\""));
            assertTrue(cli.process().isAlive(), "the restore was still running when it was signalled");
            stopped = signal(cli, "TERM");
        }
        System.out.println("SIGTERM during a server-side restore: " + stopped);
        List<String> lines = stopped.err().lines().filter(l -> !l.startsWith("{")).toList();
        CliRun.assertOneLineFailure(new CliRun(stopped.exitCode(), stopped.out(), String.join("\n", lines) + "\n"), 143);
        assertTrue(lines.get(0).contains("was deleted again, so it does not exist now"), stopped::toString);
        Thread.sleep(1000);
        assertTrue(targetNc.jetStreamManagement().getStreamNames().stream().noneMatch("signals_server"::equals),
                "no partial stream under the final configuration");

        CliRun again = CliRun.run(target.url(), restore);
        assertEquals(0, again.exitCode(), again::toString);
        StreamInfo restored = targetNc.jetStreamManagement().getStreamInfo("signals_server");
        assertEquals(MESSAGES, restored.getStreamState().getMsgCount());
        targetNc.jetStreamManagement().deleteStream("signals_server");
    }

    private static String[] concat(String a, String b, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(a, b), java.util.Arrays.stream(rest))
                .toArray(String[]::new);
    }

    private static String errText(CliRun.Running cli) {
        try {
            return cli.err();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends SIG{@code name} to the CLI and waits for it to end. */
    private static CliRun signal(CliRun.Running cli, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(cli.process().pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(cli.process().waitFor(30, TimeUnit.SECONDS), "the CLI ended after SIG" + name);
        return cli.result();
    }

    private static long messagesOnTarget() {
        try {
            return targetNc.jetStreamManagement().getStreamInfo(STREAM).getStreamState().getMsgCount();
        } catch (JetStreamApiException e) {
            return 0; // not created yet
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    private static List<Path> filesIn(Path dir) {
        try (var files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}

package io.jetsnap.it;

import static io.jetsnap.it.support.CliRun.assertOneLineFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong inputs on the command line: each gives one line on stderr naming what was wrong and a
 * non-zero exit (2 for what the user typed wrong, 1 for what the world refused), never a stack trace.
 */
class WrongInputTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    @Test
    void aMissingStreamIsNamed(@TempDir Path dir) {
        CliRun run = CliRun.run(server.url(), "snapshot", "no-such-stream", dir.toString());
        assertOneLineFailure(run, 1);
        assertTrue(run.err().contains("no-such-stream") && run.err().contains("does not exist"), run::toString);
    }

    @Test
    void anUnreachableServerIsNamedWithoutWaitingLong(@TempDir Path dir) {
        long started = System.nanoTime();
        CliRun run = CliRun.run("nats://127.0.0.1:1", "snapshot", "x", dir.toString());
        assertOneLineFailure(run, 1);
        assertTrue(run.err().contains("127.0.0.1:1"), run::toString);
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 60, "gives up in bounded time");
    }

    @Test
    void aMalformedServerUrlIsABadInput(@TempDir Path dir) {
        for (String url : List.of("nats://127.0.0.1:notaport", "http://[::1", "nats://a b")) {
            CliRun run = CliRun.run(server.url(), "-s", url, "snapshot", "x", dir.toString());
            assertOneLineFailure(run, 2);
        }
    }

    @Test
    void aBadTimeOrNumberIsABadInput(@TempDir Path dir) {
        assertOneLineFailure(CliRun.run(server.url(), "snapshot", "x", dir.toString(), "--before", "yesterday"), 2);
        assertOneLineFailure(CliRun.run(server.url(), "snapshot", "x", dir.toString(), "--max-seq", "ten"), 2);
        assertOneLineFailure(CliRun.run(server.url(), "restore", "x", dir.toString(), "--replicas", "0"), 2);
    }

    @Test
    void restoreAllOfAFolderOrIndexThatIsNotThereIsABadInput(@TempDir Path dir) {
        for (String missing : List.of(dir.resolve("missing").toString(), dir.resolve("missing/").toString() + "/",
                dir.resolve("jetsnap-index-20260101T000000Z.json").toString())) {
            CliRun run = CliRun.run(server.url(), "restore", "--all", missing);
            assertOneLineFailure(run, 2);
            assertTrue(run.err().contains("missing") || run.err().contains("jetsnap-index-"), run::toString);
        }
    }

    @Test
    void aDirectoryWithoutTheStreamsSnapshotsOrWithoutAStreamNameSaysSo(@TempDir Path dir) {
        CliRun run = CliRun.run(server.url(), "restore", "x", dir.toString());
        assertOneLineFailure(run, 1);
        assertTrue(run.err().contains("no snapshot of stream x in " + dir), run::toString);
        CliRun verify = CliRun.run(server.url(), "verify", dir.toString());
        assertOneLineFailure(verify, 2);
        assertTrue(verify.err().contains(dir + " is a folder or prefix: name the stream"), verify::toString);
    }

    /**
     * A directory the user may not write to. Root may write anywhere, so as root the CLI runs in a
     * JVM of its own as user nobody (setpriv); otherwise in this JVM on a read-only directory.
     */
    @Test
    void noPermissionToWriteTheTargetIsNamed(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("perm").subjects("perm").build());
            nc.jetStream().publish("perm", "x".getBytes(StandardCharsets.UTF_8));
        }
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        String target = locked.resolve("perm.json").toString();
        if (!"root".equals(System.getProperty("user.name"))) {
            CliRun run = CliRun.run(server.url(), "snapshot", "perm", target);
            assertOneLineFailure(run, 1);
            assertTrue(run.err().contains(locked.toString()), run::toString);
            return;
        }
        Path jar = cliJar();
        Path readable = Files.createDirectory(dir.resolve("jar"));
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = Files.copy(jar, readable.resolve("jetsnap.jar"));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-Djava.io.tmpdir=" + readable, "-jar", copy.toString(), "-s", server.url(), "snapshot", "perm", target));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI finished");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        CliRun run = new CliRun(p.exitValue(), out, err);
        assertOneLineFailure(run, 1);
        assertTrue(err.contains(locked.toString()) && err.toLowerCase().contains("permission"), run::toString);
        assertEquals(0, Files.list(locked).count(), "nothing was written");
    }

    /** The CLI's self-contained jar, built by the cli module before the integration tests run. */
    private static Path cliJar() throws Exception {
        Path target = Path.of(System.getProperty("user.dir")).resolve("../cli/target").normalize();
        try (var jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches("jetsnap-cli-.*-all\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no jetsnap-cli-*-all.jar in " + target));
        }
    }
}

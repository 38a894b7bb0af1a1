package io.jetsnap.it;

import static io.jetsnap.it.support.CliRun.assertOneLineFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.EngineOptions;
import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI can tell at once is told at once, on one line, with the exit code of the README's
 * table: a server without JetStream, an account without it, a stream name NATS forbids, a URL of
 * another scheme. "At once" is measured against the JetStream request timeout (the time the CLI
 * used to wait, three times over), never as an absolute time.
 */
class FailFastTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    /** One JetStream API request's timeout: what a failure told at once comes well before. */
    private static final long REQUEST_TIMEOUT_NANOS = EngineOptions.DEFAULTS.requestTimeout().toNanos();

    private static CliRun fast(Supplier<CliRun> run) {
        long started = System.nanoTime();
        CliRun r = run.get();
        long took = System.nanoTime() - started;
        assertTrue(took < REQUEST_TIMEOUT_NANOS / 4, () -> "took " + took / 1_000_000 + " ms, not well within the "
                + REQUEST_TIMEOUT_NANOS / 1_000_000 + " ms request timeout: " + r);
        return r;
    }

    @Test
    void aServerWithoutJetStreamIsSaidAtOnce(@TempDir Path dir) throws Exception {
        try (TestNatsServer plain = TestNatsServer.withoutJetStream(); Connection nc = plain.connect()) {
            Path snapshot = dir.resolve("orders.cbor.zst");
            try (Connection js = server.connect()) {
                js.jetStreamManagement().addStream(StreamConfiguration.builder().name("nojs").subjects("nojs").build());
                js.jetStream().publish("nojs", "x".getBytes(StandardCharsets.UTF_8));
                assertEquals(0, CliRun.run(server.url(), "snapshot", "nojs", snapshot.toString(), "-q").exitCode());
            }
            for (String[] args : new String[][] {
                    {"snapshot", "orders", dir.toString()},
                    {"snapshot", "--all", dir.toString()},
                    {"restore", "orders", snapshot.toString()},
                    {"restore", "orders", snapshot.toString(), "--dry-run"}}) {
                CliRun run = fast(() -> CliRun.run(plain.url(), args));
                assertOneLineFailure(run, 1);
                assertTrue(run.err().contains("JetStream is not enabled on that server or for this account"), run::toString);
                assertTrue(run.err().contains("no responders"), run::toString);
            }
            assertEquals(List.of("orders.cbor.zst"), names(dir), "nothing written");
        }
    }

    @Test
    void anAccountWithoutJetStreamIsSaidAtOnce(@TempDir Path dir) throws Exception {
        String accounts = "accounts {\n  JS: { jetstream: enabled, users: [{user: js, password: js}] }\n"
                + "  PLAIN: { users: [{user: plain, password: plain}] }\n}\n";
        try (TestNatsServer two = TestNatsServer.start(accounts)) {
            String plain = two.url().replace("nats://", "nats://plain:plain@");
            CliRun run = fast(() -> CliRun.run(plain, "snapshot", "orders", dir.toString()));
            assertOneLineFailure(run, 1);
            assertTrue(run.err().contains("JetStream is not enabled for this account on that server"), run::toString);
        }
    }

    @Test
    void aStreamNameNatsForbidsIsAUsageErrorAtOnce(@TempDir Path dir) throws Exception {
        Path snapshot = dir.resolve("s.cbor.zst");
        Files.write(snapshot, new byte[] {1});
        for (String name : List.of("a.b", "orders.*", "all>", "a b", "dir/x", "back\\slash")) {
            for (String[] args : new String[][] {
                    {"snapshot", name, dir.toString()},
                    {"restore", name, snapshot.toString()},
                    {"restore", name, snapshot.toString(), "--dry-run"},
                    {"ls", dir.toString(), "--stream", name},
                    {"prune", dir.toString(), "--keep-last", "1", "--stream", name}}) {
                CliRun run = fast(() -> CliRun.run(server.url(), args));
                assertOneLineFailure(run, 2);
                assertTrue(run.err().contains("'" + name + "' is not a name nats-server allows for a stream"), run::toString);
            }
        }
        CliRun subjects = fast(() -> CliRun.run(server.url(), "restore", "copy", snapshot.toString(), "--subjects", "a b"));
        assertOneLineFailure(subjects, 2);
        assertTrue(subjects.err().contains("'a b' is not a subject nats-server allows: it contains whitespace"), subjects::toString);
        assertEquals(List.of("s.cbor.zst"), names(dir));
    }

    @Test
    void aServerUrlOfAnotherSchemeNamesTheSchemesTaken(@TempDir Path dir) {
        CliRun run = fast(() -> CliRun.run(server.url(), "-s", "http://127.0.0.1:4222", "snapshot", "orders", dir.toString()));
        assertOneLineFailure(run, 2);
        assertTrue(run.err().contains("http:// is not a NATS scheme; use nats://, tls://, opentls://, ws://, wss://"), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
    }

    private static List<String> names(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

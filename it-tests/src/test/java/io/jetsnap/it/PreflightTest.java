package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.ServerGate;
import io.jetsnap.it.support.StreamDump;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Options;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore knows before it deletes: what the target server tells in advance (its max_payload,
 * the account's storage limit, whether the user may publish where the restore publishes) refuses
 * a {@code restore --force} with "nothing was changed", the existing stream intact, and
 * {@code --dry-run} says refuse. What no account can be told (the server's own storage limit)
 * stops the restore partway, with advice that can work and a dry run that says it was not checked.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class PreflightTest {
    private static final String ADMIN = "{ user: admin, password: admin }";

    @TempDir
    static Path dir;
    private static Path large;
    private static Path big;

    @BeforeAll
    static void snapshots() throws Exception {
        try (TestNatsServer source = TestNatsServer.start(); Connection nc = source.connect()) {
            // three messages, one of 100 KiB: above a 64 KiB max_payload
            stream(nc, "ORDERS", "orders", 3, 100 * 1024);
            large = dir.resolve("large.json");
            assertEquals(0, CliRun.run(source.url(), "snapshot", "ORDERS", large.toString()).exitCode());
            // 40 messages of 20 KiB: about 800 KB stored
            stream(nc, "BIG", "big", 40, 20 * 1024);
            big = dir.resolve("big.json");
            assertEquals(0, CliRun.run(source.url(), "snapshot", "BIG", big.toString()).exitCode());
        }
    }

    @AfterAll
    static void done() {
    }

    @Test
    void aMessageAboveTheTargetsMaxPayloadRefusesTheForcedRestoreBeforeTheDelete() throws Exception {
        try (TestNatsServer target = TestNatsServer.start("max_payload: 65536"); Connection nc = target.connect()) {
            List<String> before = existing(nc, "ORDERS", "orders");
            CliRun dry = CliRun.run(target.url(), "restore", "ORDERS", large.toString(), "--force", "--method", "publish",
                    "--dry-run");
            assertTrue(dry.out().contains("would REFUSE"), dry::toString);
            assertTrue(dry.out().contains("max_payload of 65536"), dry::toString);
            // the snapshot is sound: only the target cannot take it
            assertTrue(dry.out().contains("snapshot of ORDERS verified") && !dry.out().contains("did NOT verify"),
                    dry::toString);
            CliRun run = CliRun.run(target.url(), "restore", "ORDERS", large.toString(), "--force", "--method", "publish");
            refusedUnchanged(run, "max_payload of 65536", nc, "ORDERS", before);
        }
    }

    @Test
    void aSnapshotAboveTheAccountsStorageLimitRefusesTheForcedRestoreBeforeTheDelete() throws Exception {
        String accounts = "accounts { APP: { jetstream: { max_file: 400000, max_mem: 0 }, users: [ { user: app, "
                + "password: app } ] } }";
        try (TestNatsServer target = TestNatsServer.start(accounts);
             Connection nc = target.connect(new Options.Builder().userInfo("app", "app"))) {
            List<String> before = existing(nc, "BIG", "big");
            Map<String, String> env = Map.of("NATS_URL", target.url(), "NATS_USER", "app", "NATS_PASSWORD", "app");
            CliRun dry = CliRun.run(env, "restore", "BIG", big.toString(), "--force", "--dry-run");
            assertTrue(dry.out().contains("would REFUSE"), dry::toString);
            assertTrue(dry.out().contains("file storage limit of 400000 bytes"), dry::toString);
            // the auto method: the server's own restore (2.15) is refused the same way
            CliRun run = CliRun.run(env, "restore", "BIG", big.toString(), "--force");
            refusedUnchanged(run, "file storage limit of 400000 bytes", nc, "BIG", before);
        }
    }

    @Test
    void aUserWhoMayNotPublishWhereTheRestorePublishesIsRefusedBeforeTheDelete() throws Exception {
        try (Connection probe = TestNatsServer.start().connect()) {
            // the probe publishes under jetsnap's private prefix, which nats-server 2.9 cannot strip
            assumeTrue(ServerGate.atLeast(probe, 10, "no private prefix to probe; PreflightTest's permission case skipped"));
        }
        String users = "authorization { users: [ " + ADMIN + ", { user: r, password: r, permissions: { publish: { allow: "
                + "[ \"$JS.API.>\", \"big.>\", \"_jetsnap.gap.>\" ] }, subscribe: { allow: [ \"_INBOX.>\" ] } } } ] }";
        try (TestNatsServer target = TestNatsServer.start(users);
             Connection nc = target.connect(new Options.Builder().userInfo("admin", "admin"))) {
            List<String> before = existing(nc, "BIG", "big");
            Map<String, String> env = Map.of("NATS_URL", target.url(), "NATS_USER", "r", "NATS_PASSWORD", "r");
            CliRun run = CliRun.run(env, "restore", "BIG", big.toString(), "--force", "--method", "publish");
            refusedUnchanged(run, "_jetsnap.clone.", nc, "BIG", before);
        }
    }

    @Test
    void theServersOwnStorageLimitStopsTheRestorePartwayWithAdviceThatCanWork() throws Exception {
        try (TestNatsServer target = TestNatsServer.withJetStream(null, "max_file_store: 300000");
             Connection nc = target.connect()) {
            CliRun dry = CliRun.run(target.url(), "restore", "BIG", big.toString(), "--dry-run");
            assertEquals(0, dry.exitCode(), dry::toString);
            assertTrue(dry.out().contains("not known in advance: the server's own storage limits"), dry::toString);
            CliRun run = CliRun.run(target.url(), "restore", "BIG", big.toString(), "--method", "publish");
            CliRun.assertOneLineFailure(run, run.exitCode());
            assertTrue(run.exitCode() != 0, run::toString);
            assertTrue(run.err().contains("the server ran out of room for the snapshot, which needs "), run::toString);
            assertTrue(run.err().contains("then run the restore again with --force"), run::toString);
        }
    }

    private static void stream(Connection nc, String name, String subject, int messages, int bytes) throws Exception {
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(name).subjects(subject + ".>").build());
        JetStream js = nc.jetStream();
        for (int i = 1; i <= messages; i++) {
            byte[] payload = new byte[i == 2 || messages > 3 ? bytes : 10];
            java.util.Arrays.fill(payload, (byte) ('a' + i % 26));
            js.publish(subject + "." + i, payload);
        }
    }

    /** A target stream of five small messages, as dumped before the restore. */
    private static List<String> existing(Connection nc, String name, String subject) throws Exception {
        JetStreamManagement jsm = nc.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(subject + ".>").build());
        for (int i = 1; i <= 5; i++) {
            nc.jetStream().publish(subject + ".kept", ("kept " + i).getBytes(StandardCharsets.UTF_8));
        }
        return StreamDump.of(nc, name);
    }

    private static void refusedUnchanged(CliRun run, String names, Connection nc, String stream, List<String> before)
            throws Exception {
        CliRun.assertOneLineFailure(run, run.exitCode());
        assertTrue(run.exitCode() != 0, run::toString);
        assertTrue(run.err().contains(names), run::toString);
        assertTrue(run.err().contains("nothing was changed"), run::toString);
        assertEquals(before, StreamDump.of(nc, stream), "the existing stream is untouched");
    }
}

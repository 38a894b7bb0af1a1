package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.StreamDump;
import io.jetsnap.it.support.TestCertificates;
import io.jetsnap.it.support.TestJwts;
import io.jetsnap.it.support.TestNatsServer;
import io.jetsnap.it.support.TlsContexts;
import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way of logging in, against a nats-server configured for it: snapshot and restore succeed
 * with the right secret; a wrong one fails with one line and exit 1; no run, failing or not,
 * verbose or not, prints a password, token or seed.
 */
class SecurityTest {
    private static final List<String> PAYLOADS = List.of("order 1", "order 2", "order 3");

    @TempDir
    Path dir;

    private static String secret(String kind) {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return kind + "-" + HexFormat.of().formatHex(b);
    }

    /** Creates stream orders with three messages, then snapshots and restores it through the CLI as {@code env} and {@code auth} say. */
    private List<CliRun> snapshotAndRestore(TestNatsServer server, Options.Builder admin, Map<String, String> env,
                                            List<String> auth) throws Exception {
        String file = dir.resolve("orders.json").toString();
        try (Connection nc = server.connect(admin)) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("orders").subjects("orders.>").build());
            for (String p : PAYLOADS) {
                nc.jetStream().publish("orders.new", p.getBytes(StandardCharsets.UTF_8));
            }
            CliRun snap = CliRun.run(env, args(auth, "snapshot", "orders", file, "--json"));
            assertEquals(0, snap.exitCode(), snap::toString);
            assertEquals(3, JsonParser.parse(snap.out()).map.get("messages").number.intValue(), snap::toString);
            nc.jetStream().publish("orders.new", "not in the snapshot".getBytes(StandardCharsets.UTF_8));
            CliRun restore = CliRun.run(env, args(auth, "--verbose", "restore", "orders", file, "--force"));
            assertEquals(0, restore.exitCode(), restore::toString);
            assertEquals(PAYLOADS, StreamDump.payloads(nc, "orders"));
            return List.of(snap, restore);
        }
    }

    private static String[] args(List<String> auth, String... command) {
        List<String> all = new ArrayList<>(auth);
        all.addAll(List.of(command));
        return all.toArray(new String[0]);
    }

    /** A refused login: exit 1, one line naming the failure, no stack trace; with --verbose a trace, but still no secret. */
    private List<CliRun> assertRefused(Map<String, String> env, List<String> auth, String expected) {
        return assertRefused(env, auth, expected, true);
    }

    /** As above; a refused login takes jnats its connection timeout (5 s), so some cases skip the verbose run. */
    private List<CliRun> assertRefused(Map<String, String> env, List<String> auth, String expected, boolean alsoVerbose) {
        String file = dir.resolve("refused.json").toString();
        CliRun run = CliRun.run(env, args(auth, "snapshot", "orders", file));
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("jetsnap: "), run::toString);
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        assertTrue(run.err().toLowerCase().contains(expected.toLowerCase()), run::toString);
        assertFalse(Files.exists(dir.resolve("refused.json")), "no snapshot file after a refused login");
        if (!alsoVerbose) {
            return List.of(run);
        }
        CliRun verbose = CliRun.run(env, args(auth, "--verbose", "snapshot", "orders", file));
        assertEquals(1, verbose.exitCode(), verbose::toString);
        return List.of(run, verbose);
    }

    private static void assertNoSecret(List<CliRun> runs, String... secrets) {
        for (CliRun run : runs) {
            for (String secret : secrets) {
                assertFalse(run.out().contains(secret) || run.err().contains(secret), () -> "secret " + secret + " printed:\n" + run);
            }
        }
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void userAndPasswordFromFlagsAndFromTheUrl() throws Exception {
        String password = secret("pw");
        String wrong = secret("wrong");
        try (TestNatsServer server = TestNatsServer.start(
                "authorization { users: [ { user: alice, password: \"" + password + "\" } ] }\n")) {
            List<CliRun> runs = new ArrayList<>(snapshotAndRestore(server, new Options.Builder().userInfo("alice", password),
                    env("NATS_URL", server.url()), List.of("--user", "alice", "--password", password)));
            String withCredentials = server.url().replace("nats://", "nats://alice:" + password + "@");
            CliRun fromUrl = CliRun.run(env("NATS_URL", withCredentials), "snapshot", "orders", dir.resolve("u.json").toString(), "--json");
            assertEquals(0, fromUrl.exitCode(), fromUrl::toString);
            // everything before the last @ is masked, the user name too (issue 14 §5)
            assertEquals(server.url().replace("nats://", "nats://***@"),
                    JsonParser.parse(fromUrl.out()).map.get("server").string, fromUrl::toString);
            runs.add(fromUrl);
            runs.addAll(assertRefused(env("NATS_URL", server.url(), "NATS_USER", "alice", "NATS_PASSWORD", wrong), List.of(),
                    "authorization violation", false));
            runs.addAll(assertRefused(env("NATS_URL", withCredentials.replace(password, wrong)), List.of(), "authorization violation"));
            CliRun unreachable = CliRun.run(env("NATS_URL", "nats://alice:" + password + "@127.0.0.1:1"), "--verbose", "snapshot", "orders",
                    dir.resolve("n.json").toString());
            assertEquals(1, unreachable.exitCode(), unreachable::toString);
            assertTrue(unreachable.err().startsWith("jetsnap: connecting to nats://***@127.0.0.1:1 (user and password in the URL)"),
                    unreachable::toString);
            runs.add(unreachable);
            assertNoSecret(runs, password, wrong);
        }
    }

    @Test
    void tokenInTheUrlOrAsAUserWithoutPassword() throws Exception {
        String token = secret("tok");
        String wrong = secret("wrong");
        try (TestNatsServer server = TestNatsServer.start("authorization { token: \"" + token + "\" }\n")) {
            String withToken = server.url().replace("nats://", "nats://" + token + "@");
            List<CliRun> runs = new ArrayList<>(snapshotAndRestore(server, new Options.Builder().token(token.toCharArray()),
                    env("NATS_URL", withToken), List.of()));
            CliRun asUser = CliRun.run(env("NATS_URL", server.url(), "NATS_USER", token), "snapshot", "orders",
                    dir.resolve("t.json").toString(), "--json");
            assertEquals(0, asUser.exitCode(), asUser::toString);
            assertEquals(server.url(), JsonParser.parse(asUser.out()).map.get("server").string);
            runs.add(asUser);
            runs.addAll(assertRefused(env("NATS_URL", server.url().replace("nats://", "nats://" + wrong + "@")), List.of(),
                    "authorization violation"));
            runs.addAll(assertRefused(env("NATS_URL", server.url()), List.of("--user", wrong), "authorization violation", false));
            assertNoSecret(runs, token, wrong);
        }
    }

    @Test
    void nkeySeedFile() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        NKey stranger = NKey.createUser(new SecureRandom());
        Path seedFile = Files.writeString(dir.resolve("user.nk"), new String(user.getSeed()) + "\n");
        Path strangerFile = Files.writeString(dir.resolve("stranger.nk"), new String(stranger.getSeed()) + "\n");
        try (TestNatsServer server = TestNatsServer.start(
                "authorization { users: [ { nkey: \"" + new String(user.getPublicKey()) + "\" } ] }\n")) {
            List<CliRun> runs = new ArrayList<>(snapshotAndRestore(server,
                    new Options.Builder().authHandler(Nats.staticCredentials(null, user.getSeed())),
                    env("NATS_URL", server.url()), List.of("--nkey", seedFile.toString())));
            runs.addAll(assertRefused(env("NATS_URL", server.url(), "NATS_NKEY", strangerFile.toString()), List.of(),
                    "authorization violation"));
            assertNoSecret(runs, new String(user.getSeed()), new String(stranger.getSeed()));
        }
    }

    @Test
    void credsFileInOperatorMode() throws Exception {
        TestJwts jwts = TestJwts.create();
        Path creds = jwts.userCreds(dir.resolve("backup.creds"));
        Path admin = jwts.userCreds(dir.resolve("admin.creds"));
        Path stranger = TestJwts.strangerCreds(dir.resolve("stranger.creds"));
        try (TestNatsServer server = TestNatsServer.start(jwts.serverConfig())) {
            List<CliRun> runs = new ArrayList<>(snapshotAndRestore(server, new Options.Builder().authHandler(Nats.credentials(admin.toString())),
                    env("NATS_URL", server.url(), "NATS_CREDS", creds.toString()), List.of()));
            runs.addAll(assertRefused(env("NATS_URL", server.url()), List.of("--creds", stranger.toString()), "authorization violation"));
            assertNoSecret(runs, seedOf(creds), seedOf(stranger));
        }
    }

    private static String seedOf(Path creds) throws Exception {
        return Files.readAllLines(creds).stream().filter(l -> l.startsWith("SU")).findFirst().orElseThrow();
    }

    @Test
    void tlsWithACustomCaAndAClientCertificate() throws Exception {
        TestCertificates certs = TestCertificates.generate(Files.createDirectories(dir.resolve("certs")));
        try (TestNatsServer server = TestNatsServer.start(certs.serverTlsConfig())) {
            Options.Builder admin = new Options.Builder().sslContext(TlsContexts.of(certs, "client"));
            List<CliRun> runs = new ArrayList<>(snapshotAndRestore(server, admin, env("NATS_URL", server.url(),
                            "NATS_CA", certs.cert("ca").toString()),
                    List.of("--tlscert", certs.cert("client").toString(), "--tlskey", certs.key("client").toString())));
            runs.addAll(assertRefused(env("NATS_URL", server.url()), List.of("--tlsca", certs.cert("ca").toString(),
                    "--tlscert", certs.cert("rogue-client").toString(), "--tlskey", certs.key("rogue-client").toString()), "could not connect"));
            runs.addAll(assertRefused(env("NATS_URL", server.url()), List.of("--tlsca", certs.cert("ca").toString()), "could not connect", false));
            String clientKey = Files.readAllLines(certs.key("client")).get(1);
            assertNoSecret(runs, clientKey);
        }
    }

    @Test
    void theSelectedNatsContextIsUsedAndFlagsOverrideIt() throws Exception {
        String password = secret("pw");
        try (TestNatsServer server = TestNatsServer.start(
                "authorization { users: [ { user: alice, password: \"" + password + "\" }, { user: bob, password: bobs-password } ] }\n")) {
            Path config = Files.createDirectories(dir.resolve("xdg/nats/context"));
            Files.writeString(config.resolve("backup.json"), "{\"description\": \"jetsnap test\", \"url\": \"" + server.url()
                    + "\", \"user\": \"alice\", \"password\": \"" + password + "\", \"token\": \"\", \"creds\": \"\", \"nkey\": \"\"}");
            Files.writeString(dir.resolve("xdg/nats/context.txt"), "backup");
            Map<String, String> env = env("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
            List<CliRun> runs = new ArrayList<>(snapshotAndRestore(server, new Options.Builder().userInfo("alice", password), env, List.of()));
            CliRun overridden = CliRun.run(env, "--user", "bob", "--password", "not-bobs", "snapshot", "orders",
                    dir.resolve("x.json").toString());
            assertEquals(1, overridden.exitCode(), overridden::toString);
            assertTrue(overridden.err().contains("Authorization Violation"), overridden::toString);
            runs.add(overridden);
            CliRun missing = CliRun.run(env, "--context", "nope", "snapshot", "orders", dir.resolve("y.json").toString());
            assertEquals(2, missing.exitCode(), missing::toString);
            assertNoSecret(runs, password, "not-bobs");
        }
    }
}

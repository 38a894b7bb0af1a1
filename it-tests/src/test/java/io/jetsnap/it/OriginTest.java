package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import io.nats.client.Options;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot records where it was taken (server name and id, cluster, domain, the URL without
 * credentials); {@code ls} shows and filters by it, {@code prune} keeps each origin's own
 * snapshots ({@code --group-by}), and a restore names the server it changed and says when the
 * snapshot came from elsewhere. Production and staging share one folder here, as they would share
 * a bucket prefix.
 */
class OriginTest {
    private static final String SECRET = "s3cret-pw";

    @TempDir
    Path dir;

    @Test
    void snapshotsOfTwoOriginsInOneFolderAreToldApartAndARestoreSaysWhereItWent() throws Exception {
        String binary = TestNatsServer.findBinary();
        try (TestNatsServer prod = TestNatsServer.start(binary, "server_name: prod-1");
             TestNatsServer staging = TestNatsServer.start(binary, "server_name: staging-1\n"
                     + "authorization { user: alice, password: " + SECRET + " }")) {
            String stagingUrl = staging.url().replace("nats://", "nats://alice:" + SECRET + "@");
            try (Connection p = prod.connect();
                 Connection s = staging.connect(new Options.Builder().userInfo("alice", SECRET))) {
                orders(p, 3);
                orders(s, 5);
            }
            String folder = dir + "/";
            assertEquals(0, CliRun.run(prod.url(), "snapshot", "orders", folder).exitCode());
            assertEquals(0, CliRun.run(prod.url(), "snapshot", "orders", folder).exitCode());
            assertEquals(0, CliRun.run(stagingUrl, "snapshot", "orders", folder).exitCode());

            CliRun ls = CliRun.run(prod.url(), "ls", folder, "--json");
            List<JsonValue> listed = JsonParser.parse(ls.out()).map.get("snapshots").array;
            assertEquals(List.of("prod-1", "prod-1", "staging-1"), listed.stream()
                    .map(e -> e.map.get("origin").map.get("label").string).sorted().toList(), ls::toString);
            assertFalse(ls.out().contains(SECRET), ls::toString);
            assertTrue(listed.stream().anyMatch(e -> e.map.get("origin").map.get("url").string.equals(staging.url())),
                    () -> "the staging URL, without its credentials: " + ls);
            CliRun onlyStaging = CliRun.run(prod.url(), "ls", folder, "--origin", "staging-1");
            assertEquals(0, onlyStaging.exitCode(), onlyStaging::toString);
            assertTrue(onlyStaging.out().contains("1 snapshot\n") && onlyStaging.out().contains("staging-1"), onlyStaging::toString);

            CliRun byOrigin = CliRun.run(prod.url(), "prune", folder, "--keep-last", "1", "--dry-run", "--json");
            assertEquals(2L, JsonParser.parse(byOrigin.out()).map.get("kept").number.longValue(), byOrigin::toString);
            CliRun byStream = CliRun.run(prod.url(), "prune", folder, "--keep-last", "1", "--group-by", "stream", "--dry-run",
                    "--json");
            assertEquals(1L, JsonParser.parse(byStream.out()).map.get("kept").number.longValue(), byStream::toString);
            CliRun.assertOneLineFailure(CliRun.run(prod.url(), "prune", folder, "--keep-last", "1", "--group-by", "host"), 2);

            String stagingSnapshot = listed.stream().filter(e -> e.map.get("origin").map.get("label").string.equals("staging-1"))
                    .findFirst().orElseThrow().map.get("location").string;
            CliRun info = CliRun.run(prod.url(), "info", stagingSnapshot, "--json");
            assertEquals("staging-1", JsonParser.parse(info.out()).map.get("origin").map.get("server_name").string, info::toString);

            CliRun restore = CliRun.run(prod.url(), "restore", "orders", stagingSnapshot, "--force", "--json");
            assertEquals(0, restore.exitCode(), restore::toString);
            Map<String, JsonValue> result = JsonParser.parse(restore.out()).map;
            assertEquals("prod-1", result.get("target_server").map.get("server_name").string, restore::toString);
            String notes = result.get("notes").toJson();
            assertTrue(notes.contains("the snapshot was taken on server staging-1") && notes.contains("into server prod-1"),
                    restore::toString);
            CliRun dry = CliRun.run(prod.url(), "restore", "orders", stagingSnapshot, "--force", "--dry-run");
            assertTrue(dry.out().contains("the snapshot was taken on server staging-1"), dry::toString);

            String prodSnapshot = listed.stream().filter(e -> e.map.get("origin").map.get("label").string.equals("prod-1"))
                    .findFirst().orElseThrow().map.get("location").string;
            CliRun home = CliRun.run(prod.url(), "restore", "orders", prodSnapshot, "--force");
            assertEquals(0, home.exitCode(), home::toString);
            assertTrue(home.out().contains("restored stream orders on server prod-1"), home::toString);
            assertFalse(home.out().contains("was taken on"), () -> "no note for the same server: " + home);
            assertEquals(3, files().size(), "a dry run removed nothing");

            Path run = Files.createDirectory(dir.resolve("run"));
            assertEquals(0, CliRun.run(prod.url(), "snapshot", "--all", run.toString()).exitCode());
            try (Stream<Path> written = Files.list(run)) {
                Path index = written.filter(f -> f.getFileName().toString().startsWith("jetsnap-index-")).findFirst().orElseThrow();
                assertEquals("prod-1", JsonParser.parse(Files.readString(index)).map.get("origin").map.get("server_name").string);
            }
        }
    }

    private static void orders(Connection nc, int n) throws Exception {
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("orders").subjects("orders.>").build());
        for (int i = 0; i < n; i++) {
            nc.jetStream().publish("orders.m", ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}

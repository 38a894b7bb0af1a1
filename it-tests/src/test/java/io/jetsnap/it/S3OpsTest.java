package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.S3ProxyExtension;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** snapshot --all, ls, prune and restore --all against an S3 prefix (S3Proxy) and a real nats-server. */
class S3OpsTest {
    private static TestNatsServer nats;
    @RegisterExtension
    static final S3ProxyExtension s3 = new S3ProxyExtension("ops");

    @BeforeAll
    static void start() throws Exception {
        nats = TestNatsServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        nats.close();
    }

    private static CliRun ok(String... args) {
        CliRun r = CliRun.run(s3.env("NATS_URL", nats.url()), args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    @Test
    void manyStreamsToAPrefixListPruneAndRestore() throws Exception {
        try (Connection nc = nats.connect()) {
            JetStream js = nc.jetStream();
            for (String s : List.of("s3a", "s3b")) {
                nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(s).subjects(s + ".>").build());
                for (int i = 0; i < 20; i++) {
                    js.publish(s + ".x", ("m" + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            CliRun first = ok("snapshot", "--all", "s3://ops/nightly", "--json");
            Map<String, JsonValue> run = JsonParser.parse(first.out()).map;
            assertTrue(run.get("index").string.startsWith("s3://ops/nightly/jetsnap-index-"), first::toString);
            Thread.sleep(1100);
            ok("snapshot", "--all", "s3://ops/nightly/", "--format", "cbor");

            CliRun ls = ok("ls", "s3://ops/nightly/", "--json");
            List<JsonValue> listed = JsonParser.parse(ls.out()).map.get("snapshots").array;
            assertEquals(4, listed.size(), ls::toString);
            assertTrue(listed.stream().allMatch(e -> e.map.get("messages").number.longValue() == 20
                    && e.map.get("messages_from").string.equals("index")), ls::toString);
            assertEquals(2, JsonParser.parse(ls.out()).map.get("indexes").array.size());

            CliRun prune = ok("prune", "s3://ops/nightly/", "--keep-last", "1", "--json");
            Map<String, JsonValue> pruned = JsonParser.parse(prune.out()).map;
            assertEquals(2L, pruned.get("removed").number.longValue(), prune::toString);
            assertEquals(1, pruned.get("removed_indexes").array.size(), prune::toString);
            CliRun after = ok("ls", "s3://ops/nightly/", "--json");
            List<JsonValue> left = JsonParser.parse(after.out()).map.get("snapshots").array;
            assertTrue(left.stream().allMatch(e -> e.map.get("codec").string.equals("cbor")), after::toString);

            nc.jetStreamManagement().deleteStream("s3a");
            nc.jetStreamManagement().deleteStream("s3b");
            CliRun dry = ok("restore", "--all", "s3://ops/nightly/", "--dry-run");
            assertTrue(dry.out().contains("would create stream s3a"), dry::toString);
            ok("restore", "--all", "s3://ops/nightly/");
            assertEquals(20, nc.jetStreamManagement().getStreamInfo("s3a").getStreamState().getMsgCount());
            assertEquals(20, nc.jetStreamManagement().getStreamInfo("s3b").getStreamState().getMsgCount());
        }
    }
}

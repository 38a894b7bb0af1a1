package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.S3ProxyExtension;
import io.jetsnap.it.support.StreamDump;
import io.jetsnap.storage.s3.S3ProxyServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.client.support.JsonValueUtils;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snapshots straight to S3 and back through the CLI entry point: a real nats-server and S3Proxy
 * (signature v4) on loopback, S3 settings given as JETSNAP_S3_* variables or --s3-* flags.
 */
class S3CliTest {
    private static final String BUCKET = "backups";
    @RegisterExtension
    static final NatsServerExtension nats = new NatsServerExtension();
    @RegisterExtension
    static final S3ProxyExtension s3 = new S3ProxyExtension(BUCKET);
    private static Connection nc;

    @BeforeAll
    static void connect() throws Exception {
        nc = nats.connect();
    }

    @AfterAll
    static void disconnect() throws Exception {
        nc.close();
    }

    private static Map<String, String> env() {
        return s3.env("NATS_URL", nats.url());
    }

    private static CliRun cli(String... args) {
        CliRun r = CliRun.run(env(), args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    private static void publishOrders(Connection nc, String stream, int count) throws Exception {
        JetStreamManagement jsm = nc.jetStreamManagement();
        JetStream js = nc.jetStream();
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>").build());
        Random random = new Random(count);
        for (int i = 1; i <= count; i++) {
            byte[] payload = new byte[random.nextInt(2000)];
            random.nextBytes(payload);
            Headers headers = i % 10 == 0 ? new Headers().add("Order-Id", "o-" + i).add("X-Multi", "a", "b") : null;
            js.publish(NatsMessage.builder().subject(stream + "." + (i % 7 == 0 ? "cancelled" : "new")).headers(headers)
                    .data(payload).build());
        }
    }

    @Test
    void snapshotToAPrefixThenInfoVerifyAndRestoreFromS3() throws Exception {
        publishOrders(nc, "orders", 500);
        List<String> original = StreamDump.of(nc, "orders");

        JsonValue snap = JsonParser.parse(cli("snapshot", "orders", "s3://backups/nightly/", "--json").out());
        String location = JsonValueUtils.readString(snap, "location");
        assertTrue(location.matches("s3://backups/nightly/orders-\\d{8}T\\d{6}Z\\.cbor\\.zst"), location);
        assertEquals(500, JsonValueUtils.readLong(snap, "messages", -1));
        String digest = JsonValueUtils.readString(snap, "digest");
        assertEquals(List.of(location.substring("s3://backups/".length())), s3.keys(BUCKET, "nightly/"));
        assertEquals(List.of(), s3.pendingUploads(BUCKET));

        JsonValue info = JsonParser.parse(cli("info", location, "--json").out());
        assertEquals(500, JsonValueUtils.readLong(info, "messages", -1));
        assertEquals(digest, JsonValueUtils.readString(info, "digest"));
        CliRun verify = cli("verify", location);
        assertTrue(verify.out().contains(digest), verify::toString);

        nc.jetStreamManagement().deleteStream("orders");
        cli("restore", "orders", location);
        StreamDump.assertSame(original, StreamDump.of(nc, "orders"));
    }

    @Test
    void flagsReachS3AndRestoreReplacesAStreamWithForce() throws Exception {
        publishOrders(nc, "refunds", 50);
        List<String> original = StreamDump.of(nc, "refunds");
        Map<String, String> credentialsOnly = Map.of("NATS_URL", nats.url(),
                "JETSNAP_S3_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "JETSNAP_S3_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        String[] flags = {"--s3-endpoint", s3.endpoint().toString(), "--s3-region", "eu-central-1",
                "--s3-checksum", "when_required"};

        CliRun snap = CliRun.run(credentialsOnly, concat(new String[] {"snapshot", "refunds", "s3://backups/named/refunds.json"}, flags));
        assertEquals(0, snap.exitCode(), snap::toString);
        assertTrue(s3.exists(BUCKET, "named/refunds.json"), snap::toString);

        nc.jetStream().publish("refunds.new", "late".getBytes(StandardCharsets.UTF_8));
        CliRun restore = CliRun.run(credentialsOnly,
                concat(new String[] {"restore", "refunds", "s3://backups/named/refunds.json", "--force"}, flags));
        assertEquals(0, restore.exitCode(), restore::toString);
        StreamDump.assertSame(original, StreamDump.of(nc, "refunds"));
    }

    @Test
    void failedSnapshotLeavesNothingInS3() {
        CliRun r = CliRun.run(env(), "snapshot", "no-such-stream", "s3://backups/failed/");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(List.of(), s3.keys(BUCKET, "failed/"));
        assertEquals(List.of(), s3.pendingUploads(BUCKET));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

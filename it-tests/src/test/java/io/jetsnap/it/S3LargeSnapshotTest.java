package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.RandomFill;
import io.jetsnap.it.support.S3ProxyExtension;
import io.jetsnap.storage.s3.S3ProxyServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.client.support.JsonValueUtils;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 200 MiB stream snapshotted to S3 and restored from it by the CLI running in a JVM of its own
 * with a 64 MiB heap: the upload and the download stream, nothing holds the snapshot whole.
 */
class S3LargeSnapshotTest {
    private static final String BUCKET = "large";
    // 64 KiB messages: the snapshot's pulls are bounded by bytes (about two batches of 4 MiB in
    // flight), so large messages must not make the read hold more than a few MiB
    private static final int PAYLOAD = 64 * 1024;
    private static final int MESSAGES = 3_200; // 200 MiB of payload
    private static final List<String> SMALL_HEAP = List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError");
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);

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

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void twoHundredMebibytesGoToS3AndComeBackWithASmallHeap() throws Exception {
        RandomFill.stream(nc, "big", MESSAGES, PAYLOAD, 16, 200);
        String before = contentDigest(nc);

        // credentials through the AWS SDK's own chain (system properties), endpoint through JETSNAP_S3_ENDPOINT
        List<String> sdkChain = new ArrayList<>(SMALL_HEAP);
        sdkChain.add("-Daws.accessKeyId=" + S3ProxyServer.ACCESS_KEY);
        sdkChain.add("-Daws.secretAccessKey=" + S3ProxyServer.SECRET_KEY);
        CliRun snap = CliRun.runJvm(sdkChain, Map.of("JETSNAP_S3_ENDPOINT", s3.endpoint().toString()), CLI_TIMEOUT,
                "-s", nats.url(), "snapshot", "big", "s3://large/nightly/", "--json");
        assertEquals(0, snap.exitCode(), snap::toString);
        JsonValue result = JsonParser.parse(snap.out());
        assertEquals(MESSAGES, JsonValueUtils.readLong(result, "messages", -1));
        assertEquals((long) MESSAGES * PAYLOAD, JsonValueUtils.readLong(result, "payload_bytes", -1));
        String location = JsonValueUtils.readString(result, "location");
        assertTrue(JsonValueUtils.readLong(result, "size_bytes", -1) > (long) MESSAGES * PAYLOAD, snap::toString);
        assertEquals(List.of(), s3.pendingUploads(BUCKET));

        nc.jetStreamManagement().deleteStream("big");
        CliRun restore = CliRun.runJvm(SMALL_HEAP, s3.env(), CLI_TIMEOUT,
                "-s", nats.url(), "restore", "big", location, "--json");
        assertEquals(0, restore.exitCode(), restore::toString);
        assertEquals(MESSAGES, JsonValueUtils.readLong(JsonParser.parse(restore.out()), "restored_messages", -1));

        StreamInfo info = nc.jetStreamManagement().getStreamInfo("big");
        assertEquals(MESSAGES, info.getStreamState().getMsgCount());
        assertEquals(before, contentDigest(nc), "the restored messages are the original ones");
    }

    /** SHA-256 over every message's sequence, subject and payload, read with message gets. */
    private static String contentDigest(Connection nc) throws Exception {
        JetStreamManagement jsm = nc.jetStreamManagement();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long last = jsm.getStreamInfo("big").getStreamState().getLastSequence();
        for (long seq = 1; seq <= last; seq++) {
            MessageInfo m = jsm.getMessage("big", seq);
            sha.update(ByteBuffer.allocate(8).putLong(m.getSeq()).array());
            sha.update(m.getSubject().getBytes(StandardCharsets.UTF_8));
            sha.update(m.getData());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}

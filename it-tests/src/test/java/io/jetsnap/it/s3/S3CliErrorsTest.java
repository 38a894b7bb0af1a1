package io.jetsnap.it.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.S3ProxyExtension;
import io.jetsnap.storage.s3.S3ProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the CLI says when S3 cannot be used: one line on stderr, naming the problem, never a secret. */
class S3CliErrorsTest {
    private static final String BUCKET = "backups";
    @RegisterExtension
    static final S3ProxyExtension s3 = new S3ProxyExtension(BUCKET);

    private static void assertOneLineError(int exitCode, String expected, CliRun r) {
        assertEquals(exitCode, r.exitCode(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().contains(expected), () -> "expected \"" + expected + "\" in:\n" + r);
        assertFalse(r.err().contains(S3ProxyServer.SECRET_KEY), r::toString);
    }

    @Test
    void storesListsTheS3Scheme() {
        CliRun r = CliRun.run(Map.of(), "stores");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("s3"), r::toString);
    }

    @Test
    void missingSnapshotIsNamed() {
        assertOneLineError(1, "jetsnap: no snapshot at s3://backups/nightly/none.json",
                CliRun.run(s3.env(), "verify", "s3://backups/nightly/none.json"));
    }

    @Test
    void missingBucketIsNamedWithTheEndpoint() {
        assertOneLineError(1, "S3 bucket 'no-such-bucket' does not exist (endpoint " + s3.endpoint() + ")",
                CliRun.run(s3.env(), "info", "s3://no-such-bucket/orders.json"));
    }

    @Test
    void wrongSecretSaysWhatToCheck() {
        String wrong = "wrong-secret-0042";
        CliRun r = CliRun.run(s3.env("JETSNAP_S3_SECRET_ACCESS_KEY", wrong), "info", "s3://backups/orders.json");
        assertOneLineError(1, "S3 refused the credentials for bucket 'backups': SignatureDoesNotMatch; check AWS_ACCESS_KEY_ID", r);
        assertFalse(r.err().contains(wrong), r::toString);
    }

    @Test
    void awsVariablesPassedThroughTheCliAreHonoured() {
        Map<String, String> env = Map.of("JETSNAP_S3_ENDPOINT", s3.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        assertOneLineError(1, "no snapshot at s3://backups/x.json", CliRun.run(env, "info", "s3://backups/x.json"));
    }

    @Test
    void unreachableEndpointFailsFast() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long started = System.nanoTime();
        CliRun r = CliRun.run(s3.env("JETSNAP_S3_ENDPOINT", "http://127.0.0.1:" + port), "verify", "s3://backups/orders.json");
        assertOneLineError(1, "could not reach S3 endpoint http://127.0.0.1:" + port + ": connection refused", r);
        assertTrue(System.nanoTime() - started < 10_000_000_000L, "took more than 10 s");
    }

    @Test
    void endpointFlagWinsOverTheEnvironment() {
        CliRun r = CliRun.run(s3.env("JETSNAP_S3_ENDPOINT", "http://127.0.0.1:1"),
                "info", "s3://backups/x.json", "--s3-endpoint", s3.endpoint().toString());
        assertOneLineError(1, "no snapshot at s3://backups/x.json", r);
    }

    @Test
    void malformedLocationIsAUsageError() {
        assertOneLineError(2, "s3 location must look like s3://bucket/key", CliRun.run(s3.env(), "info", "s3:///orders.json"));
    }

    @Test
    void badSettingIsAUsageError() {
        assertOneLineError(2, "JETSNAP_S3_PART_SIZE must be from 5MiB",
                CliRun.run(s3.env("JETSNAP_S3_PART_SIZE", "1MiB"), "info", "s3://backups/x.json"));
        assertOneLineError(2, "s3.checksum must be when_supported or when_required",
                CliRun.run(s3.env(), "info", "s3://backups/x.json", "--s3-checksum", "sometimes"));
    }
}

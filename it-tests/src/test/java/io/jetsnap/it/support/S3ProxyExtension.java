package io.jetsnap.it.support;

import io.jetsnap.storage.s3.S3ProxyServer;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * One real S3 endpoint (S3Proxy on loopback, from the S3 store's test-jar) for a test class:
 * {@code @RegisterExtension static final S3ProxyExtension s3 = new S3ProxyExtension("backups");}
 * starts it with those buckets before the first test and stops it after the last. Its settings
 * reach the CLI as environment variables: {@link #env(String...)}.
 */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {
    private final String[] buckets;
    private S3ProxyServer server;

    public S3ProxyExtension(String... buckets) {
        this.buckets = buckets.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = S3ProxyServer.start(buckets);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    /**
     * The {@code JETSNAP_S3_*} variables that reach this endpoint, with {@code namesAndValues}
     * added or put instead ({@code env("NATS_URL", url, "JETSNAP_S3_PART_SIZE", "5MiB")}).
     */
    public Map<String, String> env(String... namesAndValues) {
        Map<String, String> env = new HashMap<>(server.env());
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** The multipart uploads started and neither completed nor aborted. */
    public List<MultipartUpload> pendingUploads(String bucket) {
        return server.pendingUploads(bucket);
    }

    /** The keys in a bucket under a prefix, sorted. */
    public List<String> keys(String bucket, String prefix) {
        return server.keys(bucket, prefix);
    }

    public boolean exists(String bucket, String key) {
        return server.exists(bucket, key);
    }
}

package io.jetsnap.storage.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A real S3 endpoint for tests: S3Proxy in this JVM on a free loopback port, keeping objects in a
 * temporary directory, checking AWS signature v4 against one access key. Shared with it-tests
 * through this module's test-jar.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "jetsnap-test-key";
    public static final String SECRET_KEY = "jetsnap-test-secret-d2f1c0b9";

    private final S3Proxy proxy;
    private final Path dir;
    private final URI endpoint;
    private final S3Client client;

    private S3ProxyServer(S3Proxy proxy, Path dir, URI endpoint) {
        this.proxy = proxy;
        this.dir = dir;
        this.endpoint = endpoint;
        this.client = S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(Apache5HttpClient.create())
                .build();
    }

    /** Starts a server with the given buckets. */
    public static S3ProxyServer start(String... buckets) throws Exception {
        Path dir = Files.createTempDirectory("jetsnap-s3proxy");
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .stopTimeout(0)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        S3ProxyServer server = new S3ProxyServer(proxy, dir, URI.create("http://127.0.0.1:" + proxy.getPort()));
        for (String bucket : buckets) {
            server.client.createBucket(b -> b.bucket(bucket));
        }
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Store settings that reach this server. */
    public Map<String, String> settings() {
        return Map.of(S3Settings.ENDPOINT, endpoint.toString(),
                S3Settings.ACCESS_KEY_ID, ACCESS_KEY,
                S3Settings.SECRET_ACCESS_KEY, SECRET_KEY);
    }

    /** The same as environment variables, as the CLI takes them. */
    public Map<String, String> env() {
        return Map.of("JETSNAP_S3_ENDPOINT", endpoint.toString(),
                "JETSNAP_S3_ACCESS_KEY_ID", ACCESS_KEY,
                "JETSNAP_S3_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** A plain SDK client of this server, to look behind the store's back. */
    public S3Client client() {
        return client;
    }

    /** The multipart uploads started and neither completed nor aborted. */
    public List<MultipartUpload> pendingUploads(String bucket) {
        return client.listMultipartUploads(b -> b.bucket(bucket)).uploads();
    }

    /** The keys in a bucket under a prefix. */
    public List<String> keys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(o -> o.key()).sorted().toList();
    }

    public boolean exists(String bucket, String key) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        client.close();
        try {
            proxy.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans up the rest
        }
    }
}

package io.jetsnap.it.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jetsnap.it.support.CliRun;
import io.jetsnap.storage.s3.S3ProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 credentials by web identity (EKS IRSA: {@code AWS_WEB_IDENTITY_TOKEN_FILE} and
 * {@code AWS_ROLE_ARN}), through the CLI's {@code -all} jar as it ships, alone on the class path
 * with no other credentials: the SDK's default chain calls STS {@code AssumeRoleWithWebIdentity}
 * (at a local HTTP endpoint standing in for STS, {@code AWS_ENDPOINT_URL_STS}) and uses what it
 * answers; an STS that refuses is named on one line, and no source at all names every source tried.
 */
class S3WebIdentityTest {
    private static final String BUCKET = "backups";
    private static final String ROLE = "arn:aws:iam::123456789012:role/jetsnap-backup";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.service-account-token.sig";
    private static final String SESSION_TOKEN = "session-token-7c1e";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    @AutoClose
    private static final S3ProxyServer s3 = startS3();
    @TempDir
    static Path home;

    private static S3ProxyServer startS3() {
        try {
            return S3ProxyServer.start(BUCKET);
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
    }

    /** A stand-in for STS on loopback that answers every request with {@code answer} and keeps each form it was sent. */
    private record Sts(HttpServer server, List<Map<String, String>> requests) implements AutoCloseable {
        static Sts start(Consumer<HttpExchange> answer) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
            server.createContext("/", exchange -> {
                requests.add(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                answer.accept(exchange);
            });
            server.start();
            return new Sts(server, requests);
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static void reply(HttpExchange exchange, int status, String xml) {
        try (exchange) {
            byte[] body = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** STS's answer to AssumeRoleWithWebIdentity: temporary credentials S3Proxy accepts. */
    private static void credentials(HttpExchange exchange) {
        reply(exchange, 200, """
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <Credentials>
                      <AccessKeyId>%s</AccessKeyId>
                      <SecretAccessKey>%s</SecretAccessKey>
                      <SessionToken>%s</SessionToken>
                      <Expiration>%s</Expiration>
                    </Credentials>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::123456789012:assumed-role/jetsnap-backup/test</Arn>
                      <AssumedRoleId>AROATEST:test</AssumedRoleId>
                    </AssumedRoleUser>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """.formatted(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, SESSION_TOKEN,
                Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)));
    }

    private static void accessDenied(HttpExchange exchange) {
        reply(exchange, 403, """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>AccessDenied</Code>
                    <Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error>
                  <RequestId>1</RequestId>
                </ErrorResponse>
                """);
    }

    /**
     * An environment with no credentials of its own: a home without ~/.aws, no instance metadata
     * (off EC2 it would only cost seconds), the S3 endpoint, and {@code more}.
     */
    private static Map<String, String> env(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(),
                "AWS_CONFIG_FILE", home.resolve("no-config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString(),
                "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_REGION", "us-east-1",
                "JETSNAP_S3_ENDPOINT", s3.endpoint().toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static Map<String, String> webIdentity(String stsEndpoint) throws IOException {
        Path token = home.resolve("token");
        Files.writeString(token, TOKEN);
        return env("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(), "AWS_ROLE_ARN", ROLE,
                "AWS_ROLE_SESSION_NAME", "jetsnap-test", "AWS_ENDPOINT_URL_STS", stsEndpoint);
    }

    private static CliRun cli(Map<String, String> env, String... args) throws Exception {
        return CliRun.runShippedJvm(List.of("-Duser.home=" + home), env, TIMEOUT, args);
    }

    private static void assertOneLine(CliRun r) {
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().startsWith("jetsnap: "), r::toString);
    }

    @Test
    void webIdentityCredentialsFromStsReachS3() throws Exception {
        try (Sts sts = Sts.start(S3WebIdentityTest::credentials)) {
            CliRun r = cli(webIdentity(sts.endpoint()), "ls", "s3://" + BUCKET + "/nightly/");
            assertEquals(0, r.exitCode(), r::toString);
            assertFalse(sts.requests().isEmpty(), "the chain asked STS");
            Map<String, String> asked = sts.requests().get(0);
            assertEquals("AssumeRoleWithWebIdentity", asked.get("Action"), asked::toString);
            assertEquals(ROLE, asked.get("RoleArn"), asked::toString);
            assertEquals(TOKEN, asked.get("WebIdentityToken"), asked::toString);
        }
    }

    @Test
    void anStsThatRefusesIsNamedNotNoCredentials() throws Exception {
        try (Sts sts = Sts.start(S3WebIdentityTest::accessDenied)) {
            CliRun r = cli(webIdentity(sts.endpoint()), "ls", "s3://" + BUCKET + "/nightly/");
            assertOneLine(r);
            assertTrue(r.err().contains("could not get credentials for S3 by web identity (STS AssumeRoleWithWebIdentity")
                    && r.err().contains("Not authorized to perform sts:AssumeRoleWithWebIdentity"), r::toString);
            assertFalse(r.err().contains("no credentials"), r::toString);
            assertFalse(r.err().contains(TOKEN), r::toString);
        }
    }

    @Test
    void anUnreachableStsIsNamedNotNoCredentials() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRun r = cli(webIdentity("http://127.0.0.1:" + port), "ls", "s3://" + BUCKET + "/nightly/");
        assertOneLine(r);
        assertTrue(r.err().contains("by web identity (STS AssumeRoleWithWebIdentity")
                && r.err().contains("127.0.0.1:" + port) && r.err().contains("Connection refused"), r::toString);
    }

    @Test
    void noSourceAtAllNamesEverySourceTried() throws Exception {
        CliRun r = cli(env(), "ls", "s3://" + BUCKET + "/nightly/");
        assertOneLine(r);
        for (String source : List.of("JETSNAP_S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID", "web identity (AWS_WEB_IDENTITY_TOKEN_FILE",
                "profile 'default'", "container credentials", "EC2 instance metadata")) {
            assertTrue(r.err().contains(source), () -> source + " in: " + r);
        }
        assertTrue(r.err().startsWith("jetsnap: found no credentials for S3 (tried "), r::toString);
    }
}

package io.jetsnap.it.support;

import io.nats.NatsServerRunner;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A real nats-server with JetStream on a free loopback port and its own store directory: the
 * binary named by {@code NATS_SERVER_BIN}, else {@code nats-server} on the PATH; where there is
 * no binary but a Docker engine, the {@code nats} image through Testcontainers.
 */
public final class TestNatsServer implements AutoCloseable {
    private final AutoCloseable process;
    private final String url;
    private final Path storeDir;

    private TestNatsServer(AutoCloseable process, String url, Path storeDir) {
        this.process = process;
        this.url = url;
        this.storeDir = storeDir;
    }

    public static TestNatsServer start() throws Exception {
        return start(null);
    }

    /**
     * A server whose configuration also holds {@code config}: nats-server configuration text such as
     * an {@code authorization}, {@code tls} or {@code operator} block (no {@code port}, {@code host}
     * or {@code jetstream}: those are the test's). Needs a nats-server binary.
     */
    public static TestNatsServer start(@Nullable String config) throws Exception {
        return start(findBinary(), config);
    }

    /** A server run from {@code binary} (another version than the one under test; see {@link ServerBinaries}). */
    public static TestNatsServer start(@Nullable String binary, @Nullable String config) throws Exception {
        return start(binary, config, "");
    }

    /**
     * A server with {@code config}, whose {@code jetstream} block also holds {@code jetstream}
     * (e.g. {@code max_file_store: 1MB}).
     */
    public static TestNatsServer withJetStream(@Nullable String config, String jetstream) throws Exception {
        return start(findBinary(), config, jetstream);
    }

    /** A server started without JetStream (no {@code -js}): nothing answers the JetStream API. Needs a nats-server binary. */
    public static TestNatsServer withoutJetStream() throws Exception {
        String binary = findBinary();
        if (binary == null) {
            throw new IllegalStateException("a nats-server without JetStream needs a nats-server binary (NATS_SERVER_BIN or on the PATH)");
        }
        Path storeDir = Files.createTempDirectory("jetsnap-it-nojs");
        NatsServerRunner.setDefaultOutputLevel(Level.WARNING);
        NatsServerRunner runner = NatsServerRunner.builder()
                .executablePath(binary)
                .jetstream(false)
                .configInserts(List.of("host: 127.0.0.1"))
                .outputLevel(Level.WARNING)
                .build();
        return new TestNatsServer(runner, "nats://127.0.0.1:" + runner.getPort(), storeDir);
    }

    private static TestNatsServer start(@Nullable String binary, @Nullable String config, String jetstream) throws Exception {
        Path storeDir = Files.createTempDirectory("jetsnap-it-js");
        if (binary == null && config != null) {
            throw new IllegalStateException("a nats-server with its own configuration needs a nats-server binary "
                    + "(NATS_SERVER_BIN or on the PATH)");
        }
        if (binary == null && dockerAvailable()) {
            GenericContainer<?> c = new GenericContainer<>("nats:2.10").withCommand("-js").withExposedPorts(4222);
            c.start();
            return new TestNatsServer(c::stop, "nats://" + c.getHost() + ":" + c.getMappedPort(4222), storeDir);
        }
        if (binary == null) {
            throw new IllegalStateException("no nats-server: install it (apt-get install nats-server), put it on the PATH "
                    + "or set NATS_SERVER_BIN; .ci/test does this");
        }
        NatsServerRunner.setDefaultOutputLevel(Level.WARNING);
        NatsServerRunner.Builder builder = NatsServerRunner.builder();
        if (config != null) {
            Path file = storeDir.resolve("test.conf");
            Files.writeString(file, config);
            builder.configFilePath(file);
        }
        NatsServerRunner runner = builder
                .executablePath(binary)
                .jetstream(true)
                // loopback only: tests never listen on, or talk to, anything else
                .configInserts(List.of("host: 127.0.0.1", "jetstream { store_dir: \"" + storeDir + "\", " + jetstream + " }"))
                .outputLevel(Level.WARNING)
                .build();
        return new TestNatsServer(runner, "nats://127.0.0.1:" + runner.getPort(), storeDir);
    }

    public String url() {
        return url;
    }

    public Connection connect() throws IOException, InterruptedException {
        return Nats.connect(url);
    }

    /** Connects with the given options (credentials, TLS) to this server. */
    public Connection connect(Options.Builder options) throws IOException, InterruptedException {
        return Nats.connect(options.server(url).build());
    }

    @Override
    public void close() throws Exception {
        process.close();
        try (Stream<Path> files = Files.walk(storeDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    public static String findBinary() {
        String fromEnv = System.getenv("NATS_SERVER_BIN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            for (String candidate : new String[] {dir + "/nats-server", "/usr/sbin/nats-server", "/usr/local/bin/nats-server"}) {
                if (new File(candidate).canExecute()) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}

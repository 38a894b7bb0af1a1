package io.jetsnap.it.bench;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** A nats-server of its own for the benchmark: loopback, a free port, file storage in a temp dir. */
final class BenchServer implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;

    private BenchServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static BenchServer start(String binary, Path parent) throws Exception {
        Path dir = Files.createTempDirectory(parent, "jetsnap-bench-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("server.conf");
        Files.writeString(config, "host: 127.0.0.1\nport: " + port + "\n"
                + "max_payload: 1MB\n"
                + "jetstream { store_dir: \"" + dir.resolve("js") + "\", max_file_store: 200GB, max_memory_store: 256MB }\n");
        Process p = new ProcessBuilder(binary, "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        BenchServer server = new BenchServer(p, dir, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Connection nc = server.connect(true)) {
                nc.jetStreamManagement().getAccountStatistics();
                return server;
            } catch (Exception e) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    server.close();
                    throw new IllegalStateException("nats-server did not start; see " + dir.resolve("server.log"), e);
                }
                Thread.sleep(100);
            }
        }
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    Connection connect(boolean forceFlushOnRequest) throws IOException, InterruptedException {
        Options.Builder b = new Options.Builder().server(url()).connectionTimeout(Duration.ofSeconds(5))
                .errorListener(new io.nats.client.ErrorListener() { });
        if (!forceFlushOnRequest) {
            b.dontForceFlushOnRequest();
        }
        return Nats.connect(b.build());
    }

    /** CPU seconds the server process has used so far (user + system), from /proc. */
    double cpuSeconds() {
        return ProcStat.cpuSeconds(process.pid());
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}

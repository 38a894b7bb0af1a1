package io.jetsnap.it.support;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * nats-server processes with JetStream on loopback, each with its own store directory: three
 * routed into one cluster ({@link #start()}), or one on its own ({@link #single()}). A node can be
 * killed (SIGKILL) and started again on the same ports and store, as after a crash.
 */
public final class TestCluster implements AutoCloseable {
    private final int nodes;
    private final Path dir;
    private final String binary;
    private final int[] clientPorts;
    private final Process[] processes;

    private TestCluster(int nodes, Path dir, String binary) {
        this.nodes = nodes;
        this.dir = dir;
        this.binary = binary;
        this.clientPorts = new int[nodes];
        this.processes = new Process[nodes];
    }

    /** Three nodes in one cluster. */
    public static TestCluster start() throws Exception {
        return start(3);
    }

    /** One server, no cluster: a server to restart. */
    public static TestCluster single() throws Exception {
        return start(1);
    }

    private static TestCluster start(int nodes) throws Exception {
        String binary = TestNatsServer.findBinary();
        if (binary == null) {
            throw new IllegalStateException("no nats-server binary for the cluster test (set NATS_SERVER_BIN)");
        }
        TestCluster cluster = new TestCluster(nodes, Files.createTempDirectory("jetsnap-it-cluster"), binary);
        int[] routePorts = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            cluster.clientPorts[i] = freePort();
            routePorts[i] = freePort();
        }
        String routes = java.util.Arrays.stream(routePorts).mapToObj(p -> "nats-route://127.0.0.1:" + p)
                .collect(Collectors.joining(", "));
        for (int i = 0; i < nodes; i++) {
            Files.writeString(cluster.config(i), String.join("\n",
                    "server_name: n" + i,
                    "host: 127.0.0.1",
                    "port: " + cluster.clientPorts[i],
                    "jetstream { store_dir: \"" + cluster.dir.resolve("store-" + i) + "\" }",
                    nodes == 1 ? "" : "cluster { name: jetsnap, host: 127.0.0.1, port: " + routePorts[i]
                            + ", routes: [" + routes + "] }",
                    ""));
            cluster.startNode(i);
        }
        cluster.awaitJetStream(Duration.ofSeconds(60));
        return cluster;
    }

    /** A URL list with every node, as clients give it to reach whichever nodes are up. */
    public String url() {
        return java.util.Arrays.stream(clientPorts).mapToObj(p -> "nats://127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The URL of the nodes other than {@code node}. */
    public String urlWithout(int node) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            if (i != node) {
                urls.add("nats://127.0.0.1:" + clientPorts[i]);
            }
        }
        return String.join(",", urls);
    }

    public Connection connect() throws IOException, InterruptedException {
        return Nats.connect(Options.builder().servers(url().split(",")).build());
    }

    /** The node index of a server name {@code nN}. */
    public static int node(String serverName) {
        return Integer.parseInt(serverName.substring(1));
    }

    public void kill(int node) throws InterruptedException {
        processes[node].destroyForcibly().waitFor();
    }

    public void restart(int node) throws Exception {
        startNode(node);
        awaitJetStream(Duration.ofSeconds(60));
    }

    private void startNode(int node) throws IOException {
        processes[node] = new ProcessBuilder(binary, "-c", config(node).toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("n" + node + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /** Waits until the JetStream API answers through the cluster (a meta leader is elected). */
    private void awaitJetStream(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Connection nc = connect()) {
                Message m = nc.request("$JS.API.INFO", new byte[0], Duration.ofSeconds(2));
                if (m != null && !m.isStatusMessage() && !new String(m.getData(), StandardCharsets.UTF_8).contains("\"error\"")) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the cluster's JetStream did not come up within " + limit + " (" + last + ")");
    }

    private Path config(int node) {
        return dir.resolve("n" + node + ".conf");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            if (p != null) {
                p.destroyForcibly().waitFor();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}

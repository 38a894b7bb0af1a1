package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.StreamDump;
import io.jetsnap.it.support.TestCluster;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-node cluster on loopback: an R3 stream is snapshotted while its leader is down, then
 * restored as R3 and, with {@code --replicas 1}, as R1.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class ClusterTest {
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void replicatedStreamSnapshotsWithItsLeaderDownAndRestoresAsR3AndR1(@TempDir Path dir) throws Exception {
        String file = dir.resolve("r3.json").toString();
        List<String> original;
        int leader;
        try (Connection nc = cluster.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            addWhenAllPeersAreKnown(jsm, StreamConfiguration.builder().name("r3").subjects("r3.>").replicas(3).build());
            for (int i = 0; i < 500; i++) {
                nc.jetStream().publish("r3." + i % 5, ("replicated " + i).getBytes(StandardCharsets.UTF_8));
            }
            jsm.deleteMessage("r3", 100);
            original = StreamDump.of(nc, "r3");
            leader = TestCluster.node(jsm.getStreamInfo("r3").getClusterInfo().getLeader());
        }

        cluster.kill(leader);
        try (Connection nc = io.nats.client.Nats.connect(io.nats.client.Options.builder()
                .servers(cluster.urlWithout(leader).split(",")).build())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            String newLeader = awaitLeader(jsm, "r3");
            assertNotEquals("n" + leader, newLeader);
            CliRun snap = CliRun.run(cluster.urlWithout(leader), "snapshot", "r3", file);
            assertEquals(0, snap.exitCode(), snap::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "r3"));
        }
        cluster.restart(leader);

        try (Connection nc = cluster.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            // the killed node is back when it is a current replica of the original again
            awaitAllReplicasCurrent(jsm, "r3");
            // the original's subjects are taken; restore in its place (2.9 has no subject transforms for --subjects)
            jsm.deleteStream("r3");
            CliRun r3 = CliRun.run(cluster.url(), "restore", "r3", file);
            assertEquals(0, r3.exitCode(), r3::toString);
            awaitLeader(jsm, "r3");
            StreamDump.assertSame(original, StreamDump.of(nc, "r3"));
            StreamInfo info = jsm.getStreamInfo("r3");
            assertEquals(3, info.getConfiguration().getReplicas());
            assertEquals(2, info.getClusterInfo().getReplicas().size(), "a leader and two replicas");

            CliRun r1 = CliRun.run(cluster.url(), "restore", "r3", file, "--force", "--replicas", "1");
            assertEquals(0, r1.exitCode(), r1::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "r3"));
            info = jsm.getStreamInfo("r3");
            assertEquals(1, info.getConfiguration().getReplicas());
            assertTrue(info.getClusterInfo().getReplicas() == null || info.getClusterInfo().getReplicas().isEmpty());
        }
    }

    /** --cluster and --tag in a cluster: the servers' own refusal comes through the probe, nothing changed; their cluster is kept. */
    @Test
    void restorePlacementIsTheClustersToRefuseOrKeep(@TempDir Path dir) throws Exception {
        String file = dir.resolve("placed.cbor.zst").toString();
        try (Connection nc = cluster.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            addWhenAllPeersAreKnown(jsm, StreamConfiguration.builder().name("placed").subjects("placed.>").build());
            for (int i = 0; i < 20; i++) {
                nc.jetStream().publish("placed." + i % 2, ("placed " + i).getBytes(StandardCharsets.UTF_8));
            }
            List<String> original = StreamDump.of(nc, "placed");
            assertEquals(0, CliRun.run(cluster.url(), "snapshot", "placed", file, "-q").exitCode());
            jsm.deleteStream("placed");
            List<String> before = jsm.getStreamNames();

            for (String[] placement : new String[][] {{"--cluster", "nosuch"}, {"--tag", "az:nowhere"}}) {
                CliRun refused = CliRun.run(cluster.url(), "restore", "placed", file, placement[0], placement[1]);
                CliRun.assertOneLineFailure(refused, 1);
                assertTrue(refused.err().contains("no suitable peers for placement") && refused.err().contains("nothing was changed"),
                        refused::toString);
                assertEquals(before, jsm.getStreamNames(), "nothing created, the probe's stream gone");
            }

            CliRun placed = CliRun.run(cluster.url(), "restore", "placed", file, "--cluster", "jetsnap");
            assertEquals(0, placed.exitCode(), placed::toString);
            awaitLeader(jsm, "placed");
            assertEquals("jetsnap", jsm.getStreamInfo("placed").getConfiguration().getPlacement().getCluster());
            StreamDump.assertSame(original, StreamDump.of(nc, "placed"));
        }
    }

    private static void awaitAllReplicasCurrent(JetStreamManagement jsm, String stream) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            var replicas = jsm.getStreamInfo(stream).getClusterInfo().getReplicas();
            if (replicas != null && replicas.size() == 2
                    && replicas.stream().allMatch(r -> r.isCurrent() && !r.isOffline())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the replicas of " + stream + " did not all become current within 60s");
    }

    /** A fresh cluster answers before every node has joined its meta group: R3 placement needs all three. */
    private static void addWhenAllPeersAreKnown(JetStreamManagement jsm, StreamConfiguration config) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                jsm.addStream(config);
                return;
            } catch (io.nats.client.JetStreamApiException e) {
                if (e.getApiErrorCode() != 10005 || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    /** Waits until the stream answers with a leader; returns the leader's server name. */
    private static String awaitLeader(JetStreamManagement jsm, String stream) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                String leader = jsm.getStreamInfo(stream).getClusterInfo().getLeader();
                if (leader != null && !leader.isEmpty()) {
                    return leader;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("stream " + stream + " has no leader after 30s (" + last + ")");
    }
}

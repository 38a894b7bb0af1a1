package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Cloning a stream onto the server that still has the original, whose subjects are taken. */
class CloneTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    @Test
    void cloneBesideTheOriginalTakesNewSubjectsAndKeepsTheMessages(@TempDir Path dir) throws Exception {
        String file = dir.resolve("orders.snapshot").toString();
        try (Connection nc = server.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("orders").subjects("orders.>").build());
            for (int i = 1; i <= 30; i++) {
                nc.jetStream().publish(NatsMessage.builder().subject("orders." + (i % 3 == 0 ? "eu" : "us") + ".new")
                        .headers(new Headers().add("Nats-Expected-Last-Sequence", String.valueOf(i - 1)))
                        .data(("order " + i).getBytes(StandardCharsets.UTF_8)).build());
            }
            jsm.deleteMessage("orders", 7);
            List<String> original = StreamDump.of(nc, "orders");
            assertEquals(0, CliRun.run(server.url(), "snapshot", "orders", file).exitCode());

            // without new subjects the clone collides with the original
            CliRun collides = CliRun.run(server.url(), "restore", "orders-copy", file);
            assertEquals(1, collides.exitCode(), collides::toString);
            assertTrue(collides.err().contains("--subjects"), collides::toString);
            assertFalse(jsm.getStreamNames().contains("orders-copy"), "nothing is left behind");

            CliRun clone = CliRun.run(server.url(), "restore", "orders-copy", file, "--subjects", "copy.orders.>");
            String version = nc.getServerInfo().getVersion();
            if (version.startsWith("2.9.")) {
                // subject transforms arrived in 2.10: refused clearly, before anything changes
                System.out.println("CloneTest: nats-server " + version + " has no subject transforms; --subjects is refused");
                assertEquals(1, clone.exitCode(), clone::toString);
                assertTrue(clone.err().contains("2.10"), clone::toString);
                assertFalse(jsm.getStreamNames().contains("orders-copy"));
                return;
            }
            assertEquals(0, clone.exitCode(), clone::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "orders-copy"));
            StreamConfiguration cfg = jsm.getStreamInfo("orders-copy").getConfiguration();
            assertEquals(List.of("copy.orders.>"), cfg.getSubjects());
            StreamDump.assertSame(original, StreamDump.of(nc, "orders"));
            // the clone is a live stream on its own subjects
            nc.jetStream().publish("copy.orders.eu.new", "fresh".getBytes(StandardCharsets.UTF_8));
            assertEquals(original.size() + 1, StreamDump.of(nc, "orders-copy").size());
            assertEquals(original.size(), StreamDump.of(nc, "orders").size());
        }
    }

    @Test
    void replicasOverrideReachesTheServer(@TempDir Path dir) throws Exception {
        String file = dir.resolve("r.snapshot").toString();
        try (Connection nc = server.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("repl").subjects("repl.>").build());
            nc.jetStream().publish("repl.a", "x".getBytes(StandardCharsets.UTF_8));
            assertEquals(0, CliRun.run(server.url(), "snapshot", "repl", file).exitCode());

            jsm.deleteStream("repl");

            // a single server cannot hold three replicas: the server says so, and nothing is left behind
            CliRun three = CliRun.run(server.url(), "restore", "repl", file, "--replicas", "3");
            assertEquals(1, three.exitCode(), three::toString);
            assertTrue(three.err().contains("replicas") && three.err().contains("nothing was changed"), three::toString);
            assertFalse(jsm.getStreamNames().contains("repl"));

            CliRun one = CliRun.run(server.url(), "restore", "repl", file, "--replicas", "1");
            assertEquals(0, one.exitCode(), one::toString);
            assertEquals(1, jsm.getStreamInfo("repl").getConfiguration().getReplicas());
        }
    }
}

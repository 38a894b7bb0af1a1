package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.ServerGate;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.Mirror;
import io.nats.client.api.Source;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Mirrors and streams with sources: refused as they were (they would copy their origins again), restored --standalone. */
class MirrorAndSourcesTest {
    @RegisterExtension
    static final NatsServerExtension source = new NatsServerExtension();
    @RegisterExtension
    static final NatsServerExtension target = new NatsServerExtension();

    @BeforeAll
    static void startServers() throws Exception {
        try (Connection nc = source.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("origin").subjects("origin.>").build());
            for (int i = 1; i <= 20; i++) {
                nc.jetStream().publish("origin." + (i % 2), ("o" + i).getBytes(StandardCharsets.UTF_8));
            }
            jsm.deleteMessage("origin", 5);
            jsm.addStream(StreamConfiguration.builder().name("mir").mirror(Mirror.builder().sourceName("origin").build()).build());
            jsm.addStream(StreamConfiguration.builder().name("agg").sources(Source.builder().sourceName("origin").build()).build());
            long deadline = System.currentTimeMillis() + 10_000;
            while ((jsm.getStreamInfo("mir").getStreamState().getMsgCount() < 19
                    || jsm.getStreamInfo("agg").getStreamState().getMsgCount() < 19) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        }
    }


    private static boolean transformsAvailable(Connection nc) {
        return !nc.getServerInfo().getVersion().startsWith("2.9.");
    }

    @Test
    void mirrorIsRefusedAsItWasAndRestoredStandalone(@TempDir Path dir) throws Exception {
        roundTrip("mir", dir);
    }

    @Test
    void streamWithSourcesIsRefusedAsItWasAndRestoredStandalone(@TempDir Path dir) throws Exception {
        roundTrip("agg", dir);
    }

    private void roundTrip(String stream, Path dir) throws Exception {
        String file = dir.resolve(stream + ".snapshot").toString();
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            List<String> original = StreamDump.of(nc, stream);
            assertEquals(19, original.size());
            assertEquals(0, CliRun.run(source.url(), "snapshot", stream, file).exitCode());

            CliRun asItWas = CliRun.run(target.url(), "restore", stream, file);
            assertEquals(1, asItWas.exitCode(), asItWas::toString);
            assertTrue(asItWas.err().contains("--standalone"), asItWas::toString);
            assertFalse(other.jetStreamManagement().getStreamNames().contains(stream));

            CliRun standalone = CliRun.run(target.url(), "restore", stream, file, "--standalone");
            if (!transformsAvailable(other)) {
                System.out.println("MirrorAndSourcesTest: nats-server " + other.getServerInfo().getVersion()
                        + " has no subject transforms; a stream without subjects of its own is refused --standalone");
                assertEquals(1, standalone.exitCode(), standalone::toString);
                assertTrue(standalone.err().contains("2.10"), standalone::toString);
                return;
            }
            String version = other.getServerInfo().getVersion();
            if (stream.equals("agg") && ServerGate.atLeast(other, 15, "sourced messages are published back")) {
                // 2.15 refuses published Nats-Stream-Source headers: the publishing restore refuses up front, while
                // the server-side restore (the default there) stores them as they were
                System.out.println("MirrorAndSourcesTest: nats-server " + version
                        + " refuses published Nats-Stream-Source headers; only the server-side restore takes them");
                CliRun publishing = CliRun.run(target.url(), "restore", stream + "-pub", file, "--standalone",
                        "--method", "publish");
                assertEquals(1, publishing.exitCode(), publishing::toString);
                assertTrue(publishing.err().contains("Nats-Stream-Source"), publishing::toString);
                assertFalse(other.jetStreamManagement().getStreamNames().contains(stream + "-pub"));
            }
            assertEquals(0, standalone.exitCode(), standalone::toString);
            StreamDump.assertSame(original, StreamDump.of(other, stream));
            StreamConfiguration cfg = other.jetStreamManagement().getStreamInfo(stream).getConfiguration();
            assertNull(cfg.getMirror());
            assertTrue(cfg.getSources() == null || cfg.getSources().isEmpty());
            assertEquals(List.of(stream), cfg.getSubjects());
        }
    }
}

package io.jetsnap.it;

import static io.jetsnap.it.support.CliRun.assertOneLineFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.RestoreMethods;
import io.jetsnap.it.support.StreamDump;
import io.jetsnap.it.support.TestNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.Placement;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * restore --cluster and --tag place the restored stream as nats stream restore does, through the
 * library's RestoreRequest and the configuration probe: a placement the server cannot satisfy is
 * refused with nothing changed; tags a single server has are kept in the restored configuration.
 */
class RestorePlacementTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    private static String snapshot(Connection nc, String url, Path dir, String stream) throws Exception {
        JetStreamManagement jsm = nc.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>").build());
        for (int i = 0; i < 5; i++) {
            nc.jetStream().publish(stream + ".m", ("message " + i).getBytes(StandardCharsets.UTF_8));
        }
        String file = dir.resolve(stream + ".cbor.zst").toString();
        CliRun snap = CliRun.run(url, "snapshot", stream, file, "-q");
        assertEquals(0, snap.exitCode(), snap::toString);
        return file;
    }

    private static List<String> streams(Connection nc) throws Exception {
        return nc.jetStreamManagement().getStreamNames().stream().sorted().toList();
    }

    @Test
    void aClusterAskedOfASingleServerIsRefusedBeforeAnythingChanges(@TempDir Path dir) throws Exception {
        try (Connection nc = server.connect()) {
            String file = snapshot(nc, server.url(), dir, "single");
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.deleteStream("single");
            List<String> before = streams(nc);
            for (String method : RestoreMethods.of(nc, "placement")) {
                CliRun created = CliRun.run(server.url(), "restore", "single", file, "--cluster", "x", "--method", method);
                assertOneLineFailure(created, 1);
                assertTrue(created.err().contains("stream single cannot be placed in cluster x: the server is in no cluster")
                        && created.err().contains("nothing was changed"), created::toString);
                assertEquals(before, streams(nc), "no stream created, none left behind by the probe");

                CliRun dry = CliRun.run(server.url(), "restore", "single", file, "--cluster", "x", "-n", "--method", method);
                assertEquals(1, dry.exitCode(), dry::toString);
                assertTrue(dry.out().contains("would REFUSE") && dry.out().contains("cannot be placed in cluster x"), dry::toString);
            }
            // over a stream that holds messages, forced: it is untouched
            assertEquals(0, CliRun.run(server.url(), "restore", "single", file, "-q").exitCode());
            for (String method : RestoreMethods.of(nc, "placement")) {
                CliRun forced = CliRun.run(server.url(), "restore", "single", file, "-f", "--cluster", "x", "--method", method);
                assertOneLineFailure(forced, 1);
                assertEquals(5, jsm.getStreamInfo("single").getStreamState().getMsgCount());
                assertEquals(null, jsm.getStreamInfo("single").getConfiguration().getPlacement());
            }
            assertOneLineFailure(CliRun.run(server.url(), "restore", "single", file, "--cluster", ""), 2);
            assertOneLineFailure(CliRun.run(server.url(), "restore", "single", file, "--tag", ""), 2);
        }
    }

    @Test
    void tagsTheServerHasAreTheRestoredStreamsPlacement(@TempDir Path dir) throws Exception {
        try (TestNatsServer tagged = TestNatsServer.start("server_tags: [\"az:1\"]\n");
             Connection nc = tagged.connect()) {
            String file = snapshot(nc, tagged.url(), dir, "tagged");
            List<String> original = StreamDump.of(nc, "tagged");
            for (String method : RestoreMethods.of(nc, "placement")) {
                try {
                    nc.jetStreamManagement().deleteStream("tagged");
                } catch (JetStreamApiException e) {
                    // deleted by the previous round's check
                }
                CliRun restore = CliRun.run(tagged.url(), "restore", "tagged", file, "--tag", "az:1", "--method", method);
                assertEquals(0, restore.exitCode(), restore::toString);
                assertTrue(restore.out().contains("tags (az:1) are kept"), restore::toString);
                Placement placement = nc.jetStreamManagement().getStreamInfo("tagged").getConfiguration().getPlacement();
                assertEquals(List.of("az:1"), placement.getTags(), method);
                StreamDump.assertSame(original, StreamDump.of(nc, "tagged"));
            }
        }
    }
}

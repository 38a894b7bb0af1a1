package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.Jetsnap;
import io.jetsnap.core.SnapshotRequest;
import io.jetsnap.it.plugin.DataStreamCodec;
import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A codec from outside jetsnap's modules, registered only in this module's test
 * META-INF/services, is found by the library and the CLI with no other change.
 */
class PluginCodecTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    @Test
    void cliListsThePluginCodec() {
        CliRun codecs = CliRun.run(server.url(), "codecs");
        assertEquals(0, codecs.exitCode(), codecs::toString);
        assertTrue(codecs.out().contains("data") && codecs.out().contains(DataStreamCodec.class.getName()), codecs::toString);
        assertTrue(codecs.out().contains("json"), codecs::toString);
    }

    @Test
    void snapshotWrittenWithThePluginRestoresThroughDetection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plugin.jsd");
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("plug").subjects("plug.*").build());
            for (int i = 1; i <= 25; i++) {
                nc.jetStream().publish("plug." + (i % 2), ("p" + i).getBytes(StandardCharsets.UTF_8));
            }
            var original = StreamDump.of(nc, "plug");

            // the CLI picks the codec from the extension...
            CliRun snap = CliRun.run(server.url(), "snapshot", "plug", file.toString());
            assertEquals(0, snap.exitCode(), snap::toString);
            assertTrue(snap.out().contains("data"), snap::toString);
            byte[] head = Files.readAllBytes(file);
            assertEquals("JSNAPDAT1", new String(head, 0, 9, StandardCharsets.US_ASCII));

            // ...and detects it from the bytes when reading
            nc.jetStreamManagement().deleteStream("plug");
            CliRun restore = CliRun.run(server.url(), "restore", "plug", file.toString());
            assertEquals(0, restore.exitCode(), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "plug"));

            // the library finds it too, by name
            Path viaLibrary = dir.resolve("library.bin");
            var result = Jetsnap.builder().build().snapshot(nc, SnapshotRequest.of("plug"), viaLibrary.toString(), "data");
            assertEquals("data", result.codec());
            assertEquals(Jetsnap.builder().build().verify(viaLibrary.toString()).summary().trailer().digest(), result.trailer().digest());
        }
    }

    @Test
    void convertKeepsTheDigestAcrossCodecs(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("c.json");
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("conv").subjects("conv").build());
            for (int i = 1; i <= 10; i++) {
                nc.jetStream().publish("conv", ("c" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        CliRun snap = CliRun.run(server.url(), "snapshot", "conv", json.toString(), "--json");
        assertEquals(0, snap.exitCode(), snap::toString);
        String digest = io.nats.client.support.JsonParser.parse(snap.out()).map.get("digest").string;

        CliRun toData = CliRun.run(server.url(), "convert", json.toString(), dir.resolve("c.jsd").toString());
        assertEquals(0, toData.exitCode(), toData::toString);
        assertTrue(toData.out().contains(digest), toData::toString);
        CliRun back = CliRun.run(server.url(), "convert", dir.resolve("c.jsd").toString(), dir.resolve("back.out").toString(),
                "--format", "json", "--json");
        assertEquals(0, back.exitCode(), back::toString);
        assertEquals(digest, io.nats.client.support.JsonParser.parse(back.out()).map.get("digest").string);
        CliRun verify = CliRun.run(server.url(), "verify", dir.resolve("back.out").toString(), "--json");
        assertEquals(0, verify.exitCode(), verify::toString);

        CliRun noFormat = CliRun.run(server.url(), "convert", json.toString(), dir.resolve("x.unknown").toString());
        assertEquals(2, noFormat.exitCode(), noFormat::toString);
        assertTrue(noFormat.err().contains("--format"), noFormat::toString);
    }
}

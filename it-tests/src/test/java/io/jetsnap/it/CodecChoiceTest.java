package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.contract.SampleSnapshots;
import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.StreamDump;
import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Choosing a codec on write (flag or extension) and detecting it on read, with the CBOR+zstd codec. */
class CodecChoiceTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    @BeforeAll
    static void startServer() throws Exception {
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("ev").subjects("ev.>").build());
            for (int i = 1; i <= 200; i++) {
                Headers h = new Headers().add("Nats-Msg-Id", "e" + i).add("X-Part", String.valueOf(i % 3));
                String json = "{\"order_id\":\"o-" + i + "\",\"amount\":" + (i * 7 % 1000) + ",\"currency\":\"EUR\"}";
                nc.jetStream().publish(NatsMessage.builder().subject("ev." + (i % 4)).headers(h)
                        .data(json.getBytes(StandardCharsets.UTF_8)).build());
            }
        }
    }


    private static String digest(CliRun run) throws Exception {
        assertEquals(0, run.exitCode(), run::toString);
        return JsonParser.parse(run.out()).map.get("digest").string;
    }

    @Test
    void cborSnapshotIsDetectedOnRestoreAndKeepsTheDigest(@TempDir Path dir) throws Exception {
        String json = digest(CliRun.run(server.url(), "snapshot", "ev", dir.resolve("ev.json").toString(), "--json"));
        CliRun cbor = CliRun.run(server.url(), "snapshot", "ev", dir.resolve("ev.snapshot").toString(), "--format", "cbor", "--json");
        assertEquals("cbor", JsonParser.parse(cbor.out()).map.get("codec").string, cbor::toString);
        assertTrue(Files.size(dir.resolve("ev.snapshot")) * 2 < Files.size(dir.resolve("ev.json")), "compressed");

        CliRun info = CliRun.run(server.url(), "info", dir.resolve("ev.snapshot").toString(), "--json");
        assertEquals("cbor", JsonParser.parse(info.out()).map.get("codec").string, info::toString);

        try (Connection nc = server.connect()) {
            List<String> original = StreamDump.of(nc, "ev");
            nc.jetStreamManagement().deleteStream("ev");
            CliRun restore = CliRun.run(server.url(), "restore", "ev", dir.resolve("ev.snapshot").toString());
            assertEquals(0, restore.exitCode(), restore::toString);
            StreamDump.assertSame(original, StreamDump.of(nc, "ev"));
        }

        // the same content through another codec has the same digest, up to the snapshot's own creation time:
        // convert the JSON snapshot to CBOR and compare
        String converted = digest(CliRun.run(server.url(), "convert", dir.resolve("ev.json").toString(),
                dir.resolve("ev.cbor.zst").toString(), "--json"));
        assertEquals(json, converted);
        CliRun detected = CliRun.run(server.url(), "verify", dir.resolve("ev.cbor.zst").toString(), "--json");
        assertEquals("cbor", JsonParser.parse(detected.out()).map.get("codec").string, detected::toString);
    }

    /** The digest of the format 1 test vector, {@link SampleSnapshots#format1Json()}. */
    private static final String FORMAT_1_DIGEST = SampleSnapshots.format1Sample().trailer().digest();

    @Test
    void format1SnapshotIsVerifiedAndConvertedToFormat2(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("old.json");
        Files.writeString(old, SampleSnapshots.format1Json(), StandardCharsets.UTF_8);
        assertEquals(FORMAT_1_DIGEST, digest(CliRun.run(server.url(), "verify", old.toString(), "--json")));
        CliRun info = CliRun.run(server.url(), "info", old.toString(), "--json");
        assertEquals(0, info.exitCode(), info::toString);
        assertEquals(1, JsonParser.parse(info.out()).map.get("format_version").i, info::toString);

        CliRun convert = CliRun.run(server.url(), "convert", old.toString(), dir.resolve("new.cbor.zst").toString(), "--json");
        assertEquals(0, convert.exitCode(), convert::toString);
        var converted = JsonParser.parse(convert.out()).map;
        assertEquals(1, converted.get("from_format_version").i, convert::toString);
        assertEquals(FORMAT_1_DIGEST, converted.get("from_digest").string, convert::toString);
        String newDigest = converted.get("digest").string;
        assertTrue(!newDigest.equals(FORMAT_1_DIGEST), convert::toString);

        CliRun verified = CliRun.run(server.url(), "info", dir.resolve("new.cbor.zst").toString(), "--json");
        assertEquals(0, verified.exitCode(), verified::toString);
        assertEquals(2, JsonParser.parse(verified.out()).map.get("format_version").i, verified::toString);
        assertEquals(newDigest, JsonParser.parse(verified.out()).map.get("digest").string, verified::toString);

        // back to JSON: format 2 stays format 2 and keeps its digest; the lines are now a header block
        CliRun again = CliRun.run(server.url(), "convert", dir.resolve("new.cbor.zst").toString(), dir.resolve("again.json").toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains(newDigest) && !again.out().contains("rewritten"), again::toString);
        assertTrue(Files.readString(dir.resolve("again.json"), StandardCharsets.UTF_8)
                .contains("\"headers\":\"NATS/1.0\\r\\nNats-Msg-Id: a\\r\\nX: 1\\r\\nX: 2\\r\\n\\r\\n\""));
        CliRun text = CliRun.run(server.url(), "convert", old.toString(), dir.resolve("text.json").toString());
        assertTrue(text.out().contains("rewritten from format version 1 as 2: the source's digest was " + FORMAT_1_DIGEST),
                text::toString);
    }

    @Test
    void extensionChoosesTheCodecAndLevelIsAnOption(@TempDir Path dir) throws Exception {
        CliRun byName = CliRun.run(server.url(), "snapshot", "ev", dir.resolve("a.cbor.zst").toString(), "--json");
        assertEquals("cbor", JsonParser.parse(byName.out()).map.get("codec").string, byName::toString);
        CliRun level = CliRun.run(server.url(), "snapshot", "ev", dir.resolve("b.cbor.zst").toString(), "--zstd-level", "19", "--json");
        assertEquals(0, level.exitCode(), level::toString);
        CliRun badLevel = CliRun.run(server.url(), "snapshot", "ev", dir.resolve("c.cbor.zst").toString(), "--zstd-level", "99");
        assertEquals(2, badLevel.exitCode(), badLevel::toString);
        assertTrue(badLevel.err().contains("zstd.level"), badLevel::toString);
        assertTrue(Files.notExists(dir.resolve("c.cbor.zst")));
        CliRun unknown = CliRun.run(server.url(), "snapshot", "ev", dir.resolve("d.out").toString(), "--format", "avro");
        CliRun.assertOneLineFailure(unknown, 2);
        assertTrue(unknown.err().contains("available formats: ") && unknown.err().contains("json")
                && unknown.err().contains("cbor"), unknown::toString);
        CliRun.assertOneLineFailure(CliRun.run(server.url(), "snapshot", "ev", dir.resolve("e.out").toString(), "--format", ""), 2);
        assertEquals(List.of("b.cbor.zst", "a.cbor.zst").stream().sorted().toList(), files(dir));
    }

    private static List<String> files(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void withoutFormatOrExtensionTheSnapshotIsCborAndAJsonNameIsJson(@TempDir Path dir) throws Exception {
        CliRun folder = CliRun.run(server.url(), "snapshot", "ev", dir.toString(), "--json");
        var result = JsonParser.parse(folder.out()).map;
        assertEquals("cbor", result.get("codec").string, folder::toString);
        assertTrue(result.get("location").string.endsWith(".cbor.zst"), folder::toString);
        CliRun plain = CliRun.run(server.url(), "snapshot", "ev", dir.resolve("ev.snapshot").toString(), "--json");
        assertEquals("cbor", JsonParser.parse(plain.out()).map.get("codec").string, plain::toString);
        CliRun json = CliRun.run(server.url(), "snapshot", "ev", dir.resolve("ev.json").toString(), "--json");
        assertEquals("json", JsonParser.parse(json.out()).map.get("codec").string, json::toString);
        assertTrue(Files.readString(dir.resolve("ev.json"), StandardCharsets.UTF_8).startsWith("{"), "readable JSON");
        assertTrue(Files.size(dir.resolve("ev.snapshot")) * 2 < Files.size(dir.resolve("ev.json")), "the default is the smaller");
    }

    @Test
    void aNameOrAnOptionThatContradictsTheCodecIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        String[][] contradictions = {
                {"snapshot", "ev", dir.resolve("a.json").toString(), "--format", "cbor"},
                {"snapshot", "ev", dir.resolve("b.cbor.zst").toString(), "--format", "json"},
                {"snapshot", "ev", dir.resolve("c.json").toString(), "--zstd-level", "3"},
                {"snapshot", "ev", dir.toString(), "--format", "json", "--zstd-level", "3"},
                {"snapshot", "ev", dir.toString(), "-O", "zstd.bogus=1"},
                {"snapshot", "--all", dir.toString(), "--format", "json", "-O", "zstd.workers=2"},
        };
        for (String[] args : contradictions) {
            CliRun run = CliRun.run(server.url(), args);
            CliRun.assertOneLineFailure(run, 2);
            assertTrue(run.err().contains("cbor") && run.err().contains("json") || run.err().contains("has no option"), run::toString);
        }
        assertTrue(CliRun.run(server.url(), contradictions[2]).err().contains("zstd.level is an option of the cbor codec"));
        assertEquals(List.of(), files(dir), "nothing written");

        // convert follows the same rules
        CliRun source = CliRun.run(server.url(), "snapshot", "ev", dir.resolve("src.cbor.zst").toString(), "-q");
        assertEquals(0, source.exitCode(), source::toString);
        CliRun convert = CliRun.run(server.url(), "convert", dir.resolve("src.cbor.zst").toString(),
                dir.resolve("out.json").toString(), "--format", "cbor");
        CliRun.assertOneLineFailure(convert, 2);
        CliRun.assertOneLineFailure(CliRun.run(server.url(), "convert", dir.resolve("src.cbor.zst").toString(),
                dir.resolve("out.json").toString(), "--zstd-level", "5"), 2);
        assertEquals(List.of("src.cbor.zst"), files(dir));
    }

    @Test
    void unknownBytesAreRefusedListingTheFormats(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "just some notes");
        CliRun run = CliRun.run(server.url(), "verify", text.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("formats available:") && run.err().contains("json") && run.err().contains("cbor"), run::toString);
        CliRun codecs = CliRun.run(server.url(), "codecs");
        assertTrue(codecs.out().contains("cbor") && codecs.out().contains(".cbor.zst") && codecs.out().contains("jetsnap-format-cbor"),
                codecs::toString);
        CliRun stores = CliRun.run(server.url(), "stores");
        assertTrue(stores.out().contains("file") && stores.out().contains("s3"), stores::toString);
    }
}

package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder of snapshots stands for the newest one of a stream, as restic's {@code latest} does:
 * {@code restore}, {@code info} and {@code verify} take STREAM and a folder, {@code --at} the newest
 * at or before a time, and {@code restore --all FOLDER} each stream's newest, whichever run wrote
 * it (a run that left the buckets out does not make them disappear); {@code --index} restores one
 * run's streams, as before.
 */
class NewestSnapshotTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    @TempDir
    Path dir;

    private CliRun ok(String... args) {
        CliRun r = CliRun.run(server.url(), args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    @Test
    void aFolderStandsForTheNewestSnapshotOfAStreamAndAllStreamsTakeTheirNewest() throws Exception {
        String folder = dir + "/";
        try (Connection nc = server.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("latest").subjects("latest.>").build());
            nc.keyValueManagement().create(KeyValueConfiguration.builder().name("latest_cfg").build());
            nc.keyValue("latest_cfg").put("color", "blue");
            publish(nc, 3);

            ok("snapshot", "--all", "--filter", "latest", "--filter", "KV_latest_cfg", folder);
            Instant between = Instant.now();
            Thread.sleep(1100); // a second run gets a later name
            publish(nc, 2);
            ok("snapshot", "--all", "--filter", "latest", "--exclude-buckets", folder);
            Path secondIndex = newestIndex();

            CliRun info = ok("info", "latest", folder, "--json");
            assertEquals(5L, JsonParser.parse(info.out()).map.get("messages").number.longValue(), info::toString);
            CliRun verifyOlder = ok("verify", "latest", folder, "--at", between.toString(), "--json");
            assertEquals(3L, JsonParser.parse(verifyOlder.out()).map.get("messages").number.longValue(), verifyOlder::toString);

            CliRun newest = ok("restore", "latest", folder, "--force");
            assertTrue(newest.out().contains("the newest snapshot of latest in " + folder), newest::toString);
            assertEquals(5, messages(nc, "latest"));
            ok("restore", "latest", folder, "--force", "--at", between.toString());
            assertEquals(3, messages(nc, "latest"));

            CliRun none = CliRun.run(server.url(), "restore", "latest", folder, "--force", "--at", "2000-01-01T00:00:00Z");
            CliRun.assertOneLineFailure(none, 1);
            assertTrue(none.err().contains("no snapshot of stream latest in " + folder + " taken at or before"), none::toString);
            CliRun.assertOneLineFailure(CliRun.run(server.url(), "verify", folder), 2);
            CliRun.assertOneLineFailure(CliRun.run(server.url(), "restore", "--all", folder + "missing/"), 2);
            CliRun.assertOneLineFailure(CliRun.run(server.url(), "verify", "latest", secondIndex.toString()), 2);

            jsm.deleteStream("latest");
            jsm.deleteStream("KV_latest_cfg");
            CliRun all = ok("restore", "--all", folder, "--json");
            Stream<String> restored = JsonParser.parse(all.out()).map.get("streams").array.stream()
                    .map(s -> s.map.get("target_stream").string);
            assertEquals(List.of("KV_latest_cfg", "latest"), restored.toList(), all::toString);
            JsonValue index = JsonParser.parse(all.out()).map.get("index");
            assertTrue(index == null || index.type == JsonValue.Type.NULL, all::toString);
            assertEquals(folder, JsonParser.parse(all.out()).map.get("source").string, all::toString);
            assertEquals(5, messages(nc, "latest"));
            assertEquals("blue", new String(nc.keyValue("latest_cfg").get("color").getValue(), StandardCharsets.UTF_8));

            jsm.deleteStream("latest");
            jsm.deleteStream("KV_latest_cfg");
            CliRun indexed = ok("restore", "--all", "--index", secondIndex.toString());
            assertTrue(indexed.out().contains("1 of 1 stream restored; index " + secondIndex), indexed::toString);
            assertEquals(List.of("latest"), jsm.getStreamNames());
        }
    }

    private static void publish(Connection nc, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            nc.jetStream().publish("latest.m", ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static long messages(Connection nc, String stream) throws Exception {
        return nc.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
    }

    private Path newestIndex() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("jetsnap-index-")).max(Path::compareTo).orElseThrow();
        }
    }
}

package io.jetsnap.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.ObjectStore;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.ObjectStoreConfiguration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** KV and Object Store buckets are streams too: after a restore their own APIs see the same data. */
class BucketsTest {
    @RegisterExtension
    static final NatsServerExtension source = new NatsServerExtension();
    @RegisterExtension
    static final NatsServerExtension target = new NatsServerExtension();

    private static void snapshotAndRestore(String stream, Path dir) {
        String file = dir.resolve(stream + ".snapshot").toString();
        CliRun snap = CliRun.run(source.url(), "snapshot", stream, file);
        assertEquals(0, snap.exitCode(), snap::toString);
        CliRun restore = CliRun.run(target.url(), "restore", stream, file);
        assertEquals(0, restore.exitCode(), restore::toString);
    }

    private static List<String> history(KeyValue kv, String key) throws Exception {
        List<String> out = new ArrayList<>();
        for (KeyValueEntry e : kv.history(key)) {
            out.add(e.getRevision() + " " + e.getOperation() + " " + (e.getValue() == null ? "" : new String(e.getValue(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Test
    void keyValueBucketKeepsValuesRevisionsAndHistory(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.keyValueManagement().create(KeyValueConfiguration.builder().name("config").maxHistoryPerKey(5).build());
            KeyValue kv = nc.keyValue("config");
            for (int i = 0; i < 4; i++) {
                kv.put("color", "blue-" + i);
                kv.put("size", String.valueOf(i));
            }
            kv.put("gone", "soon");
            kv.delete("gone");
            kv.put("purged", "x");
            kv.purge("purged");
            kv.create("created-once", "c".getBytes(StandardCharsets.UTF_8));

            snapshotAndRestore("KV_config", dir);

            KeyValue restored = other.keyValue("config");
            for (String key : new String[] {"color", "size", "gone", "purged", "created-once"}) {
                assertEquals(history(kv, key), history(restored, key), key);
            }
            assertEquals(kv.get("color").getRevision(), restored.get("color").getRevision());
            assertEquals(kv.keys(), restored.keys());
            assertEquals(5, other.keyValueManagement().getStatus("config").getMaxHistoryPerKey());
            // the restored bucket works as a bucket: an update with the right revision succeeds
            restored.update("color", "green".getBytes(StandardCharsets.UTF_8), kv.get("color").getRevision());
        }
    }

    @Test
    void keyValueUpdatesWhoseEarlierRevisionsAreGoneStillRestore(@TempDir Path dir) throws Exception {
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.keyValueManagement().create(KeyValueConfiguration.builder().name("counters").maxHistoryPerKey(1).build());
            KeyValue kv = nc.keyValue("counters");
            long revision = kv.create("visits", "1".getBytes(StandardCharsets.UTF_8));
            for (int i = 2; i <= 5; i++) {
                revision = kv.update("visits", String.valueOf(i).getBytes(StandardCharsets.UTF_8), revision);
            }
            kv.put("other", "x");

            snapshotAndRestore("KV_counters", dir);

            KeyValue restored = other.keyValue("counters");
            assertEquals("5", new String(restored.get("visits").getValue(), StandardCharsets.UTF_8));
            assertEquals(revision, restored.get("visits").getRevision());
            assertEquals(history(kv, "visits"), history(restored, "visits"));
        }
    }

    @Test
    void objectStoreBucketReturnsTheSameObjects(@TempDir Path dir) throws Exception {
        byte[] big = new byte[700_000];
        new Random(3).nextBytes(big);
        try (Connection nc = source.connect(); Connection other = target.connect()) {
            nc.objectStoreManagement().create(ObjectStoreConfiguration.builder("files").build());
            ObjectStore os = nc.objectStore("files");
            os.put("big.bin", new ByteArrayInputStream(big));
            os.put("small.txt", "hello".getBytes(StandardCharsets.UTF_8));
            os.put("replaced.txt", "first".getBytes(StandardCharsets.UTF_8));
            os.put("replaced.txt", "second".getBytes(StandardCharsets.UTF_8));
            os.put("deleted.txt", "bye".getBytes(StandardCharsets.UTF_8));
            os.delete("deleted.txt");

            snapshotAndRestore("OBJ_files", dir);

            ObjectStore restored = other.objectStore("files");
            assertArrayEquals(big, read(restored, "big.bin"));
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), read(restored, "small.txt"));
            assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), read(restored, "replaced.txt"));
            assertEquals(os.getInfo("big.bin").getDigest(), restored.getInfo("big.bin").getDigest());
            assertEquals(os.getList().size(), restored.getList().size());
        }
    }

    private static byte[] read(ObjectStore os, String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        os.get(name, out);
        return out.toByteArray();
    }
}

package io.jetsnap.it;

import static io.jetsnap.it.support.JsClient.op;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.CliRun;
import io.jetsnap.it.support.JsClient;
import io.jetsnap.it.support.NatsServerExtension;
import io.jetsnap.it.support.ServerGate;
import io.nats.client.Connection;
import io.nats.client.support.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A KV or Object Store bucket restored under another bucket's name, beside its original on the
 * same server, works as that bucket for the official JavaScript client, which writes the original
 * and reads both: values, revisions, history, keys, watch, updates by revision; objects byte for
 * byte, their info, list, and links.
 */
class BucketRenameTest {
    @RegisterExtension
    static final NatsServerExtension server = new NatsServerExtension();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The restore methods this server has: publish, and server on 2.15+ (it says when it lacks one). */
    static List<String> methods() throws Exception {
        try (Connection nc = server.connect()) {
            return ServerGate.atLeast(nc, 15, "the server-side restore (BucketRenameTest, --method server)")
                    ? List.of("publish", "server") : List.of("publish");
        }
    }

    private static String snapshot(String stream, Path dir) {
        String file = dir.resolve(stream + ".snapshot").toString();
        CliRun snap = CliRun.run(server.url(), "snapshot", stream, file);
        assertEquals(0, snap.exitCode(), snap::toString);
        return file;
    }

    private static CliRun restoreAs(String target, String file, String method) {
        CliRun restore = CliRun.run(server.url(), "restore", target, file, "--method", method);
        assertEquals(0, restore.exitCode(), restore::toString);
        return restore;
    }

    /** Each entry as key@revision OPERATION value (and, where timestamps are kept, its time). */
    private static List<String> entries(JsonValue result, boolean withTimes) {
        List<String> out = new ArrayList<>();
        for (JsonValue e : result.map.get("entries").array) {
            out.add(entry(e, withTimes));
        }
        return out;
    }

    private static String entry(JsonValue e, boolean withTimes) {
        return JsClient.string(e, "key") + "@" + JsClient.number(e, "revision") + " " + JsClient.string(e, "operation") + " "
                + new String(Base64.getDecoder().decode(JsClient.string(e, "value")), StandardCharsets.UTF_8)
                + (withTimes ? " " + JsClient.string(e, "created") : "");
    }

    private static final String[] KEYS = {"color", "size", "gone", "purged", "once"};

    /** What the JS client reads from a bucket: history per key, keys, the watch from the start, the latest color. */
    private static List<String> readBucket(JsClient js, String bucket, boolean withTimes) {
        List<Map<String, Object>> ops = new ArrayList<>();
        for (String key : KEYS) {
            ops.add(op("history", "key", key));
        }
        ops.add(op("keys"));
        ops.add(op("watch"));
        ops.add(op("get", "key", "color"));
        List<JsonValue> r = js.kv(bucket, ops);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < KEYS.length; i++) {
            seen.add("history " + KEYS[i] + ": " + entries(r.get(i), withTimes));
        }
        seen.add("keys: " + r.get(KEYS.length).map.get("keys").array.stream().map(v -> v.string).toList());
        seen.add("watch: " + entries(r.get(KEYS.length + 1), withTimes));
        seen.add("get color: " + entry(r.get(KEYS.length + 2).map.get("entry"), withTimes));
        return seen;
    }

    @ParameterizedTest(name = "--method {0}")
    @MethodSource("methods")
    void keyValueBucketRestoredAsAnotherBucketIsThatBucket(String method, @TempDir Path dir) throws Exception {
        String from = "cfg_" + method;
        String to = "cfg2_" + method;
        JsClient js = JsClient.of(server);
        List<JsonValue> written = js.kv(from,
                op("bucket", "options", Map.of("history", 5)),
                op("put", "key", "color", "value", utf8("blue")),
                op("put", "key", "color", "value", utf8("green")),
                op("put", "key", "size", "value", utf8("1")),
                op("put", "key", "gone", "value", utf8("x")),
                op("delete", "key", "gone"),
                op("put", "key", "purged", "value", utf8("y")),
                op("purge", "key", "purged"),
                op("create", "key", "once", "value", utf8("c")),
                op("update", "key", "color", "value", utf8("red"), "revision", 2L),
                op("put", "key", "size", "value", utf8("2")));
        long colorRevision = JsClient.number(written.get(9), "revision");
        boolean timesKept = method.equals("server");
        List<String> original = readBucket(js, from, timesKept);
        // a durable consumer of one key, which has taken the first color
        js.call("consumer", Map.of("stream", "KV_" + from, "config", Map.of("durable_name", "colors",
                "ack_policy", "explicit", "filter_subject", "$KV." + from + ".color")));
        assertEquals(List.of(1L), js.next("KV_" + from, "colors", 1, 1).seqs());

        String file = snapshot("KV_" + from, dir);
        CliRun dry = CliRun.run(server.url(), "restore", "KV_" + to, file, "--method", method, "--dry-run");
        assertEquals(0, dry.exitCode(), dry::toString);
        assertTrue(dry.out().contains("KV bucket " + from + " becomes bucket " + to), dry::toString);
        CliRun restore = restoreAs("KV_" + to, file, method);
        assertTrue(restore.out().contains("KV bucket " + from + " becomes bucket " + to), restore::toString);

        assertEquals(original, readBucket(js, to, timesKept));
        JsClient.Next colors = js.next("KV_" + to, "colors", 5, 0);
        assertEquals(List.of(2L, colorRevision), colors.seqs(), "the consumer goes on with the renamed bucket's colors");
        assertEquals("$KV." + to + ".color", colors.delivered().get(0).subject());
        List<JsonValue> status = js.kv(to, op("status"));
        assertEquals(List.of("$KV." + to + ".>"), status.get(0).map.get("config").map.get("subjects").array.stream()
                .map(v -> v.string).toList());

        // the restored bucket takes writes as that bucket, by revision, and leaves the original alone
        List<JsonValue> after = js.kv(to,
                op("update", "key", "color", "value", utf8("violet"), "revision", colorRevision),
                op("update", "key", "color", "value", utf8("stale"), "revision", colorRevision, "expectError", true),
                op("create", "key", "once", "value", utf8("again"), "expectError", true),
                op("put", "key", "fresh", "value", utf8("new")),
                op("get", "key", "color"));
        assertEquals(colorRevision + 2, JsClient.number(after.get(0), "revision"), "the next revision follows the original's last");
        assertEquals(10071, JsClient.number(after.get(1), "code"), after.get(1)::toString);
        assertTrue(after.get(2).map.containsKey("error"), after.get(2)::toString);
        assertEquals("violet", new String(Base64.getDecoder().decode(JsClient.string(after.get(4).map.get("entry"), "value")),
                StandardCharsets.UTF_8));
        assertEquals(original, readBucket(js, from, timesKept), "the original bucket is untouched");
    }

    private static Map<String, Object> withoutBucket(JsonValue info) {
        Map<String, Object> m = new java.util.TreeMap<>(info.map);
        m.remove("bucket");
        return m;
    }

    @ParameterizedTest(name = "--method {0}")
    @MethodSource("methods")
    void objectStoreBucketRestoredAsAnotherBucketIsThatBucket(String method, @TempDir Path dir) throws Exception {
        String from = "files_" + method;
        String to = "files2_" + method;
        byte[] big = new byte[300_000];
        new Random(11).nextBytes(big);
        JsClient js = JsClient.of(server);
        js.obj(from,
                op("bucket"),
                op("put", "name", "big.bin", "data", big),
                op("put", "name", "small.txt", "data", utf8("hello"), "description", "a greeting"),
                op("put", "name", "replaced.txt", "data", utf8("first")),
                op("put", "name", "replaced.txt", "data", utf8("second")),
                op("put", "name", "deleted.txt", "data", utf8("bye")),
                op("delete", "name", "deleted.txt"),
                op("link", "name", "alias.txt", "target", "small.txt"));
        List<JsonValue> original = js.obj(from, op("list"), op("info", "name", "big.bin"));

        CliRun restore = restoreAs("OBJ_" + to, snapshot("OBJ_" + from, dir), method);
        assertTrue(restore.out().contains("Object Store bucket " + from + " becomes bucket " + to), restore::toString);
        // without the original, a link that still named it could not be followed
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().deleteStream("OBJ_" + from);
        }

        List<JsonValue> r = js.obj(to,
                op("get", "name", "big.bin"),
                op("get", "name", "small.txt"),
                op("get", "name", "replaced.txt"),
                op("get", "name", "deleted.txt"),
                op("get", "name", "alias.txt"),
                op("list"),
                op("info", "name", "big.bin"),
                op("info", "name", "alias.txt"));
        assertArrayEquals(big, Base64.getDecoder().decode(JsClient.string(r.get(0), "data")));
        assertEquals("hello", new String(Base64.getDecoder().decode(JsClient.string(r.get(1), "data")), StandardCharsets.UTF_8));
        assertEquals("second", new String(Base64.getDecoder().decode(JsClient.string(r.get(2), "data")), StandardCharsets.UTF_8));
        assertNull(JsClient.string(r.get(3), "data"));
        assertEquals("hello", new String(Base64.getDecoder().decode(JsClient.string(r.get(4), "data")), StandardCharsets.UTF_8),
                "the link follows to the restored bucket");

        List<JsonValue> listed = r.get(5).map.get("infos").array;
        List<JsonValue> originalList = original.get(0).map.get("infos").array;
        assertEquals(originalList.size(), listed.size());
        for (int i = 0; i < listed.size(); i++) {
            assertEquals(to, JsClient.string(listed.get(i), "bucket"));
            assertEquals(withoutBucket(originalList.get(i)).keySet(), withoutBucket(listed.get(i)).keySet());
            if (!"alias.txt".equals(JsClient.string(listed.get(i), "name"))) {
                assertEquals(withoutBucket(originalList.get(i)), withoutBucket(listed.get(i)));
            }
        }
        JsonValue bigInfo = r.get(6).map.get("info");
        assertEquals(withoutBucket(original.get(1).map.get("info")), withoutBucket(bigInfo));
        assertEquals(to, JsClient.string(r.get(7).map.get("info").map.get("options").map.get("link"), "bucket"));

        // and takes new objects and replacements as that bucket
        List<JsonValue> more = js.obj(to,
                op("put", "name", "replaced.txt", "data", utf8("third")),
                op("get", "name", "replaced.txt"),
                op("status"));
        assertEquals("third", new String(Base64.getDecoder().decode(JsClient.string(more.get(1), "data")), StandardCharsets.UTF_8));
        assertEquals(List.of("$O." + to + ".C.>", "$O." + to + ".M.>"), more.get(2).map.get("config").map.get("subjects").array
                .stream().map(v -> v.string).toList());
        assertNotEquals(JsClient.string(bigInfo, "nuid"), JsClient.string(more.get(0).map.get("info"), "nuid"));
    }

    @Test
    void streamThatIsNoBucketIsRefusedUnderABucketNameBeforeAnythingChanges(@TempDir Path dir) throws Exception {
        JsClient js = JsClient.of(server);
        js.call("stream", Map.of("config", Map.of("name", "plain", "subjects", List.of("plain.>"))));
        js.publish(JsClient.Message.of("plain.a", "x"));
        String file = dir.resolve("plain.snapshot").toString();
        assertEquals(0, CliRun.run(server.url(), "snapshot", "plain", file).exitCode());

        CliRun dry = CliRun.run(server.url(), "restore", "KV_plain", file, "--dry-run");
        assertTrue(dry.out().contains("stream plain is not a KV bucket"), dry::toString);
        CliRun restore = CliRun.run(server.url(), "restore", "KV_plain", file);
        CliRun.assertOneLineFailure(restore, restore.exitCode());
        assertNotEquals(0, restore.exitCode());
        assertTrue(restore.err().contains("stream plain is not a KV bucket (its subjects are not $KV.plain.>)"), restore::toString);
        try (Connection nc = server.connect()) {
            assertTrue(nc.jetStreamManagement().getStreamNames().stream().noneMatch("KV_plain"::equals), "nothing was created");
        }
    }

    @Test
    void bucketRestoredUnderAPlainNameIsAPlainCopyAndSaysSo(@TempDir Path dir) throws Exception {
        JsClient js = JsClient.of(server);
        js.kv("copied", op("bucket"), op("put", "key", "k", "value", utf8("v")));
        String file = dir.resolve("copied.snapshot").toString();
        assertEquals(0, CliRun.run(server.url(), "snapshot", "KV_copied", file).exitCode());
        try (Connection nc = server.connect()) {
            nc.jetStreamManagement().deleteStream("KV_copied");
        }
        CliRun restore = CliRun.run(server.url(), "restore", "copied-backup", file);
        assertEquals(0, restore.exitCode(), restore::toString);
        assertTrue(restore.out().contains("is a plain copy: its messages keep their $KV.copied. subjects"), restore::toString);
        assertEquals(List.of("1 $KV.copied.k"), js.dump("copied-backup").messages().stream()
                .map(m -> m.seq() + " " + m.subject()).toList());
    }
}

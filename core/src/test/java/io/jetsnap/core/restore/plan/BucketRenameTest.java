package io.jetsnap.core.restore.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsonText;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.StreamState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;




class BucketRenameTest {
    private static final Instant T = Instant.ofEpochSecond(1_700_000_000L, 5);
    /** A KV bucket's configuration as nats-server writes it (Go escapes '>' as \u003e). */
    private static final String KV_CFG = "{\"name\":\"KV_cfg\",\"subjects\":[\"$KV.cfg.\\u003e\"],\"retention\":\"limits\","
            + "\"max_msgs_per_subject\":5,\"republish\":{\"src\":\"$KV.cfg.\\u003e\",\"dest\":\"audit.cfg.\\u003e\"},"
            + "\"allow_rollup_hdrs\":true,\"metadata\":{\"owner\":\"cfg team\"}}";
    private static final String OBJ_FILES = "{\"name\":\"OBJ_files\",\"subjects\":[\"$O.files.C.>\",\"$O.files.M.>\"],"
            + "\"allow_rollup_hdrs\":true}";

    private static SnapshotHeader header(String config, ConsumerSnapshot... consumers) {
        return new SnapshotHeader("jetsnap", 1, "0.1.0", T, "2.10.27", "KV_cfg", config, new StreamState(1, 1, 1, 1, T, T),
                Selection.everythingUpTo(1), List.of(consumers));
    }

    private static SnapshotMessage message(String subject, String payload, MessageHeader... headers) {
        return new SnapshotMessage(7, subject, headers.length == 0 ? HeaderBlock.NONE : HeaderBlock.ofLines(List.of(headers)),
                payload.getBytes(StandardCharsets.UTF_8), T);
    }

    private static String refusal(String config, String target, boolean otherSubjects) {
        SnapshotException e = assertThrows(SnapshotException.class, () -> BucketRename.of(config, target, otherSubjects));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().endsWith("; nothing was changed"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void keyValueBucketUnderAnotherBucketNameGetsThatBucketsSubjects() {
        BucketRename rename = BucketRename.of(KV_CFG, "KV_cfg2", false);
        assertTrue(rename.renames());
        assertEquals("$KV.cfg2.color", rename.subject("$KV.cfg.color"));
        assertEquals("$KV.cfg2.a.b.c", rename.subject("$KV.cfg.a.b.c"));
        assertEquals("$KV.cfgx.a", rename.subject("$KV.cfgx.a"), "another bucket's subject is kept");
        assertEquals("other.subject", rename.subject("other.subject"));

        SnapshotHeader renamed = rename.header(header(KV_CFG));
        assertEquals("{\"name\":\"KV_cfg\",\"subjects\":[\"$KV.cfg2.>\"],\"retention\":\"limits\","
                + "\"max_msgs_per_subject\":5,\"republish\":{\"src\":\"$KV.cfg2.>\",\"dest\":\"audit.cfg.\\u003e\"},"
                + "\"allow_rollup_hdrs\":true,\"metadata\":{\"owner\":\"cfg team\"}}", renamed.streamConfigJson(),
                "only the subjects change, every other member is kept verbatim (the name is the plan's)");
        assertTrue(rename.note().orElseThrow().contains("KV bucket cfg becomes bucket cfg2"), rename.note()::toString);
    }

    @Test
    void keyValueMessagesKeepKeysPayloadsAndSequences() {
        BucketRename rename = BucketRename.of(KV_CFG, "KV_cfg2", false);
        SnapshotMessage delete = message("$KV.cfg.gone", "", new MessageHeader("KV-Operation", "DEL"));
        SnapshotMessage renamed = rename.message(delete);
        assertEquals(new SnapshotMessage(7, "$KV.cfg2.gone", delete.headers(), new byte[0], T), renamed);
        SnapshotMessage elsewhere = message("audit.cfg.x", "kept");
        assertSame(elsewhere, rename.message(elsewhere));
    }

    @Test
    void headersTheServerActsOnFollowTheBucket() {
        BucketRename rename = BucketRename.of(KV_CFG, "KV_cfg2", false);
        SnapshotMessage m = message("$KV.cfg.k", "v", new MessageHeader("Nats-Expected-Stream", "KV_cfg"),
                new MessageHeader("Nats-Expected-Last-Subject-Sequence", "3"),
                new MessageHeader("Nats-Expected-Last-Subject-Sequence-Subject", "$KV.cfg.k"),
                new MessageHeader("X-Note", "KV_cfg"));
        assertEquals(List.of(new MessageHeader("Nats-Expected-Stream", "KV_cfg2"),
                new MessageHeader("Nats-Expected-Last-Subject-Sequence", "3"),
                new MessageHeader("Nats-Expected-Last-Subject-Sequence-Subject", "$KV.cfg2.k"),
                new MessageHeader("X-Note", "KV_cfg")), rename.message(m).headers().lines(),
                "an application's own header is the application's: kept");
        SnapshotMessage otherStream = message("x.y", "", new MessageHeader("Nats-Expected-Stream", "orders"));
        assertSame(otherStream, rename.message(otherStream));
    }

    @Test
    void aRenamedHeaderKeepsEveryOtherByteOfTheBlock() {
        BucketRename rename = BucketRename.of(KV_CFG, "KV_cfg2", false);
        String block = "NATS/1.0\r\nX-Name:Zo\u00eb  \r\nNats-Expected-Stream:  KV_cfg \r\nX:\t\u00ff\r\n\r\n";
        SnapshotMessage m = new SnapshotMessage(7, "$KV.cfg.k", HeaderBlock.of(block.getBytes(StandardCharsets.UTF_8)),
                new byte[0], T);
        String expected = "NATS/1.0\r\nX-Name:Zo\u00eb  \r\nNats-Expected-Stream:  KV_cfg2 \r\nX:\t\u00ff\r\n\r\n";
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), rename.message(m).headers().bytes());
    }

    @Test
    void consumerFiltersFollowTheBucket() {
        ConsumerSnapshot one = new ConsumerSnapshot("one", "{\"durable_name\":\"one\",\"filter_subject\":\"$KV.cfg.color\"}", 1, 1, 1, 1);
        ConsumerSnapshot many = new ConsumerSnapshot("many", "{\"durable_name\":\"many\",\"filter_subjects\":"
                + "[\"$KV.cfg.a\",\"elsewhere.>\"],\"deliver_subject\":\"$KV.cfg.deliver\"}", 2, 2, 0, 0);
        SnapshotHeader renamed = BucketRename.of(KV_CFG, "KV_cfg2", false).header(header(KV_CFG, one, many));
        assertEquals("{\"durable_name\":\"one\",\"filter_subject\":\"$KV.cfg2.color\"}", renamed.consumers().get(0).configJson());
        assertEquals("{\"durable_name\":\"many\",\"filter_subjects\":[\"$KV.cfg2.a\",\"elsewhere.>\"],"
                + "\"deliver_subject\":\"$KV.cfg.deliver\"}", renamed.consumers().get(1).configJson(),
                "a deliver subject is where the application listens: kept");
        assertEquals(2, renamed.consumers().get(1).deliveredStreamSequence());
    }

    @Test
    void objectStoreMetaNamesTheNewBucketAndSameBucketLinks() {
        BucketRename rename = BucketRename.of(OBJ_FILES, "OBJ_files2", false);
        String meta = "{\"bucket\":\"files\",\"nuid\":\"N1\",\"size\":5,\"chunks\":1,\"name\":\"a.txt\",\"description\":"
                + "\"in bucket files\",\"options\":{\"max_chunk_size\":131072},\"mtime\":\"2026-01-01T00:00:00Z\","
                + "\"digest\":\"SHA-256=abc=\",\"deleted\":false}";
        SnapshotMessage renamed = rename.message(message("$O.files.M.YS50eHQ=", meta,
                new MessageHeader("Nats-Rollup", "sub")));
        assertEquals("$O.files2.M.YS50eHQ=", renamed.subject());
        assertEquals(meta.replace("\"bucket\":\"files\"", "\"bucket\":\"files2\""),
                new String(renamed.payload(), StandardCharsets.UTF_8));

        String link = "{\"name\":\"b.txt\",\"bucket\":\"files\",\"options\":{\"link\":{\"bucket\":\"files\",\"name\":\"a.txt\"}}}";
        assertEquals("{\"name\":\"b.txt\",\"bucket\":\"files2\",\"options\":{\"link\":{\"bucket\":\"files2\",\"name\":\"a.txt\"}}}",
                new String(rename.message(message("$O.files.M.Yi50eHQ=", link)).payload(), StandardCharsets.UTF_8));
        String elsewhere = "{\"name\":\"c\",\"bucket\":\"files\",\"options\":{\"link\":{\"bucket\":\"shared\",\"name\":\"x\"}}}";
        assertEquals(elsewhere.replace("\"bucket\":\"files\"", "\"bucket\":\"files2\""),
                new String(rename.message(message("$O.files.M.Yw==", elsewhere)).payload(), StandardCharsets.UTF_8),
                "a link into another bucket still points there");

        assertEquals("[\"$O.files2.C.>\",\"$O.files2.M.>\"]",
                JsonText.topLevelMember(rename.header(header(OBJ_FILES)).streamConfigJson(), "subjects"));
    }

    @Test
    void objectStoreChunksAndUnreadableMetaKeepTheirBytes() {
        BucketRename rename = BucketRename.of(OBJ_FILES, "OBJ_files2", false);
        SnapshotMessage chunk = message("$O.files.C.N1", "{\"bucket\":\"files\"}");
        SnapshotMessage renamedChunk = rename.message(chunk);
        assertEquals("$O.files2.C.N1", renamedChunk.subject());
        assertArrayEquals(chunk.payload(), renamedChunk.payload(), "a chunk is object data, never rewritten");
        byte[] notUtf8 = {(byte) 0xff, '{', '}'};
        SnapshotMessage odd = new SnapshotMessage(3, "$O.files.M.eA==", HeaderBlock.NONE, notUtf8, T);
        assertArrayEquals(notUtf8, rename.message(odd).payload());
        SnapshotMessage notJson = message("$O.files.M.eQ==", "not json");
        assertEquals("not json", new String(rename.message(notJson).payload(), StandardCharsets.UTF_8));
    }

    @Test
    void sameNameOrPlainStreamsChangeNothing() {
        assertFalse(BucketRename.of(KV_CFG, "KV_cfg", false).renames());
        assertTrue(BucketRename.of(KV_CFG, "KV_cfg", false).note().isEmpty());
        String orders = "{\"name\":\"orders\",\"subjects\":[\"orders.>\"]}";
        assertFalse(BucketRename.of(orders, "orders-copy", false).renames());
        assertTrue(BucketRename.of(orders, "orders-copy", true).note().isEmpty());
    }

    @Test
    void bucketUnderAPlainNameIsAPlainCopyAndSaysSo() {
        BucketRename copy = BucketRename.of(KV_CFG, "cfg-copy", true);
        assertFalse(copy.renames());
        assertEquals("$KV.cfg.k", copy.subject("$KV.cfg.k"));
        assertTrue(copy.note().orElseThrow().startsWith("KV bucket cfg as stream cfg-copy is a plain copy: its messages "
                + "keep their $KV.cfg. subjects"), copy.note()::toString);
    }

    @Test
    void refusesWhatCannotBeMadeConsistent() {
        assertTrue(refusal("{\"name\":\"orders\",\"subjects\":[\"orders.>\"]}", "KV_orders", false)
                .startsWith("stream orders is not a KV bucket (its subjects are not $KV.orders.>), so under the name KV_orders"));
        assertTrue(refusal("{\"name\":\"KV_odd\",\"subjects\":[\"odd.>\"]}", "KV_odd2", false).contains("is not a KV bucket"));
        assertTrue(refusal(KV_CFG, "OBJ_cfg", false).startsWith("stream KV_cfg holds KV bucket cfg, and OBJ_cfg would be "
                + "Object Store bucket cfg, a bucket of the other kind"));
        assertTrue(refusal(OBJ_FILES, "KV_files", false).contains("holds Object Store bucket files, and KV_files would be KV bucket"));
        assertTrue(refusal(KV_CFG, "KV_cfg2", true).contains("cannot take other subjects as well"));
        String sourced = "{\"name\":\"KV_all\",\"subjects\":[\"$KV.all.>\"],\"sources\":[{\"name\":\"KV_a\"}]}";
        assertTrue(refusal(sourced, "KV_all2", false).contains("is fed by sources"));
        String mirror = "{\"name\":\"KV_m\",\"mirror\":{\"name\":\"KV_a\"}}";
        assertTrue(refusal(mirror, "KV_m2", false).contains("is not a KV bucket"));
    }

    @Test
    void aNameWithCharactersNoBucketTakesIsNoBucketsName() {
        // the clients take bucket names of letters, digits, '-' and '_' only
        assertFalse(BucketRename.of(KV_CFG, "KV_cfg$2", false).renames());
        assertTrue(BucketRename.of(KV_CFG, "KV_cfg$2", false).note().orElseThrow().contains("a plain copy"));
    }
}

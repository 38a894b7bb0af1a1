package io.jetsnap.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.StreamFilter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;




class SnapshotIndexTest {
    @Test
    void indexRoundTripsThroughItsJson() {
        SnapshotIndex index = new SnapshotIndex(Instant.parse("2026-11-29T03:15:00Z"), "0.1.0", List.of(
                SnapshotIndex.Entry.ok("orders", "orders-20261129T031500Z.json", "json", 3, 120, 2048, "sha256:ab"),
                SnapshotIndex.Entry.failed("broken", "stream broken does not exist on the server")));
        assertEquals(index, SnapshotIndex.parse(index.toJson(), "x"));
        SnapshotIndex located = new SnapshotIndex(index.created(), index.toolVersion(), index.entries(),
                new io.jetsnap.core.model.Origin("n1", "NID", "east", null, "nats://east-1:4222"));
        assertEquals(located, SnapshotIndex.parse(located.toJson(), "x"));
        assertTrue(located.toJson().contains("\"origin\":{"), located::toJson);
    }

    @Test
    void anythingElseIsRefusedAsNotAnIndex() {
        for (String text : List.of("{}", "[1]", "{\"format\":\"jetsnap\"}", "not json")) {
            SnapshotException e = assertThrows(SnapshotException.class, () -> SnapshotIndex.parse(text, "x.json"), text);
            assertEquals(ErrorCode.CORRUPT_SNAPSHOT, e.code());
        }
    }

    @Test
    void namesAndSiblingsWorkForPathsAndS3Keys() {
        assertTrue(SnapshotIndex.isIndexName("s3://b/nightly/jetsnap-index-20261129T031500Z.json"));
        assertFalse(SnapshotIndex.isIndexName("/backups/orders-20261129T031500Z.json"));
        assertEquals("s3://b/nightly/orders.json", SnapshotIndex.sibling("s3://b/nightly/jetsnap-index-1.json", "orders.json"));
        assertEquals("orders.json", SnapshotIndex.sibling("jetsnap-index-1.json", "orders.json"));
        assertEquals("orders.json", SnapshotIndex.lastSegment("/a/b/orders.json"));
    }

    @Test
    void filterTakesGlobsExcludesAndBuckets() {
        StreamFilter f = new StreamFilter(List.of("ord*", "KV_*"), List.of("*_old"), true);
        assertTrue(f.matches("orders"));
        assertTrue(f.matches("KV_config"));
        assertFalse(f.matches("orders_old"));
        assertFalse(f.matches("users"));
        assertFalse(new StreamFilter(List.of(), List.of(), false).matches("OBJ_files"));
        assertTrue(StreamFilter.ALL.matches("a.b+c"));
        assertTrue(new StreamFilter(List.of("a?c"), List.of(), true).matches("abc"));
        assertFalse(new StreamFilter(List.of("a.c"), List.of(), true).matches("abc"), "only * and ? are special");
    }
}

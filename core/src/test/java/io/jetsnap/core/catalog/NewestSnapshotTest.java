package io.jetsnap.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;




/** Which snapshot of a folder stands for a stream's newest, at or before a time. */
class NewestSnapshotTest {
    private static final Instant T = Instant.parse("2026-12-01T02:00:00Z");

    private static CatalogEntry entry(String name, String stream, Instant created) {
        return new CatalogEntry("/b/" + name, name, 10, stream, created, "cbor", null, false, null, null, null);
    }

    private static final List<CatalogEntry> ENTRIES = List.of(
            entry("orders-1", "orders", T),
            entry("orders-3", "orders", T.plusSeconds(7200)),
            entry("orders-2", "orders", T.plusSeconds(3600)),
            entry("orders-2-2", "orders", T.plusSeconds(3600)),
            entry("users-1", "users", T.plusSeconds(60)),
            new CatalogEntry("/b/bad", "bad", 3, null, T.plusSeconds(9999), null, null, false, null, "not a snapshot", null));

    @Test
    void theNewestIsTheLatestBeganAndTheLaterNameOfTwoAtOneInstant() {
        assertEquals("orders-3", SnapshotCatalog.newest(ENTRIES, "orders", null).orElseThrow().name());
        assertEquals("orders-2-2", SnapshotCatalog.newest(ENTRIES, "orders", T.plusSeconds(3601)).orElseThrow().name());
        assertEquals("orders-2-2", SnapshotCatalog.newest(ENTRIES, "orders", T.plusSeconds(3600)).orElseThrow().name(),
                "at the instant itself");
        assertTrue(SnapshotCatalog.newest(ENTRIES, "orders", T.minusSeconds(1)).isEmpty());
        assertTrue(SnapshotCatalog.newest(ENTRIES, "billing", null).isEmpty());
    }

    @Test
    void eachStreamHasItsNewestAndAnUnreadableFileNone() {
        Map<String, CatalogEntry> newest = SnapshotCatalog.newestOfEach(ENTRIES, null);
        assertEquals(List.of("orders", "users"), List.copyOf(newest.keySet()));
        assertEquals("orders-3", newest.get("orders").name());
        assertEquals(List.of("orders"), List.copyOf(SnapshotCatalog.newestOfEach(ENTRIES, T.plusSeconds(30)).keySet()));
    }
}

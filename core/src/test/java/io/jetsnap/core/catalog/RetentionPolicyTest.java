package io.jetsnap.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;




class RetentionPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static CatalogEntry snapshot(String stream, int daysAfterT0) {
        Instant created = T0.plus(Duration.ofDays(daysAfterT0));
        return new CatalogEntry("/s/" + stream + "-" + daysAfterT0 + ".json", stream + "-" + daysAfterT0 + ".json", 10, stream,
                created, "json", 1L, false, null, null, null);
    }

    private static List<String> kept(RetentionPolicy policy, List<CatalogEntry> entries, String stream) {
        List<String> names = new ArrayList<>();
        for (RetentionPolicy.Decision d : policy.apply(entries, stream)) {
            if (d.keep()) {
                names.add(d.entry().name());
            }
        }
        return names;
    }

    private static List<CatalogEntry> sample() {
        return List.of(snapshot("a", 0), snapshot("a", 10), snapshot("a", 20), snapshot("a", 27), snapshot("a", 30),
                snapshot("b", 1), snapshot("b", 2));
    }

    @Test
    void keepLastCountsEachStreamSeparatelyNewestFirst() {
        assertEquals(List.of("a-30.json", "a-27.json", "b-2.json", "b-1.json"),
                kept(new RetentionPolicy(2, null), sample(), null));
    }

    @Test
    void keepWithinCountsFromEachStreamsNewestSnapshotNotFromNow() {
        // b's newest is 28 days older than a's, and still keeps its own neighbourhood
        assertEquals(List.of("a-30.json", "a-27.json", "b-2.json", "b-1.json"),
                kept(new RetentionPolicy(null, Duration.ofDays(5)), sample(), null));
        assertEquals(List.of("a-30.json", "a-27.json", "a-20.json"),
                kept(new RetentionPolicy(null, Duration.ofDays(10)), sample(), "a"), "the bound is inclusive");
    }

    @Test
    void aSnapshotKeptByAnyRuleStaysWithEveryReason() {
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(1, Duration.ofDays(3)).apply(sample(), "a");
        assertEquals(List.of("last 1", "within 3d of the newest"), decisions.get(0).reasons());
        assertEquals(List.of("within 3d of the newest"), decisions.get(1).reasons());
        assertEquals(List.of(true, true, false, false, false), decisions.stream().map(RetentionPolicy.Decision::keep).toList());
    }

    @Test
    void keepLastZeroIsNoRuleAsInResticNeverKeepNothing() {
        SnapshotException e = assertThrows(SnapshotException.class, () -> new RetentionPolicy(0, null));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertTrue(e.getMessage().contains("--unsafe-allow-remove-all"), e.getMessage());
        assertThrows(SnapshotException.class, () -> new RetentionPolicy(0, Duration.ZERO));
        // zero beside a real rule is no rule: the other one decides
        assertEquals(kept(new RetentionPolicy(null, Duration.ofDays(5)), sample(), null),
                kept(new RetentionPolicy(0, Duration.ofDays(5)), sample(), null));
        assertEquals(kept(new RetentionPolicy(2, null), sample(), null), kept(new RetentionPolicy(2, Duration.ZERO), sample(), null));
    }

    @Test
    void removingEverySnapshotNeedsItsOwnFlagAndNeverTakesAnUnreadableFile() {
        List<CatalogEntry> entries = new ArrayList<>(sample());
        entries.add(new CatalogEntry("/s/notes.txt", "notes.txt", 3, null, T0, null, null, false, null, "not a snapshot", null));
        assertEquals(List.of("notes.txt"), kept(new RetentionPolicy(0, null, true), entries, null));
        assertEquals(List.of("notes.txt"), kept(new RetentionPolicy(null, null, true), entries, null));
    }

    @Test
    void noRuleIsRefusedRatherThanRemovingEverything() {
        SnapshotException e = assertThrows(SnapshotException.class, () -> new RetentionPolicy(null, null));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
    }

    @Test
    void durationsAreReadAsResticAndIso8601WriteThem() {
        assertEquals(Duration.ofDays(7), RetentionPolicy.parseDuration("7d"));
        assertEquals(Duration.ofDays(17), RetentionPolicy.parseDuration("2w3d"));
        assertEquals(Duration.ofHours(36), RetentionPolicy.parseDuration("36h"));
        assertEquals(Duration.ofMinutes(90), RetentionPolicy.parseDuration("90m"));
        assertEquals(Duration.ofDays(1).plusHours(12), RetentionPolicy.parseDuration("1d12h"));
        assertEquals(Duration.ofDays(7), RetentionPolicy.parseDuration("P7D"));
        for (String bad : List.of("", "7", "d7", "7x", "7d garbage", "P7X")) {
            assertThrows(SnapshotException.class, () -> RetentionPolicy.parseDuration(bad), bad);
        }
        assertEquals("1d12h", RetentionPolicy.format(Duration.ofHours(36)));
    }

    private static CatalogEntry from(String cluster, String stream, int daysAfterT0) {
        CatalogEntry e = snapshot(stream, daysAfterT0);
        String name = cluster + "-" + e.name();
        return new CatalogEntry("/s/" + name, name, e.sizeBytes(), stream, e.created(), e.codec(), e.messages(), false, null,
                null, new io.jetsnap.core.model.Origin("n1", "ID", cluster, null, "nats://" + cluster + ":4222"));
    }

    @Test
    void productionAndStagingInOnePrefixAreGroupedApartByDefaultAndTogetherWhenAsked() {
        List<CatalogEntry> entries = List.of(from("prod", "orders", 1), from("prod", "orders", 2),
                from("staging", "orders", 3), from("staging", "orders", 4), snapshot("orders", 5));
        assertEquals(List.of("orders-5.json", "prod-orders-2.json", "staging-orders-4.json"),
                kept(new RetentionPolicy(1, null), entries, null), "by origin and stream: one of each, and one of no origin");
        assertEquals(List.of("orders-5.json"), kept(new RetentionPolicy(1, null, false,
                RetentionPolicy.parseGroupBy("stream")), entries, null));
        assertEquals(List.of("orders-5.json"), kept(new RetentionPolicy(1, null, false,
                RetentionPolicy.parseGroupBy("")), entries, null));
        assertEquals(RetentionPolicy.DEFAULT_GROUPING, RetentionPolicy.parseGroupBy("stream, origin"));
        SnapshotException bad = assertThrows(SnapshotException.class, () -> RetentionPolicy.parseGroupBy("host"));
        assertEquals(ErrorCode.BAD_INPUT, bad.code());
    }

    @Test
    void aDurationTooLongOrNegativeIsAUsageErrorNotAnOverflow() {
        for (String bad : List.of("99999999999999999d", "99999999999999999999s", "9999999999999999w", "P-1D", "PT-5M")) {
            SnapshotException e = assertThrows(SnapshotException.class, () -> RetentionPolicy.parseDuration(bad), bad);
            assertEquals(ErrorCode.BAD_INPUT, e.code(), bad);
        }
        assertEquals(Duration.ofDays(99999), RetentionPolicy.parseDuration("99999d"));
    }
}

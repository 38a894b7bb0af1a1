package io.jetsnap.core.restore.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.jetstream.JsonPath;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.ServerVersion;
import io.nats.client.support.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a restore creates from a snapshot's stream configuration: the configuration applied last
 * (the snapshot's, with what the restore was asked to change) and the one the messages are loaded
 * under, for each choice the restore makes: target name, replicas, placement, subjects of a clone,
 * a mirror or sourcing stream standing alone, an Interest stream, the server's version and the
 * restore method.
 */
class RestorePlanTest {
    private static final ServerVersion V2_9 = ServerVersion.parse("2.9.10");
    private static final ServerVersion V2_15 = ServerVersion.parse("2.15.1");

    /** A limits stream that sets the flags the load relaxes and the update puts back. */
    private static final String ORDERS = "{\"name\":\"orders\",\"subjects\":[\"orders.>\"],\"retention\":\"limits\","
            + "\"storage\":\"file\",\"num_replicas\":1,\"max_msgs\":100,\"max_age\":0,\"duplicate_window\":120000000000,"
            + "\"sealed\":false,\"deny_delete\":true,\"deny_purge\":true,\"allow_rollup_hdrs\":false,"
            + "\"placement\":{\"cluster\":\"east\"},\"metadata\":{\"team\":\"billing\"}}";
    private static final String MIRROR = "{\"name\":\"copy\",\"retention\":\"limits\",\"storage\":\"file\","
            + "\"mirror\":{\"name\":\"orders\"},\"duplicate_window\":0}";
    private static final String SOURCING = "{\"name\":\"all\",\"subjects\":[\"all.>\"],\"retention\":\"limits\","
            + "\"sources\":[{\"name\":\"a\"},{\"name\":\"b\"}]}";

    private static RestorePlan plan(String config, ServerVersion server) {
        return new RestorePlan("target", config, null, null, null, false, true, false, server);
    }

    private static Map<String, JsonValue> finalConfig(RestorePlan plan) {
        return JsApi.parse(plan.finalConfigJson()).map;
    }

    private static Map<String, JsonValue> loadConfig(RestorePlan plan) {
        return JsApi.parse(plan.loadConfigJson()).map;
    }

    /** {@code json} as the JSON text the plan would write for it (member order and number types as parsed). */
    private static JsonValue json(String json) {
        return JsApi.parse(json);
    }

    @Test
    void theFinalConfigurationIsTheSnapshotsVerbatimUnderTheTargetsName() {
        RestorePlan plan = plan(ORDERS, V2_15);

        assertEquals(json(ORDERS.replace("\"name\":\"orders\"", "\"name\":\"target\"")), json(plan.finalConfigJson()));
        assertFalse(plan.changesSubjects());
        assertEquals(List.of("orders.>"), plan.finalSubjects());
    }

    @Test
    void theLoadRelaxesTheDenyFlagsAndRollupsThatTheFinalConfigurationKeeps() {
        RestorePlan plan = plan(ORDERS, V2_15);

        Map<String, JsonValue> last = finalConfig(plan);
        assertEquals("true", last.get("deny_delete").toJson());
        assertEquals("true", last.get("deny_purge").toJson());
        assertEquals("false", last.get("allow_rollup_hdrs").toJson());
        assertEquals("100", last.get("max_msgs").toJson());
        Map<String, JsonValue> load = loadConfig(plan);
        assertEquals("false", load.get("deny_delete").toJson());
        assertEquals("false", load.get("deny_purge").toJson());
        assertEquals("true", load.get("allow_rollup_hdrs").toJson());
        assertEquals("-1", load.get("max_msgs").toJson());
        assertEquals("\"target\"", load.get("name").toJson());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                   | snapshot's num_replicas | asked | final num_replicas | replicas()
            kept                                     | 3                       |       | 3                  | 3
            asked for                                | 1                       | 5     | 5                  | 5
            asked for where the snapshot has none    |                         | 3     | 3                  | 3
            none at all: the server's default        |                         |       |                    | 1
            zero reads as one                        | 0                       |       | 0                  | 1
            """)
    void replicasAreTheAskedOnesElseTheSnapshots(String name, @Nullable Integer snapshot, @Nullable Integer asked,
                                                  @Nullable Integer last, int replicas) {
        String config = "{\"name\":\"s\",\"subjects\":[\"s\"]" + (snapshot != null ? ",\"num_replicas\":" + snapshot : "") + "}";
        RestorePlan plan = new RestorePlan("s", config, asked, null, null, false, true, false, V2_15);

        JsonValue written = finalConfig(plan).get("num_replicas");
        assertEquals(last == null ? null : String.valueOf(last), written == null ? null : written.toJson());
        assertEquals(replicas, plan.replicas());
        assertEquals(written == null ? null : written.toJson(),
                loadConfig(plan).get("num_replicas") == null ? null : loadConfig(plan).get("num_replicas").toJson(),
                "the load has the same replicas");
    }

    @Test
    void anAskedPlacementReplacesTheSnapshotsInBothConfigurations() {
        RestoreRequest.Placement asked = new RestoreRequest.Placement(null, List.of("az:2", "ssd"));
        RestorePlan plan = new RestorePlan("target", ORDERS, null, null, asked, false, true, false, V2_15);

        assertEquals("{\"tags\":[\"az:2\",\"ssd\"]}", finalConfig(plan).get("placement").toJson());
        assertEquals("{\"tags\":[\"az:2\",\"ssd\"]}", loadConfig(plan).get("placement").toJson());
        assertEquals(asked, plan.askedPlacement());
        assertEquals("{\"cluster\":\"east\"}", finalConfig(plan(ORDERS, V2_15)).get("placement").toJson(),
                "without one, the snapshot's");
        assertNull(plan(ORDERS, V2_15).askedPlacement());
    }

    @Test
    void aCloneTakesTheGivenSubjectsAndOnlyThose() {
        RestorePlan plan = new RestorePlan("orders-copy", ORDERS, null, List.of("copy.orders.>", "copy.extra"), null, false,
                true, false, V2_15);

        assertTrue(plan.changesSubjects());
        assertEquals(List.of("copy.orders.>", "copy.extra"), plan.finalSubjects());
        assertEquals("[\"copy.orders.>\",\"copy.extra\"]", finalConfig(plan).get("subjects").toJson());
        assertTrue(plan.takes("copy.orders.eu.1"));
        assertTrue(plan.takes("copy.extra"));
        assertFalse(plan.takes("orders.eu.1"), "the original's subjects are the original's");
        assertFalse(plan.takes("copy.extra.more"));
        assertTrue(plan.canFillGaps());
    }

    @Test
    void onNats210AndLaterMessagesAreLoadedUnderAPrivatePrefixThatTheTransformStrips() {
        RestorePlan plan = plan(ORDERS, ServerVersion.parse("2.10.27"));

        assertTrue(plan.loadsUnderPrivateSubjects());
        String published = plan.publishSubject("orders.eu.1");
        assertTrue(published.matches("_jetsnap\\.clone\\.[A-Za-z0-9]+\\.orders\\.eu\\.1"), published);
        String prefix = published.substring(0, published.length() - ".orders.eu.1".length());
        Map<String, JsonValue> load = loadConfig(plan);
        assertEquals(json("[\"" + prefix + ".>\",\"" + plan.gapSubject() + "\"]"), json(load.get("subjects").toJson()));
        assertEquals(json("{\"src\":\"" + prefix + ".>\",\"dest\":\">\"}"), json(load.get("subject_transform").toJson()));
        assertTrue(plan.gapSubject().matches("_jetsnap\\.gap\\.[A-Za-z0-9]+"), plan.gapSubject());
        assertEquals("[\"orders.>\"]", finalConfig(plan).get("subjects").toJson(), "the final configuration has its own");
    }

    @Test
    void onNats29MessagesAreLoadedOnTheStreamsOwnSubjectsBesideTheGapSubject() {
        RestorePlan plan = plan(ORDERS, V2_9);

        assertFalse(plan.loadsUnderPrivateSubjects());
        assertEquals("orders.eu.1", plan.publishSubject("orders.eu.1"));
        Map<String, JsonValue> load = loadConfig(plan);
        assertEquals(json("[\"orders.>\",\"" + plan.gapSubject() + "\"]"), json(load.get("subjects").toJson()));
        assertFalse(load.containsKey("subject_transform"));
        assertTrue(plan.takes("orders.eu.1"));
        assertFalse(plan.takes("invoices.1"));
    }

    @Test
    void theServerSideRestorePublishesNothingUnderAPrivatePrefix() {
        RestorePlan plan = new RestorePlan("target", ORDERS, null, null, null, false, true, true, V2_15);

        assertFalse(plan.loadsUnderPrivateSubjects());
        assertEquals("orders.eu.1", plan.publishSubject("orders.eu.1"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                     | configuration
            a mirror                   | {"name":"copy","mirror":{"name":"orders"}}
            a stream with sources      | {"name":"all","subjects":["all.>"],"sources":[{"name":"a"}]}
            """)
    void aMirrorOrSourcingStreamIsRefusedUnlessItStandsAlone(String kind, String config) {
        SnapshotException e = assertThrows(SnapshotException.class, () -> plan(config, V2_15));

        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().startsWith("the snapshot is of " + kind + ";"), e::getMessage);
        assertTrue(e.getMessage().contains("nothing was changed") && e.getMessage().contains("--standalone"), e::getMessage);
    }

    @Test
    void anEmptyListOfSourcesOrANullMirrorIsNoOrigin() {
        RestorePlan plan = plan("{\"name\":\"s\",\"subjects\":[\"s.>\"],\"mirror\":null,\"sources\":[]}", V2_15);

        assertEquals(List.of("s.>"), plan.finalSubjects());
        assertTrue(finalConfig(plan).containsKey("sources"), "kept as it was: not standing alone");
    }

    @Test
    void aMirrorStandingAloneLosesItsOriginAndTakesItsNameAsSubject() {
        RestorePlan plan = new RestorePlan("alone", MIRROR, null, null, null, true, true, false, V2_15);

        Map<String, JsonValue> last = finalConfig(plan);
        assertFalse(last.containsKey("mirror"));
        assertFalse(last.containsKey("sources"));
        assertEquals(List.of("alone"), plan.finalSubjects());
        assertTrue(plan.changesSubjects());
        assertTrue(plan.canFillGaps());
        assertFalse(loadConfig(plan).containsKey("mirror"));
        assertEquals(Duration.ZERO, plan.duplicateWindow(), "a mirror remembers no message ids");
    }

    @Test
    void aMirrorStandingAloneTakesTheGivenSubjectsWhenThereAreSome() {
        RestorePlan plan = new RestorePlan("alone", MIRROR, null, List.of("alone.>"), null, true, true, false, V2_15);

        assertEquals(List.of("alone.>"), plan.finalSubjects());
    }

    @Test
    void aSourcingStreamStandingAloneKeepsItsOwnSubjects() {
        RestorePlan plan = new RestorePlan("all", SOURCING, null, null, null, true, true, false, V2_15);

        assertFalse(finalConfig(plan).containsKey("sources"));
        assertEquals(List.of("all.>"), plan.finalSubjects());
        assertFalse(plan.changesSubjects());
    }

    @Test
    void aStreamWithoutSubjectsTakesNoPlaceholders() {
        RestorePlan plan = plan("{\"name\":\"s\",\"retention\":\"limits\"}", V2_9);

        assertFalse(plan.canFillGaps());
        assertEquals(List.of(), plan.finalSubjects());
        assertFalse(loadConfig(plan).containsKey("subjects"), "no gap subject without subjects of its own (2.9)");
        assertFalse(plan.takes("s"));
    }

    @Test
    void anInterestStreamNeedsItsConsumersUnlessTheServerRestoresIt() {
        String interest = "{\"name\":\"events\",\"subjects\":[\"events.>\"],\"retention\":\"interest\"}";

        SnapshotException e = assertThrows(SnapshotException.class,
                () -> new RestorePlan("events", interest, null, null, null, false, false, false, V2_15));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().startsWith("the snapshot is of an Interest stream") && e.getMessage().endsWith("nothing was changed"),
                e::getMessage);
        assertTrue(new RestorePlan("events", interest, null, null, null, false, true, false, V2_15).interest());
        assertTrue(new RestorePlan("events", interest, null, null, null, false, false, true, V2_15).interest(),
                "the server-side restore stores the messages without asking a consumer");
        assertFalse(plan(ORDERS, V2_15).interest());
        assertFalse(new RestorePlan("s", ORDERS, null, null, null, false, false, false, V2_15).interest(),
                "a limits stream needs no consumer");
    }

    @Test
    void theTailIsLoadedWithTheStreamsOwnDuplicateWindowAndTheRestWithTheShortest() {
        RestorePlan plan = plan(ORDERS, V2_15);

        assertEquals(Duration.ofMinutes(2), plan.duplicateWindow());
        assertEquals("100000000", loadConfig(plan).get("duplicate_window").toJson());
        Map<String, JsonValue> tail = JsApi.parse(plan.tailLoadConfigJson()).map;
        assertEquals("120000000000", tail.get("duplicate_window").toJson());
        assertEquals("false", tail.get("deny_delete").toJson(), "otherwise the load configuration");
        assertEquals("120000000000", finalConfig(plan).get("duplicate_window").toJson());
    }

    @ParameterizedTest(name = "duplicate_window {0} is {1} ms")
    @CsvSource({"0, 0", "-5, 0", "1000000, 1", "'', 0"})
    void aDuplicateWindowOfNoneOrLessIsZero(String window, long millis) {
        String config = "{\"name\":\"s\",\"subjects\":[\"s\"]" + (window.isEmpty() ? "" : ",\"duplicate_window\":" + window) + "}";

        assertEquals(Duration.ofMillis(millis), plan(config, V2_15).duplicateWindow());
    }

    @Test
    void theMarkIsInTheLoadsMetadataFrom210AndItsDescriptionOn29AndNeverInTheFinalConfiguration() {
        LoadMark mark = new LoadMark("orders", Instant.parse("2026-12-02T10:00:00.123Z"), "sha256:abc",
                Instant.parse("2026-12-02T10:05:00Z"));
        RestorePlan newer = plan(ORDERS, V2_15);
        RestorePlan older = plan(ORDERS, V2_9);
        assertFalse(loadConfig(newer).get("metadata").map.containsKey(LoadMark.METADATA_KEY), "not before it is marked");

        newer.mark(mark);
        older.mark(mark);

        Map<String, JsonValue> metadata = loadConfig(newer).get("metadata").map;
        assertEquals(mark.text(), metadata.get(LoadMark.METADATA_KEY).string);
        assertEquals("\"billing\"", metadata.get("team").toJson(), "the snapshot's own entries stay");
        assertFalse(loadConfig(newer).containsKey("description"));
        assertEquals(mark.text(), loadConfig(older).get("description").string);
        assertEquals(mark, LoadMark.find(older.loadConfigJson()).orElseThrow());
        assertEquals(mark, LoadMark.find(newer.tailLoadConfigJson()).orElseThrow());
        assertTrue(LoadMark.find(newer.finalConfigJson()).isEmpty());
        assertTrue(LoadMark.find(older.finalConfigJson()).isEmpty());
    }

    @Test
    void aFieldTheServerDoesNotKnowIsLeftOutOfBothConfigurationsFromThenOn() {
        String config = "{\"name\":\"s\",\"subjects\":[\"s\"],\"future_field\":7,\"placement\":{\"cluster\":\"c\",\"zzz\":1}}";
        RestorePlan plan = plan(config, V2_15);
        assertEquals("7", finalConfig(plan).get("future_field").toJson());

        plan.unknownFields().stream(JsonPath.of("future_field"), plan.finalConfigJson());
        plan.unknownFields().stream(UnknownFields.locate(plan.finalConfigJson(), "zzz"), plan.finalConfigJson());

        assertFalse(finalConfig(plan).containsKey("future_field"));
        assertFalse(loadConfig(plan).containsKey("future_field"));
        assertEquals("{\"cluster\":\"c\"}", finalConfig(plan).get("placement").toJson());
        assertEquals("{\"cluster\":\"c\"}", loadConfig(plan).get("placement").toJson());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                 | configuration                                                  | memory | expires
            file, no age limit     | {"name":"s","storage":"file","max_age":0}                      | false  | false
            memory, an age limit   | {"name":"s","storage":"memory","max_age":60000000000}          | true   | true
            neither said           | {"name":"s"}                                                   | false  | false
            """)
    void readsStorageAndAgeLimit(String name, String config, boolean memory, boolean expires) {
        RestorePlan plan = plan(config, V2_15);

        assertEquals(memory, plan.memoryStorage());
        assertEquals(expires, plan.expires());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case               | republish                         | destination
            none                 |                                   | <null>
            null                 | null                              | <null>
            a destination        | {"src":">","dest":"audit.>"}      | audit.>
            without destination  | {"src":">"}                       | ''
            """)
    void readsTheRepublishDestination(String name, @Nullable String republish, String destination) {
        String config = "{\"name\":\"s\",\"subjects\":[\"s\"]" + (republish != null ? ",\"republish\":" + republish : "") + "}";

        String expected = destination.equals("<null>") ? null : destination;
        assertEquals(expected, plan(config, V2_15).republishDestination());
    }

    @Test
    void aConfigurationThatIsNotAnObjectIsACorruptSnapshot() {
        SnapshotException e = assertThrows(SnapshotException.class, () -> plan("[1,2]", V2_15));

        assertEquals(ErrorCode.CORRUPT_SNAPSHOT, e.code());
        assertEquals("the snapshot's stream configuration is not a JSON object", e.getMessage());
    }
}

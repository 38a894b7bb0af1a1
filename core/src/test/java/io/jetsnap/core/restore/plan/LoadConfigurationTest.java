package io.jetsnap.core.restore.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.jetstream.JsApi;
import io.nats.client.support.JsonValue;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;




/** What the publishing restore loads under, field by field, for a configuration that sets every field it touches. */
class LoadConfigurationTest {
    private static final String SNAPSHOT = "{\"name\":\"s\",\"subjects\":[\"in.>\"],\"retention\":\"limits\","
            + "\"storage\":\"file\",\"max_consumers\":5,\"max_msgs\":10,\"max_bytes\":1000,\"max_msgs_per_subject\":2,"
            + "\"max_msg_size\":64,\"max_age\":60000000000,\"discard\":\"new\",\"discard_new_per_subject\":true,"
            + "\"duplicate_window\":120000000000,\"sealed\":true,\"deny_delete\":true,\"deny_purge\":true,"
            + "\"allow_rollup_hdrs\":false,\"no_ack\":true,\"republish\":{\"src\":\">\",\"dest\":\"rp.>\"},"
            + "\"subject_transform\":{\"src\":\"in.>\",\"dest\":\"out.>\"},\"sources\":[{\"name\":\"o\"}],"
            + "\"subject_delete_marker_ttl\":5000000000,\"first_seq\":100,\"allow_msg_ttl\":true,"
            + "\"allow_msg_counter\":false,\"allow_msg_schedules\":true,\"persist_mode\":\"async\","
            + "\"compression\":\"s2\",\"metadata\":{\"k\":\"v\"}}";

    private static Map<String, JsonValue> load(@Nullable String prefix) {
        return LoadConfiguration.of(JsApi.parse(SNAPSHOT).map, "_jetsnap.gap.N", prefix);
    }

    @ParameterizedTest(name = "{0} is loaded as {1}")
    @CsvSource(delimiter = '|', value = {
            // field the server would act on at publish time | value during the load
            "sealed | false",
            "deny_delete | false",
            "deny_purge | false",
            "allow_rollup_hdrs | true",
            "no_ack | false",
            "max_msgs | -1",
            "max_bytes | -1",
            "max_msgs_per_subject | -1",
            "max_msg_size | -1",
            "max_age | 0",
            "discard | \"old\"",
            "duplicate_window | 100000000",
            // fields an update cannot change, or that change nothing a publish stores: as they are
            "retention | \"limits\"",
            "storage | \"file\"",
            "max_consumers | 5",
            "allow_msg_ttl | true",
            "allow_msg_counter | false",
            "allow_msg_schedules | true",
            "persist_mode | \"async\"",
            "compression | \"s2\"",
    })
    void relaxesWhatActsOnAPublishAndKeepsTheRest(String field, String loaded) {
        assertEquals(loaded, load(null).get(field).toJson());
        assertEquals(loaded, load("_jetsnap.clone.N").get(field).toJson());
    }

    @ParameterizedTest(name = "{0} is left out of the load")
    @CsvSource({"republish", "sources", "subject_delete_marker_ttl", "first_seq", "discard_new_per_subject"})
    void leavesOutWhatFiresOrSetsTheFirstSequence(String field) {
        assertFalse(load(null).containsKey(field));
        assertFalse(load("_jetsnap.clone.N").containsKey(field));
    }

    @Test
    void withAPrivatePrefixTakesOnlyPrivateSubjectsAndStripsThePrefix() {
        Map<String, JsonValue> c = load("_jetsnap.clone.N");
        assertEquals("[\"_jetsnap.clone.N.>\",\"_jetsnap.gap.N\"]", c.get("subjects").toJson());
        assertEquals("{\"src\":\"_jetsnap.clone.N.>\",\"dest\":\">\"}", c.get("subject_transform").toJson());
    }

    @Test
    void withoutAPrivatePrefixTakesItsOwnSubjectsAndTheGapSubject() {
        Map<String, JsonValue> c = load(null);
        assertEquals("[\"in.>\",\"_jetsnap.gap.N\"]", c.get("subjects").toJson());
        assertTrue(c.containsKey("metadata"));
    }
}

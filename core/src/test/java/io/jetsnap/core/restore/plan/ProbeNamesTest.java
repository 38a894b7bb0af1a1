package io.jetsnap.core.restore.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.jetstream.JsApi;
import io.nats.client.support.JsonValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;




class ProbeNamesTest {
    @Test
    void theScratchStreamListensAndDeliversOnlyUnderItsPrivatePrefixAndReadsBackAsTheTarget() {
        ProbeNames names = new ProbeNames("ORDERS");
        assertEquals("_jetsnap_probe_ORDERS", names.stream());
        String stream = "{\"name\":\"ORDERS\",\"subjects\":[\"orders.>\",\"_jetsnap.gap.x\"],"
                + "\"subject_transform\":{\"src\":\"orders.in.>\",\"dest\":\"orders.out.>\"},"
                + "\"republish\":{\"src\":\"orders.a\",\"dest\":\"repub.a\"},\"max_msgs\":-1}";
        Map<String, JsonValue> probe = JsApi.parse(names.toProbe(stream)).map;
        assertEquals("_jetsnap_probe_ORDERS", probe.get("name").string);
        for (JsonValue subject : probe.get("subjects").array) {
            assertTrue(subject.string.startsWith("_jetsnap.probe."), subject.string);
        }
        assertTrue(probe.get("subject_transform").map.get("src").string.startsWith("_jetsnap.probe."));
        assertEquals("orders.out.>", probe.get("subject_transform").map.get("dest").string);
        assertEquals("repub.a", probe.get("republish").map.get("dest").string);
        assertEquals(List.of(), ConfigComparison.stream("ORDERS", stream, names.fromProbe(names.toProbe(stream))));

        String consumer = "{\"durable_name\":\"billing\",\"filter_subjects\":[\"orders.a\",\"orders.b\"],"
                + "\"deliver_subject\":\"deliver.billing\",\"deliver_group\":\"billers\"}";
        Map<String, JsonValue> c = JsApi.parse(names.toProbe(consumer)).map;
        assertTrue(c.get("deliver_subject").string.startsWith("_jetsnap.probe."));
        assertTrue(c.get("filter_subjects").array.get(1).string.startsWith("_jetsnap.probe."));
        assertEquals("billers", c.get("deliver_group").string);
        assertEquals(List.of(), ConfigComparison.consumer("billing", consumer, names.fromProbe(names.toProbe(consumer))));
    }

    @Test
    void aTargetNameTooLongForThePrefixGetsAUniqueScratchName() {
        ProbeNames names = new ProbeNames("S".repeat(250));
        assertTrue(names.stream().startsWith(ProbeNames.STREAM_PREFIX) && names.stream().length() <= 255, names.stream());
    }
}

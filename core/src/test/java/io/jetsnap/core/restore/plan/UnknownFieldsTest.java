package io.jetsnap.core.restore.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ConfigLoss;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.JsonPath;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.StreamState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;




/**
 * Finding where a field a strict server refused as unknown is, and leaving it out of what the
 * restore sends. The refusals are nats-server 2.15.1's own words.
 */
class UnknownFieldsTest {
    private static final String REFUSAL = "could not create stream X: invalid JSON: json: unknown field \"future_field\"";

    @Test
    void theFieldIsReadFromAStrictServersRefusalAndOnlyFromThatKind() {
        assertEquals("future_field", UnknownFields.refusedField(new SnapshotException(ErrorCode.SERVER, REFUSAL, null, 10025)));
        assertNull(UnknownFields.refusedField(new SnapshotException(ErrorCode.SERVER, REFUSAL, null, 10058)));
        assertNull(UnknownFields.refusedField(new SnapshotException(ErrorCode.SERVER,
                "could not create stream X: invalid JSON: unexpected end of JSON input", null, 10025)));
    }

    @Test
    void aTopLevelMemberIsFoundBeforeANestedOneOfTheSameName() {
        String config = "{\"name\":\"X\",\"placement\":{\"zzz\":1},\"zzz\":2}";
        assertEquals("zzz", UnknownFields.locate(config, "zzz").toString());
    }

    @Test
    void aNestedMemberIsFoundWhereItIsTheOnlyOne() {
        assertEquals("placement.zzz", UnknownFields.locate("{\"placement\":{\"tags\":[],\"zzz\":1}}", "zzz").toString());
        assertEquals("sources[1].external.zzz", UnknownFields.locate(
                "{\"sources\":[{\"name\":\"A\"},{\"name\":\"B\",\"external\":{\"api\":\"x\",\"zzz\":true}}]}", "zzz").toString());
    }

    @Test
    void nothingIsFoundWhereItCannotBeToldOrWouldNameTheStream() {
        assertNull(UnknownFields.locate("{\"sources\":[{\"zzz\":1},{\"zzz\":2}]}", "zzz"), "two places");
        assertNull(UnknownFields.locate("{\"subjects\":[\"a\"]}", "zzz"), "none");
        assertNull(UnknownFields.locate("{\"name\":\"X\"}", "name"), "the stream's name");
        assertNull(UnknownFields.locate("{\"metadata\":{\"zzz\":\"team\"}}", "zzz"), "a metadata key is the user's");
    }

    @Test
    void aLeftOutFieldIsGoneFromTheStreamAndOnlyThatConsumerAndIsOneLoss() {
        UnknownFields unknown = new UnknownFields();
        String stream = "{\"name\":\"X\",\"future_field\":{\"a\":1},\"placement\":{\"cluster\":\"c\",\"zzz\":1}}";
        unknown.stream(JsonPath.of("future_field"), stream);
        unknown.stream(UnknownFields.locate(stream, "zzz"), stream);
        unknown.consumer("billing", JsonPath.of("knob"), "{\"durable_name\":\"billing\",\"knob\":3}");

        String left = new io.nats.client.support.JsonValue(unknown.stream(JsApi.parse(stream).map)).toJson();
        assertEquals(JsApi.parse("{\"name\":\"X\",\"placement\":{\"cluster\":\"c\"}}"), JsApi.parse(left), left);
        SnapshotHeader header = new SnapshotHeader(SnapshotHeader.FORMAT, SnapshotHeader.FORMAT_VERSION, "t", Instant.EPOCH, "2.99.0", "X", stream,
                new StreamState(0, 0, 0, 0, null, null), new Selection(null, null, 0), List.of(
                new ConsumerSnapshot("billing", "{\"durable_name\":\"billing\",\"knob\":3}", 0, 0, 0, 0),
                new ConsumerSnapshot("mailer", "{\"durable_name\":\"mailer\",\"knob\":3}", 0, 0, 0, 0)));
        List<ConsumerSnapshot> stripped = unknown.strip(header).consumers();
        assertEquals("{\"durable_name\":\"billing\"}", stripped.get(0).configJson());
        assertEquals("{\"durable_name\":\"mailer\",\"knob\":3}", stripped.get(1).configJson());

        List<ConfigLoss> losses = unknown.losses("X", ServerVersion.parse("2.15.1"));
        assertEquals(List.of("stream X: future_field", "stream X: placement.zzz", "consumer billing: knob"),
                losses.stream().map(l -> l.owner() + ": " + l.field()).toList());
        assertEquals("{\"a\":1}", losses.get(0).wanted());
        assertTrue(losses.get(2).describe().contains("nats-server 2.15.1 does not know the field"), losses.get(2)::describe);
    }
}

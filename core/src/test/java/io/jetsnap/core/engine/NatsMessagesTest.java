package io.jetsnap.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jetsnap.core.model.SnapshotMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NatsMessagesTest {
    private static final String TYPE = "{\"type\":\"io.nats.jetstream.api.v1.stream_msg_get_response\",";

    @Test
    void readsAGetAnswerAsTheServerWritesIt() {
        SnapshotMessage m = NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"orders.caf\u00e9\",\"seq\":42,"
                + "\"data\":\"aGVsbG8=\",\"time\":\"2026-11-29T08:18:49.78131Z\"}}"));
        assertEquals(42, m.sequence());
        assertEquals("orders.caf\u00e9", m.subject());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), m.payload());
        assertEquals(Instant.parse("2026-11-29T08:18:49.78131Z"), m.timestamp());
    }

    @Test
    void anEmptyPayloadHasNoDataMember() {
        SnapshotMessage m = NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"a\",\"seq\":7,"
                + "\"time\":\"2026-11-29T08:18:49Z\"}}"));
        assertEquals(7, m.sequence());
        assertEquals(0, m.payload().length);
    }

    @Test
    void leavesEverythingElseToJnats() {
        assertNull(NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"a\",\"seq\":7,\"hdrs\":\"TkFUUy8xLjANCg0K\","
                + "\"data\":\"aGVsbG8=\",\"time\":\"2026-11-29T08:18:49Z\"}}")));
        assertNull(NatsMessages.fromGetAnswer(answer("\"error\":{\"code\":404,\"err_code\":10037,\"description\":\"no message found\"}}")));
        assertNull(NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"a\\\\u0041\",\"seq\":7,\"time\":\"2026-11-29T08:18:49Z\"}}")));
        assertNull(NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"a\",\"seq\":7,\"data\":\"aGVsbG8=\"}}")));
        assertNull(NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"a\",\"seq\":7,\"data\":\"aGVsbG8=")));
    }

    private static byte[] answer(String rest) {
        return (TYPE + rest).getBytes(StandardCharsets.UTF_8);
    }
}

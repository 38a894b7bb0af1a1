package io.jetsnap.core.jetstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jetsnap.core.model.HeaderBlock;
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
    void theHeaderBlockIsTheStoredBytesAndAnEmptyOneIsNotNone() {
        // "NATS/1.0\r\nX-Name: Zo\u00eb  \r\n\r\n": a UTF-8 value and trailing spaces
        byte[] block = "NATS/1.0\r\nX-Name: Zo\u00eb  \r\n\r\n".getBytes(StandardCharsets.UTF_8);
        String hdrs = java.util.Base64.getEncoder().encodeToString(block);
        SnapshotMessage m = NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"a\",\"seq\":7,\"hdrs\":\"" + hdrs
                + "\",\"data\":\"aGVsbG8=\",\"time\":\"2026-11-29T08:18:49Z\"}}"));
        assertArrayEquals(block, m.headers().bytes());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), m.payload());
        SnapshotMessage empty = NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"a\",\"seq\":7,"
                + "\"hdrs\":\"TkFUUy8xLjANCg0K\",\"time\":\"2026-11-29T08:18:49Z\"}}"));
        assertEquals(HeaderBlock.of("NATS/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), empty.headers());
        SnapshotMessage none = NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"a\",\"seq\":7,"
                + "\"time\":\"2026-11-29T08:18:49Z\"}}"));
        assertEquals(HeaderBlock.NONE, none.headers());
    }

    @Test
    void whatTheFastReadLeavesIsReadFromTheTreeWithTheSameExactBlock() {
        String json = "\"message\":{\"subject\":\"a\\u0041\",\"seq\":7,\"hdrs\":\"TkFUUy8xLjANCkE6IGIgDQoNCg==\","
                + "\"data\":\"aGVsbG8=\",\"time\":\"2026-11-29T08:18:49.5Z\"}}";
        assertNull(NatsMessages.fromGetAnswer(answer(json)));
        SnapshotMessage m = NatsMessages.fromGetAnswerTree(io.nats.client.support.JsonParser.parseUnchecked(
                new String(answer(json), StandardCharsets.UTF_8)).map.get("message").map);
        assertEquals("aA", m.subject());
        assertEquals(7, m.sequence());
        assertArrayEquals("NATS/1.0\r\nA: b \r\n\r\n".getBytes(StandardCharsets.US_ASCII), m.headers().bytes());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), m.payload());
        assertEquals(Instant.parse("2026-11-29T08:18:49.5Z"), m.timestamp());
    }

    @Test
    void leavesEverythingElseToTheTree() {
        assertNull(NatsMessages.fromGetAnswer(answer("\"error\":{\"code\":404,\"err_code\":10037,\"description\":\"no message found\"}}")));
        assertNull(NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"a\\\\u0041\",\"seq\":7,\"time\":\"2026-11-29T08:18:49Z\"}}")));
        assertNull(NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"a\",\"seq\":7,\"data\":\"aGVsbG8=\"}}")));
        assertNull(NatsMessages.fromGetAnswer(answer("\"message\":{\"subject\":\"a\",\"seq\":7,\"data\":\"aGVsbG8=")));
    }

    private static byte[] answer(String rest) {
        return (TYPE + rest).getBytes(StandardCharsets.UTF_8);
    }
}

package io.jetsnap.core.read;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.StreamState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;




/** Which consumer positions a snapshot of a real stream can hold. */
class ConsumerBoundsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // case,                                    stream last, delivered, ack floor, refused
            "nothing delivered,                         10, 0,  0,  false",
            "all delivered and acknowledged,            10, 10, 10, false",
            "delivered past the ack floor,              10, 9,  4,  false",
            "empty stream that never held a message,    0,  0,  0,  false",
            "ack floor beyond the last sequence,        10, 10, 11, true",
            "delivered beyond the last sequence,        10, 11, 10, true",
            "ack floor far beyond (hostile),            10, 10, 1000000000000, true",
            "delivered beyond an empty stream,          0,  1,  0,  true",
    })
    void consumerPositionsBeyondTheStreamAreRefused(String name, long last, long delivered, long ackFloor, boolean refused) {
        SnapshotHeader header = new SnapshotHeader(SnapshotHeader.FORMAT, 2, "test", Instant.EPOCH, "2.10.27", "s", "{}",
                new StreamState(last, 0, last > 0 ? 1 : 0, last, null, null), Selection.everythingUpTo(last),
                List.of(new ConsumerSnapshot("c", "{}", delivered, delivered, ackFloor, ackFloor)));
        if (refused) {
            SnapshotException e = assertThrows(SnapshotException.class, () -> ConsumerBounds.refuse(header), name);
            assertEquals(ErrorCode.CORRUPT_SNAPSHOT, e.code());
            assertTrue(e.getMessage().contains("consumer c has"), e.getMessage());
            assertTrue(e.getMessage().contains("beyond the stream's last sequence " + last), e.getMessage());
        } else {
            assertDoesNotThrow(() -> ConsumerBounds.refuse(header), name);
        }
    }

    /**
     * nats-server 2.11+ keeps a {@code by_start_sequence} start past the stream's end and reports the
     * sequence before it as delivered and acknowledged; once it has delivered, or with another
     * policy, such a position is refused.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // case,                                          policy,            start, delivered (stream/consumer), ack floor (stream/consumer), refused
            "waiting at a start past the end,                 by_start_sequence, 6,     5, 0, 5, 0, false",
            "waiting with positions not just before its start,by_start_sequence, 6,     4, 0, 4, 0, true",
            "past the end and has delivered,                  by_start_sequence, 6,     5, 1, 5, 1, true",
            "same positions with another deliver policy,      all,               6,     5, 0, 5, 0, true",
            "start far beyond (hostile) but waiting,          by_start_sequence, 1000000000000, 999999999999, 0, 999999999999, 0, false",
    })
    void aConsumerWaitingAtAStartPastTheEndIsAccepted(String name, String policy, long start, long delivered, long deliveredConsumer,
                                                       long ackFloor, long ackFloorConsumer, boolean refused) {
        String config = "{\"deliver_policy\":\"" + policy + "\",\"opt_start_seq\":" + start + "}";
        SnapshotHeader header = new SnapshotHeader(SnapshotHeader.FORMAT, 2, "test", Instant.EPOCH, "2.11.0", "s", "{}",
                new StreamState(1, 0, 1, 1, null, null), Selection.everythingUpTo(1),
                List.of(new ConsumerSnapshot("c", config, delivered, deliveredConsumer, ackFloor, ackFloorConsumer)));
        if (refused) {
            assertThrows(SnapshotException.class, () -> ConsumerBounds.refuse(header), name);
        } else {
            assertDoesNotThrow(() -> ConsumerBounds.refuse(header), name);
        }
    }
}

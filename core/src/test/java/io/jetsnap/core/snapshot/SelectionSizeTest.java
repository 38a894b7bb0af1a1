package io.jetsnap.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jetsnap.core.model.StreamState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The expected total of a snapshot's progress: exact where the stream's state tells, else unknown, never too many. */
class SelectionSizeTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-29T11:00:00Z");

    /** Sequences first..last holding {@code messages} messages. */
    private static StreamState state(long messages, long first, long last) {
        return new StreamState(messages, messages * 10, first, last, messages == 0 ? null : T0, messages == 0 ? null : T1);
    }

    @Test
    void theWholeStreamIsItsCount() {
        assertEquals(1000, SelectionSize.expected(state(1000, 1, 1000), 1000, null));
        assertEquals(900, SelectionSize.expected(state(900, 1, 1000), 1000, null), "deleted sequences do not count");
        assertEquals(500, SelectionSize.expected(state(500, 501, 1000), 1000, null), "a stream whose first messages went");
    }

    @Test
    void maxSeqOnAStreamWithoutDeletedSequencesIsExact() {
        assertEquals(250, SelectionSize.expected(state(1000, 1, 1000), 250, null));
        assertEquals(1, SelectionSize.expected(state(500, 501, 1000), 501, null));
    }

    @Test
    void maxSeqOnAStreamWithDeletedSequencesIsUnknown() {
        assertEquals(SelectionSize.UNKNOWN, SelectionSize.expected(state(999, 1, 1000), 250, null),
                "the deleted sequence may be before 250 or after it");
    }

    @Test
    void beforeIsUnknownUntilTheMessagesAreRead() {
        assertEquals(SelectionSize.UNKNOWN, SelectionSize.expected(state(1000, 1, 1000), 1000, T1));
        assertEquals(SelectionSize.UNKNOWN, SelectionSize.expected(state(1000, 1, 1000), 250, T1));
    }

    @Test
    void nothingSelectedIsNone() {
        assertEquals(0, SelectionSize.expected(state(0, 0, 0), 0, null));
        assertEquals(0, SelectionSize.expected(state(0, 1001, 1000), 1000, T1), "an empty stream, --before too");
        assertEquals(0, SelectionSize.expected(state(500, 501, 1000), 400, null), "--max-seq below the first message");
    }
}

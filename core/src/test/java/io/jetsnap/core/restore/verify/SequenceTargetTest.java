package io.jetsnap.core.restore.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.StreamState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;




/** What the restored stream's first and last sequence must be, for each kind of snapshot. */
class SequenceTargetTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            // case,                                   state first, state last, max-seq, before, messages, first msg, last msg, -> first, last
            "whole stream without gaps,                1,  10, -,  -,    10, 1, 10,  1, 10",
            "last messages deleted,                    1,  10, -,  -,    8,  1, 8,   1, 10",
            "purged,                                   6,  5,  -,  -,    0,  0, 0,   6, 5",
            "work queue whose work is all done,        11, 10, -,  -,    0,  0, 0,   11, 10",
            "never held a message,                     0,  0,  -,  -,    0,  0, 0,   1, 0",
            "first messages deleted,                   5,  10, -,  -,    6,  5, 10,  5, 10",
            "max-seq below the end ends at the cut,    1,  10, 7,  -,    6,  1, 6,   1, 7",
            "max-seq above the end ends at the end,    1,  10, 50, -,    10, 1, 10,  1, 10",
            "max-seq below the first message,          5,  10, 3,  -,    0,  0, 0,   4, 3",
            "before ends at its last message,          1,  10, -,  2026-01-01T00:00:00Z, 4, 1, 4, 1, 4",
            "before that took nothing,                 1,  10, -,  2026-01-01T00:00:00Z, 0, 0, 0, 1, 0",
            "before and max-seq: the last message,     1,  10, 8,  2026-01-01T00:00:00Z, 3, 1, 3, 1, 3",
    })
    void restoredStreamReportsTheOriginalsSequences(String name, long stateFirst, long stateLast, @Nullable Long maxSeq,
                                                    @Nullable String before, long messages, long firstMessage,
                                                    long lastMessage, long first, long last) {
        long upTo = maxSeq == null ? stateLast : Math.min(stateLast, maxSeq);
        SnapshotHeader header = new SnapshotHeader(SnapshotHeader.FORMAT, 1, "test", Instant.EPOCH, "2.10.27", "s", "{}",
                new StreamState(messages, 0, stateFirst, stateLast, null, null),
                new Selection(maxSeq, before == null ? null : Instant.parse(before), upTo));
        assertEquals(new SequenceTarget(first, last), SequenceTarget.of(header, messages, firstMessage, lastMessage), name);
    }
}

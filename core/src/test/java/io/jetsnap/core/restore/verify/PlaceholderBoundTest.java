package io.jetsnap.core.restore.verify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;




/** How many placeholders a publishing restore publishes, and when that is too many. */
class PlaceholderBoundTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // case,                                          load from, target first, target last, messages, -> needed
            "no gaps,                                         1,  1,  10, 10, 0",
            "first messages deleted (a purge moves there),    5,  5,  10, 6,  0",
            "interior gap,                                    1,  1,  10, 8,  2",
            "messages deleted at the end,                     1,  1,  12, 10, 2",
            "an anchor below the first message,               2,  5,  10, 6,  3",
            "no messages: a purge moves the stream,           11, 11, 10, 0,  0",
            "a jump of 10^12,                                 1,  1,  1000000000001, 2, 999999999999",
            "a jump to the largest sequence,                  1,  1,  9223372036854775807, 2, 9223372036854775805",
    })
    void placeholdersAreTheSequencesWithoutAMessage(String name, long loadFrom, long first, long last, long messages,
                                                    long needed) {
        assertEquals(needed, PlaceholderBound.needed(loadFrom, new SequenceTarget(first, last), messages), name);
    }

    @ParameterizedTest(name = "{0} needed, bound {1}")
    @CsvSource({"0, 0, false", "100, 100, false", "101, 100, true", "999999999999, 100000000, true"})
    void aRestoreNeedingMoreThanTheBoundIsRefused(long needed, long bound, boolean refused) {
        SequenceTarget target = new SequenceTarget(1, needed + 2);
        if (refused) {
            SnapshotException e = assertThrows(SnapshotException.class, () -> PlaceholderBound.refuse(needed, bound, target));
            assertEquals(ErrorCode.UNSUPPORTED, e.code());
            assertTrue(e.getMessage().contains(needed + " sequences without a message"), e.getMessage());
            assertTrue(e.getMessage().contains("more than the bound of " + bound + "; nothing was changed"), e.getMessage());
        } else {
            assertDoesNotThrow(() -> PlaceholderBound.refuse(needed, bound, target));
        }
    }
}

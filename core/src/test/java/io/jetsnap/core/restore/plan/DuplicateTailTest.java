package io.jetsnap.core.restore.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;




/** Which message ids a restored stream must remember, and where the tail that carries them starts. */
class DuplicateTailTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Duration TWO_MINUTES = Duration.ofMinutes(2);

    private static Instant ago(long seconds) {
        return NOW.minusSeconds(seconds);
    }

    @Test
    void idsStoredWithinTheWindowBeforeNowAreCarriedFromTheFirstOfThem() {
        DuplicateTail tail = new DuplicateTail(TWO_MINUTES, NOW);
        tail.message(1, ago(600), "a");
        tail.message(2, ago(300), null);
        tail.message(3, ago(100), "b");
        tail.message(4, ago(90), null);
        tail.message(5, ago(10), "c");
        assertEquals(3, tail.startSequence());
        assertEquals(2, tail.carried());
        assertEquals(0, tail.dropped());
    }

    @Test
    void aSnapshotOlderThanTheWindowCarriesNothing() {
        DuplicateTail tail = new DuplicateTail(TWO_MINUTES, NOW);
        tail.message(1, ago(3600), "a");
        tail.message(2, ago(3500), "b");
        assertEquals(0, tail.startSequence());
        assertEquals(0, tail.withinWindow());
    }

    @Test
    void aStreamWithoutDuplicateWindowCarriesNothing() {
        DuplicateTail tail = new DuplicateTail(Duration.ZERO, NOW);
        tail.message(1, ago(1), "a");
        assertEquals(0, tail.startSequence());
    }

    @Test
    void aMessageAtTheWindowsStartIsOutsideIt() {
        DuplicateTail tail = new DuplicateTail(TWO_MINUTES, NOW);
        tail.message(1, ago(120), "a");
        tail.message(2, ago(119), "b");
        assertEquals(2, tail.startSequence());
    }

    @Test
    void anOlderTimestampInsideTheTailStaysInIt() {
        // clocks step back: once the tail began, every later id is in it
        DuplicateTail tail = new DuplicateTail(TWO_MINUTES, NOW);
        tail.message(1, ago(30), "a");
        tail.message(2, ago(500), "b");
        assertEquals(1, tail.startSequence());
        assertEquals(2, tail.carried());
    }

    @Test
    void aRepeatedIdMovesTheStartPastItsFirstOccurrence() {
        DuplicateTail tail = new DuplicateTail(TWO_MINUTES, NOW);
        tail.message(1, ago(100), "a");
        tail.message(2, ago(90), "b");
        tail.message(3, ago(80), "c");
        tail.message(4, ago(70), "b");
        tail.message(5, ago(60), "d");
        assertEquals(3, tail.startSequence());
        assertEquals(3, tail.carried(), "c, b, d");
        assertEquals(1, tail.dropped(), "a is published before the tail; b is still carried by its second occurrence");
    }

    @Test
    void atMostTheNewestIdsAreCarried() {
        DuplicateTail tail = new DuplicateTail(TWO_MINUTES, NOW, 3);
        for (int seq = 1; seq <= 5; seq++) {
            tail.message(seq, ago(50 - seq), "id" + seq);
        }
        assertEquals(3, tail.startSequence());
        assertEquals(3, tail.carried());
        assertEquals(2, tail.dropped());
        assertEquals(5, tail.withinWindow());
    }

    @Test
    void aLaterMessageWithAPlaceholdersIdMovesTheStartPastThePlaceholder() {
        DuplicateTail tail = new DuplicateTail(TWO_MINUTES, NOW);
        tail.message(1, ago(100), "a");
        // message 2 (deleted, id x) is named by message 3's Nats-Expected-Last-Msg-Id: its placeholder carries x
        tail.placeholder(2, ago(90), "x");
        tail.message(3, ago(90), null);
        assertEquals(1, tail.startSequence(), "a placeholder inside the window is carried too");
        assertEquals(1, tail.carried(), "but not counted as a message");
        tail.message(4, ago(10), "x");
        assertEquals(4, tail.startSequence(), "the placeholder's x is published before the tail, under the short window");
        assertEquals(1, tail.carried());
        assertEquals(1, tail.dropped(), "a: before the repeat");
        assertEquals(2, tail.withinWindow(), "a and the second x; the placeholder is no message");
    }
}

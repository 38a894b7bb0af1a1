package io.jetsnap.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;




class PullSizeTest {
    private static final long MIB = 1L << 20;

    @Test
    void smallMessagesArePulledInAShareOfTheHeapTwoPullsAtOnce() {
        PullSize size = new PullSize(512 * MIB, 1 * MIB);
        assertEquals(4 * MIB, size.bytes());
        size.delivered(1000);
        assertEquals(4 * MIB, size.bytes());
        assertTrue(size.twoAtOnce());
        assertEquals(1 * MIB, new PullSize(16 * MIB, 1 * MIB).bytes(), "at least 1 MiB in a small heap");
    }

    @Test
    void aLargeMaxPayloadIsNotAskedForUntilAMessageNeedsIt() {
        PullSize size = new PullSize(32 * MIB, 8 * MIB);
        assertEquals(1 * MIB, size.bytes(), "not the server's 8 MiB maximum: two pulls of it would bring 4 messages of 4 MiB");
        size.tooSmall();
        assertEquals(8 * MIB + PullSize.OVERHEAD, size.bytes(), "the largest allowed once, so that the message comes");
        assertFalse(size.twoAtOnce());
        size.delivered(4 * MIB + 100);
        assertEquals(4 * MIB + 100 + PullSize.OVERHEAD, size.bytes(), "one such message per pull, not two");
        assertFalse(size.twoAtOnce(), "two of them would be a quarter of a 32 MiB heap");
        size.delivered(10);
        assertEquals(4 * MIB + 100 + PullSize.OVERHEAD, size.bytes(), "the largest met still sets the size");
    }

    @Test
    void aLargeHeapKeepsTwoPullsOfLargeMessagesOut() {
        PullSize size = new PullSize(4096 * MIB, 8 * MIB);
        size.tooSmall();
        size.delivered(6 * MIB);
        assertEquals(6 * MIB + PullSize.OVERHEAD, size.bytes());
        assertTrue(size.twoAtOnce());
    }

    @Test
    void neverMoreThanTheServerAllows() {
        PullSize size = new PullSize(32 * MIB, 1 * MIB);
        size.delivered(3 * MIB); // cannot happen, but must not raise the request above the maximum
        assertEquals(1 * MIB + PullSize.OVERHEAD, size.bytes());
    }
}

package io.jetsnap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;




/** The heap a message needs, and the one line that says so when the JVM has less. */
class HeapNeedTest {
    @Test
    void aMessageNeedsTheBasePlusItsCopies() {
        assertEquals(HeapNeed.BASE_BYTES, HeapNeed.bytesFor(0));
        assertEquals(HeapNeed.BASE_BYTES + HeapNeed.COPIES * (4L << 20), HeapNeed.bytesFor(4L << 20));
        assertEquals(40L << 20, HeapNeed.bytesFor(4L << 20), "8 messages of 4 MiB go through -Xmx40m (SmallHeapTest)");
    }

    @Test
    void aHeapTooSmallSaysHowMuchOnOneLine() {
        SnapshotException e = HeapNeed.tooSmall(4L << 20, 14L << 20, null);
        assertEquals(ErrorCode.NOT_AVAILABLE, e.code());
        assertEquals("out of memory: a message of 4.0 MiB needs about 40 MiB of heap and this JVM may use only 14 MiB; "
                + "run it with more, e.g. JAVA_OPTS=-Xmx40m", e.getMessage());
        assertTrue(HeapNeed.tooSmall(0, 14L << 20, new OutOfMemoryError()).getMessage().contains("-Xmx28m"));
    }

    @Test
    void aMessageThisHeapHoldsIsMet() {
        HeapNeed.meet(1024);
    }
}

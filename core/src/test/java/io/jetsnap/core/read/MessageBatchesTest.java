package io.jetsnap.core.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.SnapshotMessage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;




@Timeout(20)
class MessageBatchesTest {
    private static final long HEAP = 32L << 20;

    private static SnapshotMessage message(long seq, int bytes) {
        return new SnapshotMessage(seq, "s", HeaderBlock.NONE, new byte[bytes], Instant.EPOCH);
    }

    /** Adds two messages of 3 MiB, counting {@code firstHanded} down once the first is handed over. */
    private static Thread twoLargeMessages(MessageBatches batches, CountDownLatch firstHanded) {
        return MessageBatches.start("producer", () -> {
            try {
                batches.add(message(1, 3 << 20));
                firstHanded.countDown();
                batches.add(message(2, 3 << 20));
                batches.end();
            } catch (Exception e) {
                batches.fail(e);
            }
        });
    }

    @Test
    void aMessageLargerThanASixteenthOfTheHeapIsTheOnlyOneHeld() throws Exception {
        MessageBatches batches = new MessageBatches(HEAP);
        CountDownLatch firstHanded = new CountDownLatch(1);
        Thread producer = twoLargeMessages(batches, firstHanded);
        List<SnapshotMessage> first = batches.take();
        assertEquals(1, first.get(0).sequence());
        assertFalse(firstHanded.await(300, TimeUnit.MILLISECONDS),
                "the producer makes no second large message while the consumer still holds the first");
        CompletableFuture<List<SnapshotMessage>> second = CompletableFuture.supplyAsync(() -> {
            try {
                return batches.take(); // done with the first
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(firstHanded.await(5, TimeUnit.SECONDS), "released once the consumer asks for the next");
        assertEquals(2, second.get(5, TimeUnit.SECONDS).get(0).sequence());
        assertNull(batches.take());
        producer.join();
    }

    @Test
    void smallMessagesAreQueuedAheadOfTheConsumer() throws Exception {
        MessageBatches batches = new MessageBatches(HEAP);
        CountDownLatch allHanded = new CountDownLatch(1);
        Thread producer = MessageBatches.start("producer", () -> {
            try {
                for (int i = 1; i <= 3 * 256; i++) {
                    batches.add(message(i, 100));
                }
                allHanded.countDown();
                batches.end();
            } catch (Exception e) {
                batches.fail(e);
            }
        });
        assertTrue(allHanded.await(5, TimeUnit.SECONDS), "three batches queued before anything is taken");
        long taken = 0;
        for (List<SnapshotMessage> batch; (batch = batches.take()) != null; ) {
            taken += batch.size();
        }
        assertEquals(3 * 256, taken);
        producer.join();
    }

    @Test
    void inALargeHeapTheNextLargeMessageIsMadeWhileTheFirstWaits() throws Exception {
        MessageBatches batches = new MessageBatches(1L << 30);
        CountDownLatch firstHanded = new CountDownLatch(1);
        Thread producer = twoLargeMessages(batches, firstHanded);
        assertTrue(firstHanded.await(5, TimeUnit.SECONDS), "handed over without waiting for the consumer");
        assertEquals(1, batches.take().get(0).sequence());
        assertEquals(2, batches.take().get(0).sequence());
        assertNull(batches.take());
        producer.join();
    }
}

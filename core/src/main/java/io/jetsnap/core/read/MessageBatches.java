package io.jetsnap.core.read;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.SnapshotMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Messages passed from one thread to another in batches through a bounded queue, so that reading
 * and encoding (or decoding and publishing) run side by side on two cores. At most
 * {@value #QUEUED_BATCHES} batches and {@value #QUEUED_BYTES} payload bytes are queued or being
 * taken, or a single batch that is larger (one large message), and the producer makes the next
 * batch only once the consumer is done with one larger than a sixteenth of the heap: with the batch being filled, about twice
 * the bound, or the largest message once, is held. A failure on either side is handed to the
 * other, which throws it at its next call.
 */
public final class MessageBatches {
    private static final int BATCH_MESSAGES = 256;
    private static final long BATCH_BYTES = 256L << 10;
    private static final int QUEUED_BATCHES = 4;
    private static final long QUEUED_BYTES = QUEUED_BATCHES * BATCH_BYTES;
    private static final List<SnapshotMessage> END = List.of();

    /** A batch larger than this (a share of the heap, at least the bound) is the only one held. */
    private final long aloneAbove;
    private final ArrayBlockingQueue<List<SnapshotMessage>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private volatile @Nullable Throwable failure;
    private List<SnapshotMessage> filling = new ArrayList<>(BATCH_MESSAGES);
    private long fillingBytes;
    /** Payload bytes of the batches in the queue and of the one the consumer works on; guarded by {@code queue}'s monitor. */
    private long queuedBytes;
    /** Consumer: the bytes of the batch it took last, released when it takes the next. */
    private long takenBytes;

    public MessageBatches() {
        this(Runtime.getRuntime().maxMemory());
    }

    /** For a heap of {@code heapBytes}. */
    public MessageBatches(long heapBytes) {
        this.aloneAbove = Math.max(QUEUED_BYTES, heapBytes / 16);
    }

    /** Starts {@code work} on a daemon thread of its own: one side of the handoff. */
    public static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Stops a side's thread and waits for it: a no-op once it has ended, and after a failure on the
     * other side it must stop before the reader or writer it uses is closed.
     */
    public static void stop(Thread thread) {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Producer: adds a message, handing over a batch when it is full. */
    public void add(SnapshotMessage m) throws IOException {
        filling.add(m);
        fillingBytes += m.payload().length;
        if (filling.size() >= BATCH_MESSAGES || fillingBytes >= BATCH_BYTES) {
            handOverFilling();
        }
    }

    /** Producer: hands over what is left and says there is no more. */
    public void end() throws IOException {
        if (!filling.isEmpty()) {
            hand(filling);
        }
        hand(END);
    }

    /** Consumer: the next batch, or null after the last one. */
    public @Nullable List<SnapshotMessage> take() throws IOException {
        try {
            synchronized (queue) {
                queuedBytes -= takenBytes; // done with the batch taken before
                queue.notifyAll();
            }
            List<SnapshotMessage> batch;
            while ((batch = queue.poll(100, TimeUnit.MILLISECONDS)) == null) {
                rethrowFailure();
            }
            takenBytes = bytes(batch);
            return batch == END ? null : batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while passing messages on", e);
        }
    }

    /** Either side: the work failed; the other side throws {@code t} at its next call. */
    public void fail(Throwable t) {
        failure = t;
    }

    /** Producer: hands over the messages added so far, without ending (before a failure). */
    void handOverFilling() throws IOException {
        if (!filling.isEmpty()) {
            hand(filling);
            filling = new ArrayList<>(BATCH_MESSAGES);
            fillingBytes = 0;
        }
    }

    public void rethrowFailure() throws IOException {
        rethrow(failure);
    }

    private static long bytes(List<SnapshotMessage> batch) {
        long total = 0;
        for (SnapshotMessage m : batch) {
            total += m.payload().length;
        }
        return total;
    }

    /** Throws {@code t} as it is if it is an I/O or unchecked failure, wrapped otherwise; nothing if null. */
    static void rethrow(@Nullable Throwable t) throws IOException {
        if (t instanceof IOException e) {
            throw e;
        } else if (t instanceof RuntimeException e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        } else if (t != null) {
            throw new IOException(t);
        }
    }

    private void hand(List<SnapshotMessage> batch) throws IOException {
        long size = bytes(batch);
        try {
            synchronized (queue) {
                // room for its bytes, or an empty queue: a batch larger than the bound goes alone
                while (queuedBytes > 0 && queuedBytes + size > QUEUED_BYTES) {
                    queue.wait(100);
                    rethrowFailure();
                }
                queuedBytes += size;
            }
            while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
            }
            if (size > aloneAbove) {
                // a batch larger than the bound (a large message): the next is made only once this
                // one is done with, so that two such messages are never held at once
                synchronized (queue) {
                    while (queuedBytes > 0) {
                        queue.wait(100);
                        rethrowFailure();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while passing messages on", e);
        }
        rethrowFailure();
    }
}

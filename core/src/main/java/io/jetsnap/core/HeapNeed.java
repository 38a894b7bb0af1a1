package io.jetsnap.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How much heap the work needs for the messages it meets. Memory is bounded by the largest message
 * plus a constant: a message is held a few times over while it is read, checked, encoded or
 * decoded and passed on ({@link #bytesFor}). Codecs and the engine say which sizes they meet
 * ({@link #meet}); one that this JVM's heap could not hold is refused there, on one line that says
 * how much heap it needs, instead of an {@link OutOfMemoryError} somewhere later, and an
 * {@link OutOfMemoryError} that happens anyway becomes the same line ({@link #outOfMemory}).
 */
public final class HeapNeed {
    /** What the tool itself takes beside the messages it holds (classes' objects, buffers, the NATS client). */
    static final long BASE_BYTES = 12L << 20;
    /**
     * How many times over a message is held at most, measured with 4 MiB messages (a publishing
     * restore on nats-server 2.10: it failed 2 times in 6 in 36 MiB, never in 40): decoded into a
     * growing buffer and copied out, the one being published, jnats' outgoing message and its send
     * buffer, and what the collector cannot use around such large arrays.
     */
    static final int COPIES = 7;
    /**
     * The largest message met in this JVM, for the advice after an {@link OutOfMemoryError}: an
     * approximation where two runs share one JVM, and nothing is refused by it.
     */
    private static final AtomicLong LARGEST = new AtomicLong();

    private HeapNeed() {
    }

    /** The heap a message of {@code messageBytes} needs. */
    public static long bytesFor(long messageBytes) {
        return BASE_BYTES + COPIES * messageBytes;
    }

    /**
     * A message (or a payload being decoded) of {@code messageBytes} was met: refused when this
     * JVM's heap cannot hold it ({@code NOT_AVAILABLE}), else remembered as the largest so far.
     */
    public static void meet(long messageBytes) {
        if (messageBytes > LARGEST.get()) {
            LARGEST.accumulateAndGet(messageBytes, Math::max);
            long max = Runtime.getRuntime().maxMemory();
            if (bytesFor(messageBytes) > max) {
                throw tooSmall(messageBytes, max, null);
            }
        }
    }

    /** The one-line failure for an {@link OutOfMemoryError}, saying how much heap the largest message met needs. */
    public static SnapshotException outOfMemory(OutOfMemoryError e) {
        return tooSmall(LARGEST.get(), Runtime.getRuntime().maxMemory(), e);
    }

    /**
     * The one-line failure when the NATS client's reader thread stopped reading the connection,
     * which happens without a word when it runs out of memory.
     */
    public static SnapshotException readerStopped() {
        SnapshotException e = tooSmall(LARGEST.get(), Runtime.getRuntime().maxMemory(), null);
        return new SnapshotException(e.code(), e.getMessage().replaceFirst("^out of memory: ",
                "out of memory (the NATS client stopped reading the connection): "));
    }

    static SnapshotException tooSmall(long messageBytes, long maxHeap, @org.jspecify.annotations.Nullable Throwable cause) {
        long heapMiB = mib(maxHeap);
        String message;
        if (messageBytes > 0) {
            long needMiB = mib(bytesFor(messageBytes));
            message = "out of memory: a message of " + String.format(java.util.Locale.ROOT, "%.1f", messageBytes / 1048576.0)
                    + " MiB needs about " + needMiB + " MiB of heap and "
                    + "this JVM may use only " + heapMiB + " MiB; run it with more, e.g. JAVA_OPTS=-Xmx" + Math.max(needMiB, heapMiB * 2) + "m";
        } else {
            message = "out of memory: this JVM may use only " + heapMiB + " MiB of heap, which needs about " + mib(bytesFor(0))
                    + " MiB plus " + COPIES + " times the largest message; run it with more, e.g. JAVA_OPTS=-Xmx" + heapMiB * 2 + "m";
        }
        return cause == null ? new SnapshotException(ErrorCode.NOT_AVAILABLE, message)
                : new SnapshotException(ErrorCode.NOT_AVAILABLE, message, cause);
    }

    private static long mib(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }
}

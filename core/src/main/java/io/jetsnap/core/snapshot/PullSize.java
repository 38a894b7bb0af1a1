package io.jetsnap.core.snapshot;

/**
 * How many bytes a pull request asks for, and how many pulls may be out at once, so that what the
 * server sends ahead of the reader stays a bounded share of the heap whatever the message sizes.
 *
 * <p>A pull asks for {@code base} bytes (1 to 4 MiB, a share of the heap) or, once larger messages
 * have been met, the largest one's size plus {@link #OVERHEAD}: enough for one such message, not for
 * two. A message larger than the request makes the server end the request with a 409 ("Message Size
 * Exceeds MaxBytes", {@link #tooSmall}); the next pull then asks for the largest message the server
 * allows, once. Asking for the server's maximum every time would let two pulls bring 2 x 2 messages
 * near that size, 32 MiB for 8 MiB messages, before the reader has taken the first.
 *
 * <p>Two pulls are kept out (the server fills one while the other is read) while two pulls' bytes
 * are at most a quarter of the heap; beyond that, one at a time.
 */
final class PullSize {
    /** Room for a message's subject, reply and headers beyond its payload, and the server's own count of them. */
    static final long OVERHEAD = 64L << 10;
    private static final long MIN_BASE = 1L << 20;
    private static final long MAX_BASE = 4L << 20;

    private final long heap;
    private final long base;
    private final long largestAllowed;
    private long largestMet;
    private boolean askForLargest;

    /**
     * @param heap the heap this JVM may use ({@link Runtime#maxMemory()})
     * @param maxPayload the server's max_payload: no message is larger
     */
    PullSize(long heap, long maxPayload) {
        this.heap = heap;
        this.base = Math.max(MIN_BASE, Math.min(MAX_BASE, heap / 32));
        this.largestAllowed = Math.max(base, maxPayload + OVERHEAD);
    }

    /** The bytes the next pull asks for. */
    long bytes() {
        if (askForLargest) {
            return largestAllowed;
        }
        return Math.min(largestAllowed, Math.max(base, largestMet + OVERHEAD));
    }

    /** Whether a second pull may go out while one is still owed messages. */
    boolean twoAtOnce() {
        return 2 * bytes() <= heap / 4;
    }

    /** A message of {@code bytes} (subject, headers and payload) arrived. */
    void delivered(long bytes) {
        largestMet = Math.max(largestMet, bytes);
        askForLargest = false;
    }

    /** The server ended a request because its next message was larger than the request's bytes. */
    void tooSmall() {
        askForLargest = true;
    }
}

package io.jetsnap.core.restore.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which {@code Nats-Msg-Id}s a restored stream must remember, as the original does: those of the
 * messages stored within the stream's duplicate window before now. The publishing restore loads
 * most messages under a 100 ms window (see {@link LoadConfiguration}), so it publishes the tail
 * from {@link #startSequence()} on under the stream's own window: the server then remembers each
 * of their ids for a whole window from the moment it was published back (a little longer than the
 * original, which remembers an id for a window from when it first stored it).
 *
 * <p>Fed every message in sequence order during the verify pass. Every id from the first one
 * inside the window on is part of the tail, and none may repeat there (the restored stream would
 * refuse the second as a duplicate): an id seen again moves the start past its first
 * occurrence. At most {@link #MAX_IDS} ids are carried, the newest; memory is bounded by that.
 */
public final class DuplicateTail {
    public static final int MAX_IDS = 100_000;

    private final @Nullable Instant windowStart;
    private final int maxIds;
    private final ArrayDeque<Entry> tail = new ArrayDeque<>();
    private final Map<String, Long> sequenceOf = new HashMap<>();
    private long dropped;
    /** How many of the tail's entries are placeholders' ids, not messages'. */
    private int placeholders;

    private record Entry(long sequence, String id, boolean placeholder) {
    }

    /**
     * @param window the stream's duplicate window (zero or negative: the stream remembers no ids)
     * @param now the moment the window ends
     */
    public DuplicateTail(Duration window, Instant now) {
        this(window, now, MAX_IDS);
    }

    public DuplicateTail(Duration window, Instant now, int maxIds) {
        this.windowStart = window.isZero() || window.isNegative() ? null : now.minus(window);
        this.maxIds = maxIds;
    }

    /** Takes the next message in sequence order; {@code id} is its {@code Nats-Msg-Id}, or null. */
    public void message(long sequence, Instant stored, @Nullable String id) {
        take(sequence, stored, id, false);
    }

    /**
     * Takes, in sequence order, the placeholder the publishing restore puts at {@code sequence} with
     * {@code id} (a deleted message a later {@code Nats-Expected-Last-Msg-Id} names), stored with the
     * message that names it. Within the tail its id is remembered like a message's, so a later
     * message with the same id moves the tail's start past it instead of being refused as its
     * duplicate (an original can hold both: the server forgets a deleted message's id when it
     * restarts). It is not counted as a message within the window.
     */
    public void placeholder(long sequence, Instant stored, String id) {
        take(sequence, stored, id, true);
    }

    private void take(long sequence, Instant stored, @Nullable String id, boolean placeholder) {
        if (id == null || windowStart == null || tail.isEmpty() && !stored.isAfter(windowStart)) {
            return;
        }
        Long earlier = sequenceOf.get(id);
        if (earlier != null) {
            // the first occurrence and everything before it leave the tail; its id stays remembered
            // through the second
            while (!tail.isEmpty() && tail.peekFirst().sequence() <= earlier) {
                Entry gone = leave();
                if (!gone.id().equals(id) && !gone.placeholder()) {
                    dropped++;
                }
            }
        }
        tail.addLast(new Entry(sequence, id, placeholder));
        sequenceOf.put(id, sequence);
        if (placeholder) {
            placeholders++;
        }
        if (tail.size() > maxIds) {
            Entry gone = leave();
            if (!gone.placeholder()) {
                dropped++;
            }
        }
    }

    private Entry leave() {
        Entry gone = tail.removeFirst();
        sequenceOf.remove(gone.id());
        if (gone.placeholder()) {
            placeholders--;
        }
        return gone;
    }

    /** The first sequence to publish under the stream's own duplicate window, or 0 when none. */
    public long startSequence() {
        return tail.isEmpty() ? 0 : tail.peekFirst().sequence();
    }

    /** How many ids the tail carries. */
    public int carried() {
        return tail.size() - placeholders;
    }

    /** How many ids within the window the tail cannot carry (over {@link #MAX_IDS}, or before a repeated id). */
    public long dropped() {
        return dropped;
    }

    /** How many ids within the window there are in all. */
    public long withinWindow() {
        return carried() + dropped;
    }
}

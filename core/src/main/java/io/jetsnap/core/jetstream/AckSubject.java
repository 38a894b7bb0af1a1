package io.jetsnap.core.jetstream;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The JetStream metadata a consumer's message carries in its reply subject, read by hand: jnats'
 * {@code Message.metaData()} splits the subject with a regular expression and builds a
 * {@code ZonedDateTime} per message, which was a visible share of a snapshot's reading thread.
 *
 * <p>The two forms (ADR-15): {@code $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer
 * seq>.<timestamp ns>.<pending>} (9 tokens), and since nats-server 2.10 possibly {@code
 * $JS.ACK.<domain>.<account hash>.<stream>.<consumer>.<delivered>.<stream seq>.<consumer
 * seq>.<timestamp ns>.<pending>.<random>} (11 or more tokens).
 *
 * @param streamSequence the message's sequence in the stream
 * @param consumerSequence its sequence in the consumer's delivery order
 * @param timestampNanos when the stream stored it, in nanoseconds since the epoch
 * @param pending messages left for the consumer after this one
 */
public record AckSubject(long streamSequence, long consumerSequence, long timestampNanos, long pending) {
    private static final String PREFIX = "$JS.ACK.";
    /** Token index of {@code <delivered>} in the 9-token form; the longer form adds 2. */
    private static final int DELIVERED_V1 = 4;
    private static final int MAX_TOKENS = 16;
    private static final long LONG_MAX_TENTH = Long.MAX_VALUE / 10;
    private static final char LONG_MAX_LAST_DIGIT = (char) ('0' + Long.MAX_VALUE % 10);

    /** The metadata in {@code reply}, or null if it is not a JetStream ack subject this reads. */
    public static @Nullable AckSubject parse(@Nullable String reply) {
        if (reply == null || !reply.startsWith(PREFIX)) {
            return null;
        }
        int[] starts = new int[MAX_TOKENS + 1];
        int tokens = 0;
        starts[tokens++] = 0;
        for (int i = 0; i < reply.length(); i++) {
            if (reply.charAt(i) == '.') {
                if (tokens == MAX_TOKENS) {
                    return null;
                }
                starts[tokens++] = i + 1;
            }
        }
        starts[tokens] = reply.length() + 1;
        int delivered;
        if (tokens == 9) {
            delivered = DELIVERED_V1;
        } else if (tokens >= 11) {
            delivered = DELIVERED_V1 + 2;
        } else {
            return null;
        }
        long streamSequence = number(reply, starts[delivered + 1], starts[delivered + 2] - 1);
        long consumerSequence = number(reply, starts[delivered + 2], starts[delivered + 3] - 1);
        long timestamp = number(reply, starts[delivered + 3], starts[delivered + 4] - 1);
        long pending = number(reply, starts[delivered + 4], starts[delivered + 5] - 1);
        if (streamSequence < 0 || consumerSequence < 0 || timestamp < 0 || pending < 0) {
            return null;
        }
        return new AckSubject(streamSequence, consumerSequence, timestamp, pending);
    }

    public Instant timestamp() {
        return Instant.ofEpochSecond(Math.floorDiv(timestampNanos, 1_000_000_000L), Math.floorMod(timestampNanos, 1_000_000_000L));
    }

    /** The decimal number in {@code s[from, to)}, or -1 if it is empty, not all digits or beyond a long. */
    private static long number(String s, int from, int to) {
        if (from >= to || to - from > 19) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || n > LONG_MAX_TENTH || n == LONG_MAX_TENTH && c > LONG_MAX_LAST_DIGIT) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}

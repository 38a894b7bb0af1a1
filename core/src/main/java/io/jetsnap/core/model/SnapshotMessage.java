package io.jetsnap.core.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One stored message of a stream.
 *
 * <p>Headers are the message's header block exactly as the server stored it ({@link HeaderBlock}),
 * or {@link HeaderBlock#NONE}. The payload array is owned by the message and not copied
 * (snapshots move millions of these); do not modify it.
 *
 * @param sequence the stream sequence the message had in its source stream
 * @param subject the subject it was published on
 * @param headers the header block as stored; {@link HeaderBlock#NONE} when the message had none, never null
 * @param payload the payload bytes; empty, never null
 * @param timestamp when the server stored the message, to the nanosecond
 */
public record SnapshotMessage(long sequence, String subject, HeaderBlock headers,
                              byte[] payload, Instant timestamp) {
    public SnapshotMessage {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(headers, "headers");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnapshotMessage m
                && sequence == m.sequence
                && subject.equals(m.subject)
                && headers.equals(m.headers)
                && Arrays.equals(payload, m.payload)
                && timestamp.equals(m.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, subject, headers, Arrays.hashCode(payload), timestamp);
    }

    @Override
    public String toString() {
        return "SnapshotMessage[sequence=" + sequence + ", subject=" + subject + ", headers=" + headers
                + ", payload=" + payload.length + " bytes, timestamp=" + timestamp + "]";
    }
}

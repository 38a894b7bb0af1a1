package io.jetsnap.core.restore.verify;

/**
 * The bytes nats-server counts against an account for one stored message: its file store's
 * record (length, sequence, time, subject length and subject, header length and headers, payload,
 * hash), or its memory store's (subject, headers, payload, sequence and time).
 */
public final class StoredSize {
    private StoredSize() {
    }

    public static long of(boolean memory, int subjectBytes, int headerBytes, int payloadBytes) {
        if (memory) {
            return (long) subjectBytes + headerBytes + payloadBytes + 16;
        }
        long record = 22L + subjectBytes + payloadBytes + 8;
        return headerBytes == 0 ? record : record + 4 + headerBytes;
    }
}

package io.jetsnap.core.restore.publish;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.NatsMessages;
import io.jetsnap.core.jetstream.wire.HeaderCarrier;
import io.jetsnap.core.model.HeaderBlock;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes messages to JetStream with a bounded number awaiting acknowledgement, and checks that
 * each one was stored at exactly the sequence it must have.
 *
 * <p>The messages go out as plain publishes with a reply subject on one subscription of its own,
 * not through {@code JetStream.publishAsync}: jnats flushes the socket after every request unless
 * the connection was made with {@code dontForceFlushOnRequest}, which costs a write per message
 * (a quarter of the restore's throughput, measured with {@code .ci/bench}). Here the connection's
 * writer sends messages in as large writes as it gets, whatever options the caller connected with.
 *
 * <p>The connection must be one with exact header blocks
 * ({@link io.jetsnap.core.jetstream.wire.ExactHeadersConnection}): each message's header block goes
 * out as the bytes it was stored with. Such a connection leaves the size check to this class,
 * which makes it on the block's own bytes.
 */
public final class AckWindow implements AutoCloseable {
    private record Pending(long token, long expectedSequence, String subject, long bytes) {
    }

    /** What an ack says: where the message was stored, and whether it was dropped as a duplicate. */
    private record Ack(long sequence, boolean duplicate) {
    }

    /** How long jnats' reader may be away from the socket before it is taken for dead. */
    private static final Duration READER_GONE = Duration.ofSeconds(5);
    private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DUPLICATE = "\"duplicate\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);

    private final Connection connection;
    private final Subscription acks;
    private final String replyPrefix;
    private final int window;
    private final long windowBytes;
    private final long ackTimeoutMillis;
    private final long maxPayload;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Acks that came before those of earlier messages (the server sends them in order; this is not relied on). */
    private final Map<Long, Message> early = new HashMap<>();
    private long pendingBytes;
    private long nextToken;

    /**
     * @param window at most this many messages await their ack
     * @param windowBytes and at most about this many payload bytes (one message may exceed it alone)
     */
    public AckWindow(Connection connection, int window, long windowBytes, long ackTimeoutMillis) {
        this.connection = connection;
        this.replyPrefix = connection.createInbox() + ".";
        this.acks = connection.subscribe(replyPrefix + "*");
        this.window = window;
        this.windowBytes = windowBytes;
        this.ackTimeoutMillis = ackTimeoutMillis;
        this.maxPayload = connection.getServerInfo().getMaxPayload();
    }

    /** Publishes {@code data} to {@code subject}, which the server must store at {@code expectedSequence}. */
    public void publish(String subject, HeaderBlock headers, byte[] data, long expectedSequence) {
        long bytes = data.length;
        if (!pending.isEmpty() && (pending.size() >= window || pendingBytes + bytes > windowBytes)) {
            // Full: take acks until a quarter of the window is free, not just one. Acks then come in
            // runs that are already queued, and publishes go out in runs the connection's writer
            // sends in large writes; one ack per publish had both threads woken for every message.
            while (!pending.isEmpty() && (pending.size() > window - window / 4
                    || pendingBytes + bytes > windowBytes - windowBytes / 4)) {
                awaitOldest();
            }
        }
        send(subject, headers, data, expectedSequence, bytes);
    }

    /**
     * Publishes one message synchronously, after {@link #drain()}, retrying while the server still
     * remembers its {@code Nats-Msg-Id} from an earlier message, for at most {@code patienceMillis}.
     */
    public void publishPastDuplicateWindow(String subject, HeaderBlock headers, byte[] data, long expectedSequence,
                                    long patienceMillis) {
        drain();
        long deadline = System.nanoTime() + patienceMillis * 1_000_000L;
        while (true) {
            Pending p = send(subject, headers, data, expectedSequence, 0);
            Ack ack = awaitOldestAck();
            if (!ack.duplicate()) {
                check(p, ack);
                return;
            }
            if (System.nanoTime() > deadline) {
                check(p, ack);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while restoring message " + expectedSequence, e);
            }
        }
    }

    public void drain() {
        while (!pending.isEmpty()) {
            awaitOldest();
        }
    }

    @Override
    public void close() {
        try {
            acks.unsubscribe();
        } catch (RuntimeException ignored) {
            // the connection is closing or closed: the subscription goes with it
        }
    }

    private Pending send(String subject, HeaderBlock headers, byte[] data, long expectedSequence, long bytes) {
        if (maxPayload > 0 && (long) headers.length() + data.length > maxPayload) {
            throw new SnapshotException(ErrorCode.SERVER, "message " + expectedSequence + " (subject " + subject + ") has "
                    + headers.length() + " header and " + data.length + " payload bytes, more than the server's max_payload of "
                    + maxPayload + " bytes");
        }
        Pending p = new Pending(nextToken++, expectedSequence, subject, bytes);
        Headers carrier = headers.present() ? HeaderCarrier.carrying(headers.bytes()) : null;
        connection.publish(subject, replyPrefix + p.token(), carrier, data);
        pending.add(p);
        pendingBytes += bytes;
        return p;
    }

    private void awaitOldest() {
        Pending p = pending.peek();
        check(p, awaitOldestAck());
    }

    /** Waits for the oldest pending message's ack and removes it from the window. */
    private Ack awaitOldestAck() {
        Pending p = pending.poll();
        pendingBytes -= p.bytes();
        Message reply = early.remove(p.token());
        long deadline = System.nanoTime() + ackTimeoutMillis * 1_000_000L;
        while (reply == null) {
            Message m;
            try {
                long left = deadline - System.nanoTime();
                m = left > 0 ? acks.nextMessage(Duration.ofNanos(left)) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while restoring message " + p.expectedSequence(), e);
            }
            if (m == null) {
                // the ack may have come to a client that no longer reads (its reader thread ran out of memory)
                SnapshotException readerFailure = io.jetsnap.core.jetstream.wire.ExactHeadersConnection.readerFailure(connection,
                        READER_GONE);
                if (readerFailure != null) {
                    throw readerFailure;
                }
                throw new SnapshotException(ErrorCode.SERVER, "the server did not acknowledge message " + p.expectedSequence()
                        + " within " + ackTimeoutMillis / 1000 + "s");
            }
            long token = Long.parseLong(m.getSubject().substring(replyPrefix.length()));
            if (token == p.token()) {
                reply = m;
            } else {
                early.put(token, m);
            }
        }
        if (reply.isStatusMessage()) {
            throw new SnapshotException(ErrorCode.SERVER, "the server refused message " + p.expectedSequence() + " (subject "
                    + p.subject() + "): " + (reply.getStatus().getCode() == 503 ? "no stream listens on that subject"
                    : reply.getStatus().getCode() + " " + reply.getStatus().getMessage()));
        }
        byte[] json = reply.getData();
        int seq = NatsMessages.indexOf(json, SEQ, 0);
        if (seq >= 0 && NatsMessages.indexOf(json, ERROR, 0) < 0 && NatsMessages.indexOf(json, DUPLICATE, 0) < 0) {
            // the usual {"stream":"orders","seq":42}, read without building a JSON tree; anything else below
            return new Ack(NatsMessages.digits(json, seq + SEQ.length), false);
        }
        try {
            PublishAck ack = new PublishAck(reply);
            return new Ack(ack.getSeqno(), ack.isDuplicate());
        } catch (JetStreamApiException e) {
            throw new SnapshotException(ErrorCode.SERVER, "the server refused message " + p.expectedSequence()
                    + " (subject " + p.subject() + "): " + e.getMessage(), e, e.getApiErrorCode());
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.SERVER, "the server's ack of message " + p.expectedSequence()
                    + " could not be read: " + e.getMessage(), e);
        }
    }

    private static void check(Pending p, Ack ack) {
        if (ack.duplicate()) {
            throw new SnapshotException(ErrorCode.SERVER, "the server dropped message " + p.expectedSequence()
                    + " as a duplicate of message " + ack.sequence() + " (same Nats-Msg-Id within the duplicate window)");
        }
        if (ack.sequence() != p.expectedSequence()) {
            throw new SnapshotException(ErrorCode.SERVER, "message " + p.expectedSequence() + " was stored at sequence "
                    + ack.sequence() + "; something else is publishing into the stream being restored");
        }
    }
}

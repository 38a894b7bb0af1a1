package io.jetsnap.core.engine;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes messages asynchronously with a bounded number awaiting acknowledgement, and checks
 * that each one was stored at exactly the sequence it must have.
 */
final class AckWindow {
    private record Pending(long expectedSequence, String subject, long bytes, CompletableFuture<PublishAck> ack) {
    }

    private final JetStream js;
    private final int window;
    private final long windowBytes;
    private final long ackTimeoutMillis;
    private long pendingBytes;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /**
     * @param window at most this many messages await their ack
     * @param windowBytes and at most about this many payload bytes (one message may exceed it alone)
     */
    AckWindow(JetStream js, int window, long windowBytes, long ackTimeoutMillis) {
        this.js = js;
        this.window = window;
        this.windowBytes = windowBytes;
        this.ackTimeoutMillis = ackTimeoutMillis;
    }

    void publish(NatsMessage message, long expectedSequence) {
        long bytes = message.getData().length;
        while (!pending.isEmpty() && (pending.size() >= window || pendingBytes + bytes > windowBytes)) {
            awaitOldest();
        }
        pendingBytes += bytes;
        pending.add(new Pending(expectedSequence, message.getSubject(), bytes, js.publishAsync(message)));
    }

    /**
     * Publishes one message synchronously, after {@link #drain()}, retrying while the server still
     * remembers its {@code Nats-Msg-Id} from an earlier message, for at most {@code patienceMillis}.
     */
    void publishPastDuplicateWindow(NatsMessage message, long expectedSequence, long patienceMillis) {
        drain();
        long deadline = System.nanoTime() + patienceMillis * 1_000_000L;
        while (true) {
            Pending p = new Pending(expectedSequence, message.getSubject(), 0, js.publishAsync(message));
            PublishAck ack = await(p);
            if (!ack.isDuplicate()) {
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

    void drain() {
        while (!pending.isEmpty()) {
            awaitOldest();
        }
    }

    private void awaitOldest() {
        Pending p = pending.poll();
        pendingBytes -= p.bytes();
        check(p, await(p));
    }

    private PublishAck await(Pending p) {
        PublishAck ack;
        try {
            ack = p.ack().get(ackTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while restoring message " + p.expectedSequence(), e);
        } catch (TimeoutException e) {
            throw new SnapshotException(ErrorCode.SERVER, "the server did not acknowledge message " + p.expectedSequence()
                    + " within " + ackTimeoutMillis / 1000 + "s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int code = cause instanceof JetStreamApiException api ? api.getApiErrorCode() : 0;
            throw new SnapshotException(ErrorCode.SERVER, "the server refused message " + p.expectedSequence()
                    + " (subject " + p.subject() + "): " + cause.getMessage(), cause, code);
        }
        return ack;
    }

    private static void check(Pending p, PublishAck ack) {
        if (ack.isDuplicate()) {
            throw new SnapshotException(ErrorCode.SERVER, "the server dropped message " + p.expectedSequence()
                    + " as a duplicate of message " + ack.getSeqno() + " (same Nats-Msg-Id within the duplicate window)");
        }
        if (ack.getSeqno() != p.expectedSequence()) {
            throw new SnapshotException(ErrorCode.SERVER, "message " + p.expectedSequence() + " was stored at sequence "
                    + ack.getSeqno() + "; something else is publishing into the stream being restored");
        }
    }
}

package io.jetsnap.core.engine;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.SnapshotMessage;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Limits stream through an ordered consumer (ephemeral, no acks, flow controlled): the
 * fastest read that leaves the stream's messages as they are.
 */
final class OrderedConsumerSource implements MessageSource {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int BUFFER_MESSAGES = 5000;
    private static final long BUFFER_BYTES = 4L << 20;

    private final IterableConsumer consumer;
    private final long lastSequence;
    private final Duration idleLimit;
    private boolean done;

    OrderedConsumerSource(Connection connection, String stream, long firstSequence, long lastSequence, Duration idleLimit) {
        this.lastSequence = lastSequence;
        this.idleLimit = idleLimit;
        try {
            OrderedConsumerConfiguration config = new OrderedConsumerConfiguration()
                    .deliverPolicy(DeliverPolicy.ByStartSequence)
                    .startSequence(Math.max(1, firstSequence));
            // Bound what jnats buffers ahead of us by bytes, not only by count: 500 messages of
            // 64 KiB would already be 32 MiB. A pull must still fit the largest possible message.
            long batchBytes = Math.max(BUFFER_BYTES, 2L * connection.getServerInfo().getMaxPayload());
            ConsumeOptions consume = ConsumeOptions.builder().batchSize(BUFFER_MESSAGES).batchBytes(batchBytes).build();
            this.consumer = connection.getStreamContext(stream).createOrderedConsumer(config).iterate(consume);
        } catch (IOException | JetStreamApiException e) {
            throw new SnapshotException(ErrorCode.SERVER, "could not start reading stream " + stream + ": " + e.getMessage(), e);
        }
    }

    @Override
    public @Nullable SnapshotMessage next() {
        if (done) {
            return null;
        }
        long idleSince = System.nanoTime();
        while (true) {
            Message m;
            try {
                m = consumer.nextMessage(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while reading the stream", e);
            } catch (JetStreamStatusCheckedException e) {
                throw new SnapshotException(ErrorCode.SERVER, "reading the stream failed: " + e.getMessage(), e);
            }
            if (m == null) {
                // nextMessage may also return early (between pulls), so measure the time itself
                if (System.nanoTime() - idleSince >= idleLimit.toNanos()) {
                    throw new SnapshotException(ErrorCode.SERVER, "the server sent no message for "
                            + idleLimit.toSeconds() + "s while the stream still had messages to read");
                }
                continue;
            }
            NatsJetStreamMetaData meta = m.metaData();
            long seq = meta.streamSequence();
            if (seq > lastSequence) {
                done = true;
                return null;
            }
            if (seq == lastSequence || meta.pendingCount() == 0) {
                done = true;
            }
            return NatsMessages.toSnapshot(seq, NatsMessages.deliveredSubject(m.getSubject()), m.getHeaders(), m.getData(), meta.timestamp().toInstant());
        }
    }

    @Override
    public void close() {
        try {
            consumer.close();
        } catch (Exception ignored) {
            // the ephemeral consumer goes away with its inactivity threshold anyway
        }
    }
}

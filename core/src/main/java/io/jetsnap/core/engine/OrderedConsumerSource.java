package io.jetsnap.core.engine;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.SnapshotMessage;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
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
    private static final int BATCH_MESSAGES = 10_000;
    private static final long BATCH_BYTES = 4L << 20;
    private static final long FETCH_EXPIRY_MILLIS = 2_000;

    private final OrderedConsumerContext context;
    private final JetStreamManagement jsm;
    private final String stream;
    private final FetchConsumeOptions fetchOptions;
    private @Nullable FetchConsumer fetch;
    private final long lastSequence;
    private final Duration idleLimit;
    private boolean done;

    OrderedConsumerSource(Connection connection, JetStreamOptions jsOptions, String stream, long firstSequence, long lastSequence,
                          Duration idleLimit) {
        this.lastSequence = lastSequence;
        this.idleLimit = idleLimit;
        this.stream = stream;
        try {
            OrderedConsumerConfiguration config = new OrderedConsumerConfiguration()
                    .deliverPolicy(DeliverPolicy.ByStartSequence)
                    .startSequence(Math.max(1, firstSequence));
            this.jsm = connection.jetStreamManagement(jsOptions);
            this.context = connection.getStreamContext(stream, jsOptions).createOrderedConsumer(config);
            // One bounded fetch at a time: jnats' continuous consume() pulls again as soon as
            // messages *arrive*, so a reader slower than the network (a slow S3 upload) would
            // let them pile up without limit. A fetch must still fit the largest possible message.
            long batchBytes = Math.max(BATCH_BYTES, 2L * connection.getServerInfo().getMaxPayload());
            this.fetchOptions = FetchConsumeOptions.builder().maxMessages(BATCH_MESSAGES).maxBytes(batchBytes)
                    .expiresIn(FETCH_EXPIRY_MILLIS).build();
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
                if (fetch == null) {
                    // the first fetch creates the consumer: a cluster electing a leader may not answer at once
                    fetch = ClusterPatience.call(idleLimit, this::startFetch);
                }
                m = fetch.nextMessage();
                if (m == null) {
                    closeFetch();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while reading the stream", e);
            } catch (JetStreamStatusCheckedException e) {
                throw new SnapshotException(ErrorCode.SERVER, "reading the stream failed: " + e.getMessage(), e);
            }
            if (m == null) {
                // a fetch ends with no message when it expires or is answered with a status
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

    private FetchConsumer startFetch() {
        try {
            return context.fetch(fetchOptions);
        } catch (IOException | JetStreamApiException e) {
            throw new SnapshotException(ErrorCode.SERVER, "reading the stream failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeFetch();
        // Delete the ephemeral consumer now rather than leave it to its inactivity threshold:
        // a snapshot leaves the stream's consumers as it found them.
        try {
            String name = context.getConsumerName();
            if (name != null) {
                jsm.deleteConsumer(stream, name);
            }
        } catch (Exception ignored) {
            // it expires on its own anyway
        }
    }

    private void closeFetch() {
        FetchConsumer f = fetch;
        fetch = null;
        if (f == null) {
            return;
        }
        try {
            f.close();
        } catch (Exception ignored) {
            // the ephemeral consumer goes away with its inactivity threshold anyway
        }
    }
}

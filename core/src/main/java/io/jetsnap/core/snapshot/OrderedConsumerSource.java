package io.jetsnap.core.snapshot;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.AckSubject;
import io.jetsnap.core.jetstream.ClusterPatience;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.NatsMessages;
import io.jetsnap.core.jetstream.wire.ExactHeadersConnection;
import io.jetsnap.core.model.SnapshotMessage;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.nats.client.support.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Limits stream through an ephemeral consumer of its own (no acks, memory storage, one
 * replica) that it pulls from the way an ordered consumer would: messages must arrive with
 * consecutive consumer sequences, and after any gap the consumer is replaced by one starting at
 * the next stream sequence still wanted. The stream's messages stay as they are.
 *
 * <p>About two pull requests are in flight, each for at most {@value #BATCH_MESSAGES} messages and
 * the bytes {@link PullSize} allows, so the server always has a request to fill while the previous
 * batch is read; a new one is sent only when the reader has <em>taken</em> a batch's worth of
 * messages, so a reader slower than the network (a slow S3 upload) holds at most about two batches,
 * never more. Where two pulls of the messages met would be a large share of the heap, one is out at
 * a time. (jnats' continuous {@code consume()} pulls again as messages arrive, which lets them pile
 * up; one fetch at a time leaves the server idle for a round trip per batch.)
 *
 * <p>The connection must be one with exact header blocks
 * ({@link io.jetsnap.core.jetstream.wire.ExactHeadersConnection}): a delivery's header block is the
 * stored one, which jnats alone would parse, re-serialise, or refuse.
 */
final class OrderedConsumerSource implements MessageSource {
    private static final int BATCH_MESSAGES = 10_000;
    private static final Duration REQUEST_EXPIRY = Duration.ofSeconds(5);
    /** How long to wait for a message before looking at the requests again. */
    private static final Duration STALL = Duration.ofMillis(250);
    /** How long jnats' reader may be away from the socket before it is taken for dead. */
    private static final Duration READER_GONE = Duration.ofSeconds(5);
    private static final Duration INACTIVE_THRESHOLD = Duration.ofSeconds(30);
    private static final String PENDING_MESSAGES = "Nats-Pending-Messages";

    private final Connection connection;
    private final JetStreamManagement jsm;
    private final String stream;
    private final String pullPrefix;
    private final long lastSequence;
    private final Duration idleLimit;
    private final PullSize pullSize;
    private @Nullable Subscription subscription;
    private @Nullable String consumer;
    private String replyPrefix = "";
    private long requests;
    /** Messages asked for and neither delivered nor given up by the server yet. */
    private long owed;
    private long lastPull;
    private long nextSequence;
    private long consumerSequence;
    private boolean done;

    OrderedConsumerSource(Connection connection, String apiPrefix, Duration requestTimeout, String stream, long firstSequence,
                          long lastSequence, Duration idleLimit) {
        this.connection = connection;
        this.stream = stream;
        this.pullPrefix = (apiPrefix.endsWith(".") ? apiPrefix : apiPrefix + ".") + "CONSUMER.MSG.NEXT." + stream + ".";
        this.lastSequence = lastSequence;
        this.idleLimit = idleLimit;
        this.nextSequence = Math.max(1, firstSequence);
        this.pullSize = new PullSize(Runtime.getRuntime().maxMemory(), connection.getServerInfo().getMaxPayload());
        try {
            this.jsm = connection.jetStreamManagement(JetStreamOptions.builder().prefix(apiPrefix)
                    .requestTimeout(requestTimeout).build());
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.SERVER, "could not start reading stream " + stream + ": " + e.getMessage(), e);
        }
        startConsumer();
    }

    @Override
    public @Nullable SnapshotMessage next() {
        try {
            return nextMessage();
        } catch (SnapshotException e) {
            // a message refused on jnats' reader thread (this heap cannot hold it) breaks the
            // connection, and whatever fails next (a consumer create timing out) is only a consequence
            SnapshotException readerFailure = ExactHeadersConnection.readerFailure(connection, READER_GONE);
            throw readerFailure != null ? readerFailure : e;
        }
    }

    private @Nullable SnapshotMessage nextMessage() {
        long idleSince = System.nanoTime();
        while (!done) {
            while (owed < (pullSize.twoAtOnce() ? BATCH_MESSAGES + 1 : 1)) {
                pull();
            }
            Message m;
            try {
                m = subscription.nextMessage(STALL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while reading the stream", e);
            } catch (IllegalStateException e) {
                throw new SnapshotException(ErrorCode.SERVER, "reading the stream failed: " + e.getMessage(), e);
            }
            if (m == null) {
                // a message too large for this heap, or a reader thread that died of it: the message never arrives
                SnapshotException readerFailure = ExactHeadersConnection.readerFailure(connection, READER_GONE);
                if (readerFailure != null) {
                    throw readerFailure;
                }
                if (System.nanoTime() - idleSince >= idleLimit.toNanos()) {
                    throw new SnapshotException(ErrorCode.SERVER, connection.getStatus() != Connection.Status.CONNECTED
                            ? "lost the connection to the server, which did not come back within " + idleLimit.toSeconds()
                                    + "s (" + connection.getStatus() + ")"
                            : "the server sent no message for " + idleLimit.toSeconds()
                                    + "s while the stream still had messages to read");
                }
                if (System.nanoTime() - lastPull >= REQUEST_EXPIRY.toNanos()) {
                    // every request out has expired by now, and one may have ended without a word
                    // (its bytes used up exactly): ask again. Not sooner, so that a server that is
                    // merely slow is not sent more and more requests to fill at once. A server that
                    // restarted has forgotten the consumer (memory storage): start a new one.
                    if (consumerGone()) {
                        startConsumer();
                    }
                    owed = 0;
                }
                continue;
            }
            if (m.isStatusMessage()) {
                finished(m);
                continue;
            }
            owed--;
            AckSubject meta = metadata(m);
            if (meta.consumerSequence() != consumerSequence + 1) {
                // a message was lost on the way (a reconnect, a slow consumer): start again after the last one read
                startConsumer();
                continue;
            }
            consumerSequence++;
            long seq = meta.streamSequence();
            if (seq > lastSequence) {
                done = true;
                return null;
            }
            nextSequence = seq + 1;
            if (seq == lastSequence || meta.pending() == 0) {
                done = true;
            }
            SnapshotMessage message = NatsMessages.toSnapshot(seq, NatsMessages.deliveredSubject(m.getSubject()),
                    NatsMessages.deliveredHeaders(m), m.getData(), meta.timestamp());
            pullSize.delivered(message.payload().length + message.headers().length() + (long) m.getSubject().length());
            return message;
        }
        return null;
    }

    @Override
    public void close() {
        done = true;
        stopConsumer();
    }

    /** The message's JetStream metadata, read by hand; through jnats for a reply subject of another shape. */
    private static AckSubject metadata(Message m) {
        AckSubject parsed = AckSubject.parse(m.getReplyTo());
        if (parsed != null) {
            return parsed;
        }
        NatsJetStreamMetaData meta = m.metaData();
        Instant t = meta.timestamp().toInstant();
        return new AckSubject(meta.streamSequence(), meta.consumerSequence(),
                t.getEpochSecond() * 1_000_000_000L + t.getNano(), meta.pendingCount());
    }

    /** A pull request ended early: it expired, the stream had no more, or the next message was larger than its bytes. */
    private void finished(Message m) {
        Status status = m.getStatus();
        int code = status.getCode();
        String text = status.getMessage() == null ? "" : status.getMessage().toLowerCase(Locale.ROOT);
        if (code == 409 && text.contains("bytes")) {
            pullSize.tooSmall();
        }
        if (code == 404 || code == 408 || code == 409 && text.contains("bytes")) {
            String pending = m.getHeaders() == null ? null : m.getHeaders().getFirst(PENDING_MESSAGES);
            owed = pending == null ? 0 : Math.max(0, owed - Long.parseLong(pending.strip()));
            return;
        }
        if (code == 409 || code == 503) {
            // the consumer went away (deleted, leadership change, a server restart, too many requests
            // waiting) or nothing answers for it: start a new one after the last message read
            startConsumer();
            return;
        }
        throw new SnapshotException(ErrorCode.SERVER, "reading the stream failed: the server answered a pull request with "
                + code + " " + status.getMessage());
    }

    /** Whether the server says the consumer no longer exists (a failure to ask is not taken as yes). */
    private boolean consumerGone() {
        if (consumer == null) {
            return true;
        }
        try {
            jsm.getConsumerInfo(stream, consumer);
            return false;
        } catch (JetStreamApiException e) {
            return e.getApiErrorCode() == JsApi.CONSUMER_NOT_FOUND;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void pull() {
        owed += BATCH_MESSAGES;
        lastPull = System.nanoTime();
        byte[] request = ("{\"batch\":" + BATCH_MESSAGES + ",\"max_bytes\":" + pullSize.bytes() + ",\"expires\":"
                + REQUEST_EXPIRY.toNanos() + "}").getBytes(StandardCharsets.US_ASCII);
        connection.publish(pullPrefix + consumer, replyPrefix + requests++, request);
    }

    private void startConsumer() {
        stopConsumer();
        ConsumerConfiguration config = ConsumerConfiguration.builder()
                .ackPolicy(AckPolicy.None)
                .deliverPolicy(DeliverPolicy.ByStartSequence)
                .startSequence(nextSequence)
                .memStorage(true)
                .numReplicas(1)
                .inactiveThreshold(INACTIVE_THRESHOLD)
                .build();
        // a cluster that is electing a leader may not answer at once
        consumer = ClusterPatience.call(idleLimit, () -> {
            try {
                return jsm.addOrUpdateConsumer(stream, config).getName();
            } catch (IOException | JetStreamApiException e) {
                // no answer because jnats' reader refused or died of what came before it
                SnapshotException readerFailure = ExactHeadersConnection.readerFailure(connection, READER_GONE);
                if (readerFailure != null) {
                    throw readerFailure;
                }
                throw new SnapshotException(ErrorCode.SERVER, "could not start reading stream " + stream + ": " + e.getMessage(), e);
            }
        });
        replyPrefix = connection.createInbox() + ".";
        subscription = connection.subscribe(replyPrefix + "*");
        consumerSequence = 0;
        owed = 0;
    }

    private void stopConsumer() {
        if (subscription != null) {
            try {
                subscription.unsubscribe();
            } catch (RuntimeException ignored) {
                // the connection is closing: the subscription goes with it
            }
            subscription = null;
        }
        // Delete the ephemeral consumer now rather than leave it to its inactivity threshold:
        // a snapshot leaves the stream's consumers as it found them.
        if (consumer != null) {
            try {
                jsm.deleteConsumer(stream, consumer);
            } catch (Exception ignored) {
                // it expires on its own anyway
            }
            consumer = null;
        }
    }
}

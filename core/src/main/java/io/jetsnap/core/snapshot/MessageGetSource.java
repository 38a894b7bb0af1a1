package io.jetsnap.core.snapshot;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.NatsMessages;
import io.jetsnap.core.jetstream.SourceStream;
import io.jetsnap.core.model.SnapshotMessage;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.support.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stream with message gets, which create no consumer: the read for WorkQueue and Interest
 * streams, where a consumer would change what the stream keeps. Never changes the stream (its
 * configuration included) and consumes nothing.
 *
 * <p>The answers are JSON, whose {@code hdrs} member is the stored header block byte for byte
 * (batch direct gets are not used: their answer appends the server's own lines to the block, and
 * cannot tell a message without headers from one with an empty block). Two ways:
 * <ul>
 *   <li>a dense stream (at most as many deleted sequences as messages) with up to
 *       {@value #MAX_IN_FLIGHT} {@code STREAM.MSG.GET} requests by sequence in flight, answers put
 *       back in order, deleted sequences skipped;
 *   <li>a sparse stream one {@code next_by_subj} get at a time, so that deleted sequences cost nothing.
 * </ul>
 * Memory is bounded: requests in flight shrink with the largest message seen, and the subscription
 * drops answers beyond {@value #BUFFER_BYTES} bytes (such a get is asked again).
 */
final class MessageGetSource implements MessageSource {
    /** JetStream API error code: no message found. */
    private static final int NO_MESSAGE_FOUND = 10037;
    private static final int MAX_IN_FLIGHT = 256;
    private static final int MIN_IN_FLIGHT = 4;
    private static final long BUFFER_BYTES = 8L << 20;
    private static final int RETRIES = 3;
    /** An answer to a get by sequence: the message, or null where the sequence was deleted. */
    private record Answer(@Nullable SnapshotMessage message) {
    }

    private enum Mode { PIPELINED, ONE_BY_ONE }

    private final Connection connection;
    private final String stream;
    private final String getSubject;
    private final long lastSequence;
    private final Duration timeout;
    private final String replyPrefix;
    private final Subscription answers;
    private final Mode mode;
    /** The first sequence not returned yet. */
    private long nextSequence;

    // pipelined gets: requests for [nextSequence, requested) are out, answers wait here until their turn
    private final Map<Long, Answer> arrived = new HashMap<>();
    private long requested;
    private long largest;
    private int retries;

    MessageGetSource(Connection connection, String apiPrefix, SourceStream source, long firstSequence, long lastSequence,
                     Duration timeout) {
        this.connection = connection;
        this.stream = source.name();
        String prefix = apiPrefix.endsWith(".") ? apiPrefix : apiPrefix + ".";
        this.getSubject = prefix + "STREAM.MSG.GET." + stream;
        this.lastSequence = lastSequence;
        this.timeout = timeout;
        this.nextSequence = Math.max(1, firstSequence);
        this.requested = nextSequence;
        long messages = Math.max(1, source.state().messages());
        this.largest = 2 * source.state().bytes() / messages;
        long span = lastSequence - nextSequence + 1;
        this.mode = span <= 2 * messages ? Mode.PIPELINED : Mode.ONE_BY_ONE;
        this.replyPrefix = connection.createInbox() + ".";
        this.answers = connection.subscribe(replyPrefix + "*");
        answers.setPendingLimits(-1, BUFFER_BYTES);
    }

    @Override
    public @Nullable SnapshotMessage next() {
        while (nextSequence <= lastSequence) {
            SnapshotMessage m = switch (mode) {
                case PIPELINED -> nextPipelined();
                case ONE_BY_ONE -> nextOneByOne();
            };
            if (m != null || nextSequence > lastSequence) {
                return m;
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            answers.unsubscribe();
        } catch (RuntimeException ignored) {
            // the connection is closing: the subscription goes with it
        }
    }

    /** The next message by sequence from pipelined gets, or null if that sequence was deleted. */
    private @Nullable SnapshotMessage nextPipelined() {
        int window = (int) Math.max(MIN_IN_FLIGHT, Math.min(MAX_IN_FLIGHT, BUFFER_BYTES / Math.max(1, largest)));
        while (requested <= lastSequence && requested - nextSequence < window) {
            requestGet(requested++);
        }
        Answer answer = arrived.remove(nextSequence);
        if (answer == null) {
            Message m = await("message " + nextSequence);
            if (m == null) {
                // an answer was lost (dropped beyond the buffer, or a reconnect): ask again
                if (++retries > RETRIES) {
                    throw new SnapshotException(ErrorCode.SERVER, "could not read message " + nextSequence + " of stream "
                            + stream + ": no answer within " + timeout.toSeconds() + "s, " + RETRIES + " times");
                }
                requestGet(nextSequence);
                return null;
            }
            String token = m.getSubject().substring(replyPrefix.length());
            if (!token.isEmpty() && Character.isDigit(token.charAt(0))) {
                long seq = Long.parseLong(token);
                if (seq >= nextSequence && seq < requested) {
                    arrived.put(seq, new Answer(parseGet(m, seq)));
                }
            }
            return null; // else an answer to an earlier next_by_subj get
        }
        retries = 0;
        nextSequence++;
        SnapshotMessage message = answer.message();
        if (message != null) {
            largest = Math.max(largest, (message.payload().length + (long) message.headers().length()) * 2L);
        }
        return message;
    }

    private void requestGet(long seq) {
        connection.publish(getSubject, replyPrefix + seq, ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.US_ASCII));
    }

    /** The message a get answered with, or null if the sequence was deleted (or, after next_by_subj, none is left). */
    private @Nullable SnapshotMessage parseGet(Message m, long seq) {
        if (m.isStatusMessage()) {
            throw new SnapshotException(ErrorCode.SERVER, "could not read message " + seq + " of stream " + stream
                    + ": the server answered with status " + m.getStatus().getCode() + " " + m.getStatus().getMessage());
        }
        SnapshotMessage fast = NatsMessages.fromGetAnswer(m.getData());
        if (fast != null) {
            return fast;
        }
        String text = new String(m.getData(), StandardCharsets.UTF_8);
        JsonValue message = JsApi.parse(text).map.get("message");
        if (message != null && message.map != null) {
            return NatsMessages.fromGetAnswerTree(message.map);
        }
        SnapshotException failure = JsApi.failure(text, "read message " + seq + " of stream " + stream);
        if (failure.serverErrorCode() == NO_MESSAGE_FOUND) {
            return null;
        }
        throw failure;
    }

    /** The next message at or after nextSequence with one {@code next_by_subj} get, for streams mostly deleted. */
    private @Nullable SnapshotMessage nextOneByOne() {
        String request = "{\"seq\":" + nextSequence + ",\"next_by_subj\":\">\"}";
        connection.publish(getSubject, replyPrefix + "n" + nextSequence, request.getBytes(StandardCharsets.US_ASCII));
        Message m;
        do {
            m = await("message " + nextSequence);
            if (m == null) {
                throw new SnapshotException(ErrorCode.SERVER, "could not read message " + nextSequence + " of stream "
                        + stream + ": no answer within " + timeout.toSeconds() + "s");
            }
        } while (!m.getSubject().equals(replyPrefix + "n" + nextSequence));
        SnapshotMessage message = parseGet(m, nextSequence);
        if (message == null || message.sequence() > lastSequence) {
            nextSequence = Long.MAX_VALUE;
            return null;
        }
        nextSequence = message.sequence() + 1;
        return message;
    }

    private @Nullable Message await(String what) {
        try {
            return answers.nextMessage(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while reading " + what + " of stream " + stream, e);
        }
    }
}

package io.jetsnap.core.engine;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.SnapshotMessage;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.support.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stream with message gets, which create no consumer: the read for WorkQueue and Interest
 * streams, where a consumer would change what the stream keeps. Never changes the stream (its
 * configuration included) and consumes nothing.
 *
 * <p>Three ways, fastest first:
 * <ul>
 *   <li>a stream that already allows direct gets ({@code allow_direct}) on nats-server 2.11+, and
 *       whose subjects are all ASCII (see {@link #asciiSubjectsOnly}), is
 *       read with batch direct gets ({@code $JS.API.DIRECT.GET.<stream>} with {@code batch} and
 *       {@code max_bytes}), one batch at a time. A direct get may be answered by a replica or mirror
 *       that lags behind, and a message could be lost on the way: a message whose
 *       {@code Nats-Num-Pending} is not one less than the one before's (a message went missing, or
 *       the stream changed meanwhile) hands over to the gets by sequence below, and "no message
 *       from here on" is checked with one {@code next_by_subj} get; the stream leader answers both;
 *   <li>a dense stream (at most as many deleted sequences as messages) with up to
 *       {@value #MAX_IN_FLIGHT} {@code STREAM.MSG.GET} requests by sequence in flight, answers put
 *       back in order, deleted sequences skipped;
 *   <li>a sparse stream one {@code next_by_subj} get at a time, so that deleted sequences cost nothing.
 * </ul>
 * Memory is bounded: requests in flight shrink with the largest message seen, the subscription
 * drops answers beyond {@value #BUFFER_BYTES} bytes (such a get is asked again), and a batch is at
 * most {@code batchBytes}.
 */
final class MessageGetSource implements MessageSource {
    /** JetStream API error code: no message found. */
    private static final int NO_MESSAGE_FOUND = 10037;
    private static final int MAX_IN_FLIGHT = 256;
    private static final int MIN_IN_FLIGHT = 4;
    private static final long BUFFER_BYTES = 8L << 20;
    private static final int DIRECT_BATCH = 10_000;
    private static final long DIRECT_BATCH_BYTES = 4L << 20;
    private static final int RETRIES = 3;
    private static final long MAX_SUBJECTS_LISTED = 10_000;
    /** Headers a direct get adds to the message's own. */
    private static final Set<String> DIRECT_HEADERS = Set.of("Nats-Stream", "Nats-Sequence", "Nats-Time-Stamp",
            "Nats-Subject", "Nats-Last-Sequence", "Nats-Num-Pending", "Nats-UpTo-Sequence");
    /** An answer to a get by sequence: the message, or null where the sequence was deleted. */
    private record Answer(@Nullable SnapshotMessage message) {
    }

    private enum Mode { BATCH_DIRECT, PIPELINED, ONE_BY_ONE }

    private final Connection connection;
    private final String stream;
    private final String getSubject;
    private final String directSubject;
    private final long lastSequence;
    private final Duration timeout;
    private final long batchBytes;
    private final String replyPrefix;
    private final Subscription answers;
    private Mode mode;
    /** The first sequence not returned yet. */
    private long nextSequence;

    // pipelined gets: requests for [nextSequence, requested) are out, answers wait here until their turn
    private final Map<Long, Answer> arrived = new HashMap<>();
    private long requested;
    private long largest;
    private int retries;

    // batch direct gets: the reply subject of the batch in flight, if any
    private @Nullable String batchReply;
    private long batches;
    /** The Nats-Num-Pending the next batch message must carry if none was lost on the way. */
    private long expectedPending;

    MessageGetSource(Connection connection, String apiPrefix, SourceStream source, long firstSequence, long lastSequence,
                     Duration timeout) {
        this.connection = connection;
        this.stream = source.name();
        String prefix = apiPrefix.endsWith(".") ? apiPrefix : apiPrefix + ".";
        this.getSubject = prefix + "STREAM.MSG.GET." + stream;
        this.directSubject = prefix + "DIRECT.GET." + stream;
        this.lastSequence = lastSequence;
        this.timeout = timeout;
        this.nextSequence = Math.max(1, firstSequence);
        this.requested = nextSequence;
        this.batchBytes = Math.max(DIRECT_BATCH_BYTES, 2L * connection.getServerInfo().getMaxPayload());
        long messages = Math.max(1, source.state().messages());
        this.largest = 2 * source.state().bytes() / messages;
        this.expectedPending = source.state().messages() - 1;
        long span = lastSequence - nextSequence + 1;
        if (source.allowDirect() && ServerVersion.of(connection).atLeast(2, 11) && asciiSubjectsOnly(source, prefix)) {
            mode = Mode.BATCH_DIRECT;
        } else {
            mode = span <= 2 * messages ? Mode.PIPELINED : Mode.ONE_BY_ONE;
        }
        this.replyPrefix = connection.createInbox() + ".";
        this.answers = connection.subscribe(replyPrefix + "*");
        answers.setPendingLimits(-1, BUFFER_BYTES);
    }

    @Override
    public @Nullable SnapshotMessage next() {
        while (nextSequence <= lastSequence) {
            SnapshotMessage m = switch (mode) {
                case BATCH_DIRECT -> nextDirect();
                case PIPELINED -> nextPipelined();
                case ONE_BY_ONE -> nextOneByOne();
            };
            if (m != null || nextSequence > lastSequence) {
                return m;
            }
        }
        return null;
    }

    /**
     * Whether every subject in the stream is ASCII, as far as a cheap look tells. jnats 2.26 refuses
     * a message whose header holds a non-ASCII byte and then stops delivering anything on the
     * connection, and a direct get returns the subject in a header ({@code Nats-Subject}): one UTF-8
     * subject would stall the snapshot. Streams with many subjects are not looked at (the answer would
     * be large) and are read with gets by sequence instead, whose answers carry the subject in JSON.
     */
    private boolean asciiSubjectsOnly(SourceStream source, String prefix) {
        if (source.subjects() < 1 || source.subjects() > MAX_SUBJECTS_LISTED) {
            return false;
        }
        Message reply;
        try {
            reply = connection.request(prefix + "STREAM.INFO." + stream, "{\"subjects_filter\":\">\"}"
                    .getBytes(StandardCharsets.US_ASCII), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while reading the info of stream " + stream, e);
        }
        if (reply == null || reply.isStatusMessage()) {
            return false;
        }
        JsonValue state = JsApi.parse(new String(reply.getData(), StandardCharsets.UTF_8)).map.get("state");
        JsonValue subjects = state == null || state.map == null ? null : state.map.get("subjects");
        if (subjects == null || subjects.map == null || subjects.map.size() != SourceStream.number(state.map, "num_subjects")) {
            return false;
        }
        return subjects.map.keySet().stream().allMatch(subject -> subject.chars().allMatch(c -> c < 0x80));
    }

    @Override
    public void close() {
        try {
            answers.unsubscribe();
        } catch (RuntimeException ignored) {
            // the connection is closing: the subscription goes with it
        }
    }

    /** One message from a batch direct get, or null to look again (a batch ended, or the mode changed). */
    private @Nullable SnapshotMessage nextDirect() {
        if (batchReply == null) {
            batchReply = replyPrefix + "b" + batches++;
            String request = "{\"seq\":" + nextSequence + ",\"batch\":" + DIRECT_BATCH + ",\"max_bytes\":" + batchBytes + "}";
            connection.publish(directSubject, batchReply, request.getBytes(StandardCharsets.US_ASCII));
        }
        Message m = await("a batch of messages from " + nextSequence);
        if (m == null) {
            // no answer at all: leave direct gets to the stream leader's gets
            handOver();
            return null;
        }
        if (!m.getSubject().equals(batchReply)) {
            return null; // an answer to an earlier request
        }
        if (m.isStatusMessage()) {
            batchReply = null;
            int code = m.getStatus().getCode();
            if (code == 204) {
                // end of this batch; the last message in it said how far the stream goes
                return null;
            }
            // 404: no message from nextSequence on, says whoever answered; one get the leader answers confirms it
            mode = Mode.ONE_BY_ONE;
            return null;
        }
        Headers h = m.getHeaders();
        if (h == null || h.getFirst("Nats-Sequence") == null) {
            handOver();
            return null;
        }
        long seq = Long.parseLong(h.getFirst("Nats-Sequence").strip());
        if (seq < nextSequence) {
            return null;
        }
        String pending = h.getFirst("Nats-Num-Pending");
        if (pending == null || Long.parseLong(pending.strip()) != expectedPending) {
            // A message may have been lost on the way (jnats drops a message whose headers, here the
            // Nats-Subject of a UTF-8 subject, are not ASCII), or the stream changed meanwhile (a
            // WorkQueue consumer at work): either way the leader's gets by sequence take over.
            handOver();
            return null;
        }
        expectedPending--;
        if (seq > lastSequence) {
            nextSequence = Long.MAX_VALUE;
            return null;
        }
        nextSequence = seq + 1;
        return NatsMessages.toSnapshot(seq, h.getFirst("Nats-Subject"), NatsMessages.without(h, DIRECT_HEADERS),
                m.getData(), ServerTime.parse(h.getFirst("Nats-Time-Stamp").strip()));
    }

    private void handOver() {
        batchReply = null;
        requested = nextSequence;
        arrived.clear();
        mode = Mode.PIPELINED;
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
            return null; // else an answer to an earlier batch or next_by_subj get
        }
        retries = 0;
        nextSequence++;
        SnapshotMessage message = answer.message();
        if (message != null) {
            largest = Math.max(largest, message.payload().length * 2L);
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
                    + ": the server answered with status " + m.getStatus().getCode() + " (is JetStream enabled?)");
        }
        SnapshotMessage fast = NatsMessages.fromGetAnswer(m.getData());
        if (fast != null) {
            return fast;
        }
        MessageInfo info = new MessageInfo(m, stream, false);
        if (!info.hasError()) {
            return NatsMessages.toSnapshot(info.getSeq(), info.getSubject(), info.getHeaders(), info.getData(),
                    info.getTime().toInstant());
        }
        if (info.getApiErrorCode() == NO_MESSAGE_FOUND) {
            return null;
        }
        throw new SnapshotException(ErrorCode.SERVER, "could not read message " + seq + " of stream " + stream + ": "
                + info.getError(), null, info.getApiErrorCode());
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

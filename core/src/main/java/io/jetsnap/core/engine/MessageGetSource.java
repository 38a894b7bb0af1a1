package io.jetsnap.core.engine;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.SnapshotMessage;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stream one message at a time with the message-get API ({@code next_by_subj}). It creates
 * no consumer, so it is the read for WorkQueue and Interest streams, where a consumer would change
 * what the stream keeps.
 */
final class MessageGetSource implements MessageSource {
    /** JetStream API error code: no message found. */
    private static final int NO_MESSAGE_FOUND = 10037;

    private final JetStreamManagement jsm;
    private final String stream;
    private final long lastSequence;
    private long nextSequence;

    MessageGetSource(JetStreamManagement jsm, String stream, long firstSequence, long lastSequence) {
        this.jsm = jsm;
        this.stream = stream;
        this.lastSequence = lastSequence;
        this.nextSequence = Math.max(1, firstSequence);
    }

    @Override
    public @Nullable SnapshotMessage next() {
        if (nextSequence > lastSequence) {
            return null;
        }
        MessageInfo info;
        try {
            info = jsm.getNextMessage(stream, nextSequence, ">");
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                nextSequence = Long.MAX_VALUE;
                return null;
            }
            throw new SnapshotException(ErrorCode.SERVER, "could not read message " + nextSequence + " of stream "
                    + stream + ": " + e.getMessage(), e, e.getApiErrorCode());
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.SERVER, "could not read message " + nextSequence + " of stream "
                    + stream + ": " + e.getMessage(), e);
        }
        long seq = info.getSeq();
        if (seq > lastSequence) {
            nextSequence = Long.MAX_VALUE;
            return null;
        }
        nextSequence = seq + 1;
        return NatsMessages.toSnapshot(seq, info.getSubject(), info.getHeaders(), info.getData(), info.getTime().toInstant());
    }

    @Override
    public void close() {
    }
}

package io.jetsnap.core.restore.publish;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.JsonText;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.restore.plan.RestorePlan;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.support.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Moves a stream that was just created (or emptied) for a restore to the sequence its first
 * message must have, in a bounded number of requests whatever the distance: a purge up to that
 * sequence moves an empty stream's first sequence there (so its last is one below).
 *
 * <p>nats-server 2.9 keeps its own count of the last sequence for {@code Nats-Expected-Last-Sequence}
 * checks and does not move it on a purge: left so, every publish with that header would be
 * refused, during the restore and after it. The count is read again from the store only when a
 * store fails, or when a message is skipped for lack of interest; so on 2.9 one publish on the
 * private gap subject is made to do one of those: refused for its size under a one-byte limit for
 * the moment, or, on an Interest stream that has no consumers yet, skipped at the sequence below.
 */
public final class SequenceStart {
    private static final byte[] ONE_BYTE = {0};

    private final Connection connection;
    private final JsApi api;
    private final Duration timeout;

    public SequenceStart(Connection connection, JsApi api, Duration timeout) {
        this.connection = connection;
        this.api = api;
        this.timeout = timeout;
    }

    /**
     * Makes {@code firstSequence} the sequence the next publish gets, on a stream that holds no
     * message and has never held one. An Interest stream must have no consumers yet.
     */
    public void move(String stream, RestorePlan plan, ServerVersion server, long firstSequence) {
        if (firstSequence <= 1) {
            return;
        }
        if (server.atLeast(2, 10) || !plan.canFillGaps()) {
            api.purgeBelow(stream, firstSequence);
            return;
        }
        if (plan.interest()) {
            if (firstSequence > 2) {
                api.purgeBelow(stream, firstSequence - 1);
            }
            String ack = publish(plan.gapSubject());
            long sequence = JsonText.number(JsApi.parse(ack).map, "seq");
            if (JsApi.errorOf(ack) != null || sequence != firstSequence - 1) {
                throw new SnapshotException(ErrorCode.SERVER, "could not move stream " + stream + " to sequence "
                        + firstSequence + ": the server answered " + ack);
            }
            return;
        }
        api.purgeBelow(stream, firstSequence);
        Map<String, JsonValue> limited = JsApi.parse(plan.loadConfigJson()).map;
        limited.put("discard", new JsonValue("new"));
        limited.put("max_bytes", new JsonValue(1L));
        api.updateStream(stream, new JsonValue(limited).toJson());
        try {
            String answer = publish(plan.gapSubject());
            if (JsApi.errorOf(answer) == null) {
                throw new SnapshotException(ErrorCode.SERVER, "could not set the last sequence of stream " + stream
                        + " to " + (firstSequence - 1) + ": a one-byte message was stored under a one-byte limit ("
                        + answer + ")");
            }
        } finally {
            api.updateStream(stream, plan.loadConfigJson());
        }
    }

    private String publish(String subject) {
        Message reply;
        try {
            reply = connection.request(subject, ONE_BYTE, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while preparing the restored stream", e);
        }
        if (reply == null) {
            throw new SnapshotException(ErrorCode.SERVER, "no answer from the server within " + timeout.toSeconds()
                    + "s to a publish on " + subject);
        }
        if (reply.isStatusMessage()) {
            throw new SnapshotException(ErrorCode.SERVER, "the server answered a publish on " + subject + " with status "
                    + reply.getStatus().getCode());
        }
        return new String(reply.getData(), StandardCharsets.UTF_8);
    }
}

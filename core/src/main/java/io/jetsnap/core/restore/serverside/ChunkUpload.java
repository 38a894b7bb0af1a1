package io.jetsnap.core.restore.serverside;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a byte stream to a nats-server restore subject in chunks, each a request that the server
 * answers once it has taken the chunk in (an empty reply) or with a JSON error. A few chunks are
 * in flight at once; the server handles them in order.
 */
final class ChunkUpload extends BlockOutputStream {
    static final int CHUNK_BYTES = 128 * 1024;
    private static final int IN_FLIGHT = 4;

    private final Connection connection;
    private final String subject;
    private final Duration timeout;
    private final Deque<CompletableFuture<Message>> pending = new ArrayDeque<>();

    ChunkUpload(Connection connection, String subject, Duration timeout) {
        super(CHUNK_BYTES);
        this.connection = connection;
        this.subject = subject;
        this.timeout = timeout;
    }

    /**
     * Sends what is left, waits for every chunk to be taken in, then signals the end (an empty
     * chunk) and returns the server's final answer: its JSON text, which may carry an error.
     */
    String finish(Duration finalTimeout) throws IOException {
        flush();
        while (!pending.isEmpty()) {
            awaitOldest();
        }
        Message last = await(connection.requestWithTimeout(subject, null, new byte[0], finalTimeout), finalTimeout,
                "the end of the snapshot");
        return new String(last.getData(), StandardCharsets.UTF_8);
    }

    /** Nothing to release: chunks in flight are the server's to finish or drop. */
    @Override
    public void close() {
    }

    @Override
    protected void block(byte[] data, int length) {
        if (pending.size() >= IN_FLIGHT) {
            awaitOldest();
        }
        byte[] body = length == data.length ? data : Arrays.copyOf(data, length);
        pending.add(connection.requestWithTimeout(subject, null, body, timeout));
    }

    private void awaitOldest() {
        Message reply = await(pending.removeFirst(), timeout, "a chunk of the snapshot");
        if (reply.getData() != null && reply.getData().length > 0) {
            throw JsApi.failure(new String(reply.getData(), StandardCharsets.UTF_8), "restore the stream");
        }
    }

    private Message await(CompletableFuture<Message> future, Duration wait, String what) {
        try {
            Message reply = future.get(wait.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (reply.isStatusMessage()) {
                throw new SnapshotException(ErrorCode.SERVER, "the server stopped taking " + what + " (status "
                        + reply.getStatus().getCode() + "): the restore was abandoned on its side");
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while sending " + what, e);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new SnapshotException(ErrorCode.SERVER, "the server did not take " + what + " within "
                    + wait.toSeconds() + "s (" + cause + ")", cause);
        }
    }
}

package io.jetsnap.core.restore.serverside;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.ServerVersion;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.restore.consumers.ConsumerPlacement;
import io.nats.client.Connection;
import io.nats.client.support.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores through nats-server's own restore API (2.15+): the snapshot is turned, as it is read,
 * into the server's backup archive and sent in chunks to {@code $JS.API.STREAM.RESTORE}. The server
 * stores every message as it was (sequence, subject, headers, payload and original timestamp)
 * without acting on any header, and sets up the consumers before the messages, with their state.
 */
public final class RestoreApi {
    private static final Duration FINAL_ANSWER_AT_LEAST = Duration.ofSeconds(60);

    private final Connection connection;
    private final JsApi api;
    private final Duration timeout;

    public RestoreApi(Connection connection, JsApi api, Duration timeout) {
        this.connection = connection;
        this.api = api;
        this.timeout = timeout;
    }

    /** Whether the server reads jetsnap's archive (stream backup v2, nats-server 2.15). */
    public static boolean supported(ServerVersion server) {
        return server.atLeast(2, 15);
    }

    /**
     * What the restored stream will hold.
     *
     * @param firstSequence the stream's first sequence (the first message's)
     * @param lastSequence its last sequence (the last message's); 0 when there are none
     */
    public record Shape(long messages, long payloadBytes, long firstSequence, long lastSequence) {
    }

    /** Creates the stream (which must not exist) and sends the consumers; messages follow through the upload. */
    public Upload start(String stream, String configJson, Shape shape, List<ConsumerSnapshot> consumers,
                 ConsumerPlacement.Target target) throws IOException {
        List<ConsumerSnapshot> archived = consumers.stream().filter(c -> inArchive(c, target)).toList();
        String stateJson = "{\"messages\":" + shape.messages() + ",\"bytes\":" + shape.payloadBytes()
                + ",\"first_seq\":" + Math.max(1, shape.firstSequence()) + ",\"last_seq\":" + shape.lastSequence()
                + ",\"consumer_count\":" + archived.size() + "}";
        String deliverSubject = api.startRestore(stream, "{\"config\":" + configJson + ",\"state\":" + stateJson + "}");
        ChunkUpload chunks = new ChunkUpload(connection, deliverSubject, timeout);
        SnappyFrameOutputStream framed = new SnappyFrameOutputStream(chunks);
        ServerArchiveWriter archive = new ServerArchiveWriter(framed);
        long now = nanos(Instant.now());
        archive.state(stateJson.getBytes(StandardCharsets.UTF_8), now);
        for (ConsumerSnapshot c : archived) {
            archive.consumer(c.name(), consumerJson(c, ConsumerPlacement.of(c, target)).getBytes(StandardCharsets.UTF_8), now);
        }
        return new Upload(stream, chunks, framed, archive);
    }

    /** Whether the archive carries the consumer with its state; the others are created once the stream is restored. */
    private static boolean inArchive(ConsumerSnapshot c, ConsumerPlacement.Target target) {
        return ConsumerPlacement.of(c, target).how() == ConsumerPlacement.How.STATE;
    }

    /** The consumers created through the API once the server has restored the stream. */
    public static List<ConsumerSnapshot> afterwards(List<ConsumerSnapshot> consumers, ConsumerPlacement.Target target) {
        return consumers.stream().filter(c -> !inArchive(c, target)).toList();
    }

    /** The archive being sent. */
    public final class Upload {
        private final String stream;
        private final ChunkUpload chunks;
        private final SnappyFrameOutputStream framed;
        private final ServerArchiveWriter archive;

        private Upload(String stream, ChunkUpload chunks, SnappyFrameOutputStream framed, ServerArchiveWriter archive) {
            this.stream = stream;
            this.chunks = chunks;
            this.framed = framed;
            this.archive = archive;
        }

        public void message(SnapshotMessage m) throws IOException {
            archive.message(m.subject(), nanos(m.timestamp()), m.sequence(), m.headers().bytes(), m.payload());
        }

        /**
         * Ends the archive and waits for the server to finish, failing if its final answer is an
         * error or no stream info. (What the restored stream holds the restore checks afterwards,
         * from a stream info of its own, once the remaining consumers are created.)
         */
        public void finish() throws IOException {
            archive.end();
            framed.flush();
            String answer = chunks.finish(timeout.compareTo(FINAL_ANSWER_AT_LEAST) > 0 ? timeout : FINAL_ANSWER_AT_LEAST);
            if (JsApi.errorOf(answer) != null) {
                throw JsApi.failure(answer, "restore stream " + stream);
            }
            if (!answer.contains("\"state\"")) {
                throw new SnapshotException(ErrorCode.SERVER, "the server ended the restore of stream " + stream
                        + " without saying what it restored: " + answer);
            }
        }
    }

    /**
     * A consumer as the server's archive holds it: delivered and acknowledged up to the message
     * before the one {@link ConsumerPlacement} says it delivers next, so messages delivered but
     * not acknowledged are delivered again.
     */
    static String consumerJson(ConsumerSnapshot c, ConsumerPlacement.Placement placement) {
        Map<String, JsonValue> floor = pair(c.ackFloorConsumerSequence(), placement.next() - 1);
        Map<String, JsonValue> state = new LinkedHashMap<>();
        state.put("delivered", new JsonValue(floor));
        state.put("ack_floor", new JsonValue(floor));
        return "{\"config\":" + placement.configJson() + ",\"state\":" + new JsonValue(state).toJson() + "}";
    }

    private static Map<String, JsonValue> pair(long consumerSequence, long streamSequence) {
        Map<String, JsonValue> p = new LinkedHashMap<>();
        p.put("consumer_seq", new JsonValue(consumerSequence));
        p.put("stream_seq", new JsonValue(streamSequence));
        return p;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}

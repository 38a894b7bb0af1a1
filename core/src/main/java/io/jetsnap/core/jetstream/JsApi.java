package io.jetsnap.core.jetstream;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.support.JsonParseException;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.client.support.NatsRequestCompletableFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Raw requests to the JetStream API. jetsnap talks to the API directly where jnats' typed models
 * would lose fields it does not know (a stream configuration must survive verbatim).
 */
public final class JsApi {
    /** JetStream API error code: stream not found. */
    public static final int STREAM_NOT_FOUND = 10059;
    /** JetStream API error code: consumer not found. */
    public static final int CONSUMER_NOT_FOUND = 10014;
    /** JetStream API error code: no message found. */
    static final int NO_MESSAGE_FOUND = 10037;
    /** JetStream API error code: the server could not set up the new stream's storage (its own I/O, logged there). */
    static final int STORE_FAILED = 10049;
    /** Pauses before a create that met {@link #STORE_FAILED} is tried again. */
    private static final List<Duration> STORE_RETRIES = List.of(Duration.ofMillis(250), Duration.ofSeconds(1));

    /** JetStream API error code: JetStream is not enabled for the account. */
    static final int NOT_ENABLED_FOR_ACCOUNT = 10039;
    /** The status a request gets at once when nothing listens on its subject. */
    private static final int NO_RESPONDERS = 503;

    /** How long a read-only request is repeated while it goes unanswered (see {@link #read}). */
    private static final Duration READ_PATIENCE = Duration.ofSeconds(30);

    private final Connection connection;
    private final String prefix;
    private final Duration timeout;

    public JsApi(Connection connection, String apiPrefix, Duration timeout) {
        this.connection = connection;
        this.prefix = apiPrefix.endsWith(".") ? apiPrefix : apiPrefix + ".";
        this.timeout = timeout;
    }

    /** The raw STREAM.INFO response text, or null if the stream does not exist. */
    public @Nullable String streamInfoText(String stream) {
        try {
            return read("STREAM.INFO." + stream, null, "read the info of stream " + stream);
        } catch (SnapshotException e) {
            if (e.serverErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** The names of the stream's consumers, all pages. */
    public List<String> consumerNames(String stream) {
        return names("CONSUMER.NAMES." + stream, "consumers", "list the consumers of stream " + stream);
    }

    /** The names of every stream on the server (KV and object store buckets included), all pages. */
    List<String> streamNames() {
        return names("STREAM.NAMES", "streams", "list the streams");
    }

    /** The streams with a subject that overlaps {@code subject}, all pages. */
    public List<String> streamNamesOverlapping(String subject) {
        return names("STREAM.NAMES", "streams", "list the streams that take " + subject, ",\"subject\":" + quote(subject));
    }

    private List<String> names(String api, String member, String what) {
        return names(api, member, what, "");
    }

    private List<String> names(String api, String member, String what, String filter) {
        List<String> names = new ArrayList<>();
        while (true) {
            String text = read(api, "{\"offset\":" + names.size() + filter + "}", what);
            Map<String, JsonValue> page = parse(text).map;
            JsonValue list = page.get(member);
            int before = names.size();
            if (list != null && list.array != null) {
                for (JsonValue v : list.array) {
                    names.add(v.string);
                }
            }
            long total = JsonText.number(page, "total");
            if (names.size() >= total || names.size() == before) {
                return names;
            }
        }
    }

    /** The raw CONSUMER.INFO response text, or null if the consumer went away meanwhile. */
    public @Nullable String consumerInfoText(String stream, String consumer) {
        try {
            return read("CONSUMER.INFO." + stream + "." + consumer, null, "read consumer " + consumer + " of stream " + stream);
        } catch (SnapshotException e) {
            if (e.serverErrorCode() == CONSUMER_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** The account's JetStream usage and limits ({@code $JS.API.INFO}), parsed. */
    public JsonValue accountInfo() {
        return parse(read("INFO", null, "read the account's JetStream usage and limits"));
    }

    /** Creates a durable consumer; returns the server's answer (its info, with the configuration it keeps). */
    public String createDurableConsumer(String stream, String durable, String configJson) {
        String body = "{\"stream_name\":" + quote(stream) + ",\"config\":" + configJson + "}";
        return request("CONSUMER.DURABLE.CREATE." + stream + "." + durable, body, "create consumer " + durable + " of stream " + stream);
    }

    public void deleteConsumer(String stream, String consumer) {
        request("CONSUMER.DELETE." + stream + "." + consumer, null, "delete consumer " + consumer + " of stream " + stream);
    }

    /** Moves a consumer so that {@code nextSequence} is its next message (nats-server 2.14+). */
    public void resetConsumer(String stream, String consumer, long nextSequence) {
        request("CONSUMER.RESET." + stream + "." + consumer, "{\"seq\":" + nextSequence + "}",
                "move consumer " + consumer + " of stream " + stream + " to sequence " + nextSequence);
    }

    /**
     * Creates a stream; returns the server's answer (its info, with the configuration it keeps).
     * A create the server answers with {@link #STORE_FAILED} made nothing (the server removes what
     * it began), and that failure is the server's own storage hiccup rather than a verdict on the
     * configuration, so it is tried again twice before it counts.
     */
    public String createStream(String stream, String configJson) {
        for (Duration pause : STORE_RETRIES) {
            try {
                return request("STREAM.CREATE." + stream, configJson, "create stream " + stream);
            } catch (SnapshotException e) {
                if (e.serverErrorCode() != STORE_FAILED) {
                    throw e;
                }
                sleep(pause, "create stream " + stream);
            }
        }
        return request("STREAM.CREATE." + stream, configJson, "create stream " + stream);
    }

    private static void sleep(Duration pause, String what) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while trying to " + what, e);
        }
    }

    /** Updates a stream's configuration; returns the server's answer, as {@link #createStream}. */
    public String updateStream(String stream, String configJson) {
        return request("STREAM.UPDATE." + stream, configJson, "update the configuration of stream " + stream);
    }

    public void deleteStream(String stream) {
        request("STREAM.DELETE." + stream, null, "delete stream " + stream);
    }

    /** Purges the messages below {@code keepFromSeq} (on an empty stream: moves its first sequence there). */
    public void purgeBelow(String stream, long keepFromSeq) {
        request("STREAM.PURGE." + stream, "{\"seq\":" + keepFromSeq + "}", "purge stream " + stream);
    }

    /** Deletes one message; a message already gone is not an error. */
    public void deleteMessage(String stream, long sequence) {
        try {
            request("STREAM.MSG.DELETE." + stream, "{\"seq\":" + sequence + ",\"no_erase\":true}",
                    "delete message " + sequence + " of stream " + stream);
        } catch (SnapshotException e) {
            if (e.serverErrorCode() != NO_MESSAGE_FOUND) {
                throw e;
            }
        }
    }

    /** The sequence of the first message on {@code subject} at or after {@code from}, or 0 when there is none. */
    public long nextSequenceOn(String stream, String subject, long from) {
        try {
            String text = request("STREAM.MSG.GET." + stream, "{\"seq\":" + from + ",\"next_by_subj\":" + quote(subject) + "}",
                    "read stream " + stream + " from sequence " + from);
            JsonValue message = parse(text).map.get("message");
            return message == null || message.map == null ? 0 : JsonText.number(message.map, "seq");
        } catch (SnapshotException e) {
            if (e.serverErrorCode() == NO_MESSAGE_FOUND) {
                return 0;
            }
            throw e;
        }
    }

    public void purgeSubject(String stream, String subject) {
        request("STREAM.PURGE." + stream, "{\"filter\":" + quote(subject) + "}", "purge stream " + stream);
    }

    /**
     * Starts a server-side restore (nats-server 2.15+ reads its own backup archive): the stream
     * must not exist. Returns the subject the archive's chunks go to.
     */
    public String startRestore(String stream, String requestJson) {
        String text = request("STREAM.RESTORE." + stream, requestJson, "start the restore of stream " + stream);
        JsonValue subject = parse(text).map.get("deliver_subject");
        if (subject == null || subject.string == null || subject.string.isEmpty()) {
            throw new SnapshotException(ErrorCode.SERVER, "the server's answer to the restore of stream " + stream
                    + " names no subject to send the snapshot to");
        }
        return subject.string;
    }

    /** The API error an answer carries, or null. */
    public static @Nullable Map<String, JsonValue> errorOf(String answer) {
        JsonValue error = parse(answer).map.get("error");
        return error != null && error.map != null ? error.map : null;
    }

    /** The exception for an API answer that carries an error (see {@link #errorOf}). */
    public static SnapshotException failure(String answer, String what) {
        Map<String, JsonValue> error = errorOf(answer);
        if (error == null) {
            return new SnapshotException(ErrorCode.SERVER, "could not " + what + ": unexpected answer " + answer);
        }
        JsonValue code = error.get("err_code");
        JsonValue description = error.get("description");
        int errCode = code != null && code.number != null ? code.number.intValue() : 0;
        String reason = description != null && description.string != null ? description.string : answer;
        if (errCode == NOT_ENABLED_FOR_ACCOUNT) {
            reason = "JetStream is not enabled for this account on that server (" + reason + ")";
        }
        return new SnapshotException(errCode == STREAM_NOT_FOUND ? ErrorCode.NOT_FOUND : ErrorCode.SERVER,
                "could not " + what + ": " + reason + (errCode != 0 ? " (err_code " + errCode + ")" : ""), null, errCode);
    }

    /** No answer in time: the server or its cluster is slow or electing a leader (a read is asked again). */
    private SnapshotException unanswered(String what, Exception cause) {
        return new SnapshotException(ErrorCode.SERVER, "could not " + what + ": no answer from the JetStream API within "
                + timeout.toSeconds() + "s", cause instanceof TimeoutException ? cause : new TimeoutException(cause.getMessage()));
    }

    /**
     * Nothing listens on the JetStream API: the server runs without JetStream, or the account has
     * none (or the API is under another prefix or domain). Said at once: waiting would not change it.
     */
    private static SnapshotException noResponders(String what, String subject) {
        return new SnapshotException(ErrorCode.SERVER, "could not " + what + ": JetStream is not enabled on that server or "
                + "for this account (nothing answers " + subject + ": no responders)");
    }

    public static JsonValue parse(String json) {
        try {
            return JsonParser.parse(json);
        } catch (JsonParseException e) {
            throw new SnapshotException(ErrorCode.SERVER, "the server sent malformed JSON: " + e.getMessage(), e);
        }
    }

    public static String quote(String s) {
        return new JsonValue(s).toJson();
    }

    /**
     * A request that only reads, and so may be asked again: a cluster electing a leader drops
     * requests meanwhile, so one that goes unanswered, or is answered "temporarily unavailable",
     * is repeated for up to {@link #READ_PATIENCE}.
     */
    private String read(String api, @Nullable String body, String what) {
        return ClusterPatience.call(READ_PATIENCE, () -> request(api, body, what));
    }

    private String request(String api, @Nullable String body, String what) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String subject = prefix + api;
        Message reply;
        java.util.concurrent.CompletableFuture<Message> answer;
        try {
            answer = connection.requestWithTimeout(subject, null, payload, timeout);
        } catch (RuntimeException e) {
            throw new SnapshotException(ErrorCode.SERVER, "could not " + what + ": " + e.getMessage(), e);
        }
        try {
            reply = answer.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while trying to " + what, e);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw unanswered(what, e);
        } catch (java.util.concurrent.CancellationException e) {
            // jnats cancels a request that timed out or whose connection closes, and one the server
            // answered "no responders" (503) with a plain cancel
            if (answer instanceof NatsRequestCompletableFuture f && f.wasCancelledClosing()) {
                // closed for good (jetsnap closes it at a permission violation), or a moment's loss, after
                // which a read is asked again (see ClusterPatience) as one unanswered while the client reconnects
                boolean closed = connection.getStatus() == Connection.Status.CLOSED;
                throw new SnapshotException(ErrorCode.SERVER, "could not " + what + ": the connection to the server "
                        + (closed ? "was closed" : "was lost") + " before it answered", closed ? e : new TimeoutException(e.getMessage()));
            }
            throw answer instanceof NatsRequestCompletableFuture f && f.wasCancelledTimedOut() ? unanswered(what, e)
                    : noResponders(what, subject);
        } catch (java.util.concurrent.ExecutionException e) {
            // a connection built with reportNoResponders() reports the 503 as an exception, one with
            // useTimeoutException() a time-out
            if (e.getCause() instanceof JetStreamStatusException status && status.getStatus().getCode() == NO_RESPONDERS) {
                throw noResponders(what, subject);
            }
            if (e.getCause() instanceof TimeoutException t) {
                throw unanswered(what, t);
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SnapshotException(ErrorCode.SERVER, "could not " + what + ": " + cause.getMessage(), cause);
        }
        if (reply.isStatusMessage()) {
            if (reply.getStatus().getCode() == NO_RESPONDERS) {
                throw noResponders(what, subject);
            }
            throw new SnapshotException(ErrorCode.SERVER, "could not " + what + ": the server answered with status "
                    + reply.getStatus().getCode() + " " + reply.getStatus().getMessage());
        }
        String text = new String(reply.getData(), StandardCharsets.UTF_8);
        if (errorOf(text) != null) {
            throw failure(text, what);
        }
        return text;
    }
}

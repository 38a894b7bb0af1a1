package io.jetsnap.it.support;

import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The official NATS JavaScript client ({@code @nats-io/transport-node}, {@code jetstream}, {@code kv},
 * {@code obj}, pinned by {@code it-tests/js/package-lock.json}) as a second, independent client: each
 * call runs {@code it-tests/js/jsclient.mjs} once with node, the request as JSON on stdin and the
 * answer as JSON on stdout. The script's header lists every command and its fields; this class
 * gives the common ones typed methods and {@link #call} the rest. A failing run fails the test with
 * the script's stderr; missing {@code node_modules} fails it too, saying how to install them.
 */
public final class JsClient {
    private static final Path DIR = findDir();
    private static final long TIMEOUT_SECONDS = 120;

    private final String url;

    private JsClient(String url) {
        this.url = url;
    }

    public static JsClient of(String url) {
        return new JsClient(url);
    }

    public static JsClient of(NatsServerExtension server) {
        return new JsClient(server.url());
    }

    // ---- typed commands -----------------------------------------------------------------------

    /** Publishes the messages in order, one at a time; JetStream ones wait for their ack. */
    public List<Ack> publish(List<Message> messages) {
        List<Object> list = new ArrayList<>();
        for (Message m : messages) {
            list.add(m.toRequest());
        }
        JsonValue answer = call("publish", Map.of("messages", list));
        List<Ack> acks = new ArrayList<>();
        for (JsonValue a : answer.map.get("acks").array) {
            acks.add(Ack.of(a));
        }
        return acks;
    }

    public Ack publish(Message message) {
        return publish(List.of(message)).get(0);
    }

    /** Every message of the stream through STREAM.MSG.GET, its info (with the deleted list) and its consumers. */
    public Dump dump(String stream) {
        JsonValue answer = call("dump", Map.of("stream", stream, "deleted", true));
        List<StoredMessage> messages = new ArrayList<>();
        for (JsonValue m : answer.map.get("messages").array) {
            messages.add(StoredMessage.of(m));
        }
        return new Dump(answer.map.get("info"), messages, answer.map.get("consumers").array);
    }

    /** The stream's info as the JS client reads it: {@code config} and {@code state}. */
    public JsonValue info(String stream) {
        return call("info", Map.of("stream", stream, "deleted", true));
    }

    /**
     * Fetches up to {@code count} messages from a durable consumer (pull, or push through
     * {@code getPushConsumer}: a push consumer may be sent more than it is asked for, and those
     * stay ack-pending) and acknowledges the first {@code ack} of them (none when its ack policy is
     * none).
     */
    public Next next(String stream, String consumer, int count, int ack) {
        return Next.of(call("next", Map.of("stream", stream, "consumer", consumer, "count", count, "ack", ack)));
    }

    /**
     * Runs several commands over one connection, in order or all at once ({@code parallel}); each
     * is {@link #command}{@code ("name", fields...)}. The answers, one per command.
     */
    public List<JsonValue> batch(boolean parallel, List<? extends Map<String, ?>> commands) {
        return call("batch", Map.of("commands", commands, "parallel", parallel)).map.get("answers").array;
    }

    /** One command for {@link #batch}: {@code command("delete", "stream", "S", "seq", 4L)}. */
    public static Map<String, Object> command(String name, Object... fieldsAndValues) {
        return fields("command", name, fieldsAndValues);
    }

    /** Runs KV operations on one bucket ({@link #op}); the answer's {@code results}, one per operation. */
    public List<JsonValue> kv(String bucket, Map<?, ?>... ops) {
        return kv(bucket, List.of(ops));
    }

    public List<JsonValue> kv(String bucket, List<? extends Map<?, ?>> ops) {
        return call("kv", Map.of("bucket", bucket, "ops", ops)).map.get("results").array;
    }

    /** Runs Object Store operations on one bucket ({@link #op}); one result per operation. */
    public List<JsonValue> obj(String bucket, Map<?, ?>... ops) {
        return call("obj", Map.of("bucket", bucket, "ops", List.of(ops))).map.get("results").array;
    }

    /** One operation for {@link #kv} or {@link #obj}: {@code op("put", "key", "a", "value", bytes)}. */
    public static Map<String, Object> op(String name, Object... fieldsAndValues) {
        return fields("op", name, fieldsAndValues);
    }

    private static Map<String, Object> fields(String key, String name, Object... fieldsAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, name);
        for (int i = 0; i + 1 < fieldsAndValues.length; i += 2) {
            m.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return m;
    }

    // ---- the process --------------------------------------------------------------------------

    /**
     * Runs one command with these request fields (the url is added); values are Strings, numbers,
     * booleans, byte[] (sent as base64), Lists, Maps and JsonValues.
     */
    public JsonValue call(String command, Map<String, ?> request) {
        Map<String, Object> full = new LinkedHashMap<>(request);
        full.put("url", url);
        String json = toJson(full).toJson();
        requireInstalled();
        Process process;
        try {
            process = new ProcessBuilder("node", DIR.resolve("jsclient.mjs").toString(), command)
                    .directory(DIR.toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("could not start node (Node.js 20+ must be on the PATH): " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the script died before reading its request: its stderr below says why
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("jsclient " + command + " did not finish in " + TIMEOUT_SECONDS + "s; stderr:\n"
                        + new String(err.join(), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for jsclient " + command, e);
        }
        String stdout = new String(out.join(), StandardCharsets.UTF_8);
        String stderr = new String(err.join(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("jsclient " + command + " failed (exit " + process.exitValue() + "):\n" + stderr
                    + "\nrequest: " + shorten(json));
        }
        try {
            return JsonParser.parse(stdout);
        } catch (IOException e) {
            throw new AssertionError("jsclient " + command + " answered no JSON: " + shorten(stdout) + "\nstderr:\n" + stderr, e);
        }
    }

    private static void requireInstalled() {
        if (!Files.isDirectory(DIR.resolve("node_modules/@nats-io/transport-node"))) {
            throw new AssertionError("the NATS JavaScript client is not installed in " + DIR.resolve("node_modules")
                    + ": run `npm ci --prefix it-tests/js` (from the repository root; .ci/test does this)");
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Path findDir() {
        // surefire runs in it-tests; from the repository root the directory is it-tests/js
        Path here = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        for (Path candidate : new Path[] {here.resolve("js"), here.resolve("it-tests/js")}) {
            if (Files.isRegularFile(candidate.resolve("jsclient.mjs"))) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("no it-tests/js/jsclient.mjs under " + here.toAbsolutePath());
    }

    private static String shorten(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "... (" + s.length() + " chars)";
    }

    public static JsonValue toJson(@Nullable Object o) {
        if (o == null) {
            return JsonValue.NULL;
        }
        if (o instanceof JsonValue v) {
            return v;
        }
        if (o instanceof String s) {
            return new JsonValue(s);
        }
        if (o instanceof byte[] bytes) {
            return new JsonValue(Base64.getEncoder().encodeToString(bytes));
        }
        if (o instanceof Boolean b) {
            return new JsonValue(b);
        }
        if (o instanceof Integer i) {
            return new JsonValue(i.intValue());
        }
        if (o instanceof Long l) {
            return new JsonValue(l.longValue());
        }
        if (o instanceof Number n) {
            return new JsonValue(n.doubleValue());
        }
        if (o instanceof Map<?, ?> map) {
            Map<String, JsonValue> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), toJson(v)));
            return new JsonValue(out);
        }
        if (o instanceof List<?> list) {
            List<JsonValue> out = new ArrayList<>();
            list.forEach(v -> out.add(toJson(v)));
            return new JsonValue(out);
        }
        throw new IllegalArgumentException("no JSON for a " + o.getClass().getName());
    }

    public static @Nullable String string(JsonValue v, String field) {
        JsonValue f = v.map.get(field);
        return f == null || f.type == JsonValue.Type.NULL ? null : f.string;
    }

    public static long number(JsonValue v, String field) {
        JsonValue f = v.map.get(field);
        if (f == null || f.number == null) {
            throw new AssertionError("no number " + field + " in " + shorten(v.toJson()));
        }
        return f.number.longValue();
    }

    public static boolean bool(JsonValue v, String field) {
        JsonValue f = v.map.get(field);
        return f != null && Boolean.TRUE.equals(f.bool);
    }

    private static byte[] unbase64(@Nullable String s) {
        return s == null ? new byte[0] : Base64.getDecoder().decode(s);
    }

    // ---- values -------------------------------------------------------------------------------

    /**
     * One message to publish. {@code headers} go through the JS client's own {@code headers()}
     * (null: none; an empty list: an empty {@code headers()} object); {@code rawHeaders} is a header
     * block sent byte for byte with HPUB instead. {@code jetstream} publishes wait for the ack;
     * {@code expectError} turns a refused publish into an {@link Ack} with its error (and a
     * successful one into a failure), {@code mayFail} a refused one only.
     */
    public record Message(String subject, byte[] data, @Nullable List<Map.Entry<String, String>> headers,
                   byte @Nullable [] rawHeaders, boolean jetstream, @Nullable String msgId,
                   Map<String, Object> expect, @Nullable String ttl, boolean expectError, boolean mayFail) {
        public Message {
            expect = Map.copyOf(expect);
            headers = headers == null ? null : List.copyOf(headers);
        }

        public static Message of(String subject, String data) {
            return new Message(subject, data.getBytes(StandardCharsets.UTF_8), null, null, true, null, Map.of(), null, false, false);
        }

        public static Message of(String subject, byte[] data) {
            return new Message(subject, data, null, null, true, null, Map.of(), null, false, false);
        }

        /** Headers through the JS API, as name/value pairs: {@code withHeaders("A", "1", "B", "2")}. */
        public Message withHeaders(String... namesAndValues) {
            List<Map.Entry<String, String>> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
                pairs.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
            }
            return new Message(subject, data, pairs, null, jetstream, msgId, expect, ttl, expectError, mayFail);
        }

        /** This exact header block (e.g. {@code "NATS/1.0\r\nA: b \r\n\r\n"} as bytes), sent raw. */
        public Message withRawHeaders(byte[] block) {
            return new Message(subject, data, null, block.clone(), jetstream, msgId, expect, ttl, expectError, mayFail);
        }

        public Message withRawHeaders(String block) {
            return withRawHeaders(block.getBytes(StandardCharsets.UTF_8));
        }

        /** A core NATS publish: no ack is awaited. */
        public Message core() {
            return new Message(subject, data, headers, rawHeaders, false, msgId, expect, ttl, expectError, mayFail);
        }

        public Message withMsgId(String id) {
            return new Message(subject, data, headers, rawHeaders, jetstream, id, expect, ttl, expectError, mayFail);
        }

        /** An expectation: {@code lastSequence}, {@code lastMsgID}, {@code lastSubjectSequence} or {@code streamName}. */
        public Message expecting(String what, Object value) {
            Map<String, Object> e = new LinkedHashMap<>(expect);
            e.put(what, value);
            return new Message(subject, data, headers, rawHeaders, jetstream, msgId, e, ttl, expectError, mayFail);
        }

        /** A per-message TTL (Nats-TTL, e.g. "10s"; the stream needs allow_msg_ttl, 2.11+). */
        public Message withTtl(String value) {
            return new Message(subject, data, headers, rawHeaders, jetstream, msgId, expect, value, expectError, mayFail);
        }

        /** The server is expected to refuse it: the refusal comes back in the ack. */
        public Message expectingError() {
            return new Message(subject, data, headers, rawHeaders, jetstream, msgId, expect, ttl, true, mayFail);
        }

        /** The server may refuse it (a limit, a deny flag): a refusal comes back in the ack instead of failing the run. */
        public Message allowedToFail() {
            return new Message(subject, data, headers, rawHeaders, jetstream, msgId, expect, ttl, expectError, true);
        }

        public Map<String, Object> toRequest() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", subject);
            m.put("data", data);
            if (headers != null) {
                List<Object> pairs = new ArrayList<>();
                headers.forEach(e -> pairs.add(List.of(e.getKey(), e.getValue())));
                m.put("headers", pairs);
            }
            if (rawHeaders != null) {
                m.put("rawHeaders", rawHeaders);
            }
            m.put("jetstream", jetstream);
            if (msgId != null) {
                m.put("msgID", msgId);
            }
            if (!expect.isEmpty()) {
                m.put("expect", expect);
            }
            if (ttl != null) {
                m.put("ttl", ttl);
            }
            m.put("expectError", expectError);
            m.put("mayFail", mayFail);
            return m;
        }
    }

    /** A JetStream ack (stream, seq, duplicate), or the error of a publish that expected one; null fields for core publishes. */
    public record Ack(@Nullable String stream, long seq, boolean duplicate, @Nullable String error, long errorCode) {
        public static Ack of(JsonValue v) {
            if (v.type == JsonValue.Type.NULL) {
                return new Ack(null, 0, false, null, 0);
            }
            if (v.map.containsKey("error")) {
                JsonValue code = v.map.get("code");
                return new Ack(null, 0, false, string(v, "error"), code == null || code.number == null ? 0 : code.number.longValue());
            }
            return new Ack(string(v, "stream"), number(v, "seq"), bool(v, "duplicate"), null, 0);
        }
    }

    /**
     * A stored message as the JS client reads it: {@code hdrs} is the header block exactly as the
     * server returned it (base64, null when there is none), {@code data} the payload (base64),
     * {@code time} the stored timestamp as the server wrote it, {@code headers} the JS client's
     * parse of the block (name, value pairs).
     */
    public record StoredMessage(long seq, String subject, @Nullable String hdrs, String data, String time, List<List<String>> headers) {
        public static StoredMessage of(JsonValue m) {
            List<List<String>> headers = new ArrayList<>();
            for (JsonValue pair : m.map.get("headers").array) {
                headers.add(List.of(pair.array.get(0).string, pair.array.get(1).string));
            }
            return new StoredMessage(number(m, "seq"), string(m, "subject"), string(m, "hdrs"),
                    string(m, "data") == null ? "" : string(m, "data"), string(m, "time"), List.copyOf(headers));
        }

        public byte @Nullable [] headerBytes() {
            return hdrs == null ? null : unbase64(hdrs);
        }

        public byte[] dataBytes() {
            return unbase64(data);
        }

        /** Sequence, subject, exact header bytes and payload: what a restore must bring back. */
        public String withoutTime() {
            return seq + " " + subject + " hdrs=" + hdrs + " data=" + data;
        }
    }

    /** A stream as the JS client sees it. */
    public record Dump(JsonValue info, List<StoredMessage> messages, List<JsonValue> consumers) {
        public Dump {
            messages = List.copyOf(messages);
            consumers = List.copyOf(consumers);
        }

        public JsonValue config() {
            return info.map.get("config");
        }

        public JsonValue state() {
            return info.map.get("state");
        }

        public long firstSeq() {
            return number(state(), "first_seq");
        }

        public long lastSeq() {
            return number(state(), "last_seq");
        }

        public long count() {
            return number(state(), "messages");
        }

        /** The deleted sequences the server listed (empty when none). */
        public List<Long> deleted() {
            JsonValue d = state().map.get("deleted");
            List<Long> out = new ArrayList<>();
            if (d != null && d.array != null) {
                d.array.forEach(v -> out.add(v.number.longValue()));
            }
            return out;
        }

        public List<String> withoutTimes() {
            return messages.stream().map(StoredMessage::withoutTime).toList();
        }
    }

    /** One delivery of {@link #next}. */
    public record Delivery(long seq, long consumerSeq, String subject, long deliveryCount, long pending, String data, boolean acked) {
        public static Delivery of(JsonValue d) {
            return new Delivery(number(d, "seq"), number(d, "consumerSeq"), string(d, "subject"), number(d, "deliveryCount"),
                    number(d, "pending"), string(d, "data"), bool(d, "acked"));
        }
    }

    /** What {@link #next} delivered, and the consumer's info after the acks. */
    public record Next(List<Delivery> delivered, JsonValue info) {
        public Next {
            delivered = List.copyOf(delivered);
        }

        /** The answer of a {@code next} command. */
        public static Next of(JsonValue answer) {
            List<Delivery> delivered = new ArrayList<>();
            for (JsonValue d : answer.map.get("delivered").array) {
                delivered.add(Delivery.of(d));
            }
            return new Next(delivered, answer.map.get("info"));
        }

        public List<Long> seqs() {
            return delivered.stream().map(Delivery::seq).toList();
        }
    }
}

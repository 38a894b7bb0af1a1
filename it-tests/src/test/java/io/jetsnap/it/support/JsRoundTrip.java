package io.jetsnap.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.it.support.JsClient.Ack;
import io.jetsnap.it.support.JsClient.Delivery;
import io.jetsnap.it.support.JsClient.Dump;
import io.jetsnap.it.support.JsClient.Next;
import io.jetsnap.it.support.JsClient.StoredMessage;
import io.nats.client.support.JsonValue;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One {@link RandomStreamCase} end to end, written and read by the NATS JavaScript client: built
 * on a source server and consumed in part, snapshotted, and then restored into a target server
 * under another name, each restore compared with the original as the JavaScript client sees both:
 * every message (sequence, subject, exact header bytes, payload; the timestamp when the server
 * restored it), the stream's state and configuration, each durable consumer's configuration, what
 * the next publish is given, and each consumer's next deliveries (a few fetched and acknowledged,
 * then all the rest). What the original delivers next is read once, after the snapshot and its
 * ack wait (so that what it had left unacknowledged is due again), and the original is left as it
 * is then.
 */
public final class JsRoundTrip {
    /** How many messages each consumer is given first when the next deliveries are compared. */
    private static final int FIRST_BATCH = 2;
    private static final int ALL_LEFT = 1000;

    private final RandomStreamCase c;
    private final String file;
    private final int sourceMinor;
    private final Dump original;
    private final Ack originalAfter;
    private final Map<String, List<Next>> originalNext;

    private JsRoundTrip(RandomStreamCase c, String file, int sourceMinor, Dump original, Ack originalAfter,
                        Map<String, List<Next>> originalNext) {
        this.c = c;
        this.file = file;
        this.sourceMinor = sourceMinor;
        this.original = original;
        this.originalAfter = originalAfter;
        this.originalNext = originalNext;
    }

    /** Builds the case on the source server, snapshots it into {@code dir} and reads what the original delivers next. */
    public static JsRoundTrip snapshotOf(RandomStreamCase c, String sourceUrl, int sourceMinor, Path dir) throws Exception {
        JsClient js = JsClient.of(sourceUrl);
        build(js, c);
        Dump original = js.dump(c.stream());
        String format = c.seed() % 2 == 0 ? "json" : "cbor";
        // one file per direction of a round trip: an existing snapshot is never written over
        String file = dir.resolve(c.stream() + "-from-2." + sourceMinor + "." + format).toString();
        CliRun snap = CliRun.run(sourceUrl, "snapshot", c.stream(), file, "--format", format);
        assertEquals(0, snap.exitCode(), () -> c.describe() + "\nsnapshot: " + snap);
        Thread.sleep(RandomStreamCase.ACK_WAIT_NANOS / 1_000_000 + 300);
        Ack after = js.publish(c.afterSnapshot());
        return new JsRoundTrip(c, file, sourceMinor, original, after, next(js, c, c.stream()));
    }

    private static void build(JsClient js, RandomStreamCase c) throws InterruptedException {
        List<Map<String, ?>> first = new ArrayList<>();
        first.add(JsClient.command("stream", "config", c.config()));
        for (RandomStreamCase.Consumer s : c.consumers()) {
            if (s.early()) {
                first.add(JsClient.command("consumer", "stream", c.stream(), "config", s.config()));
            }
        }
        first.addAll(c.before());
        js.batch(false, first);
        Thread.sleep(20);
        String between = Instant.now().toString();
        Thread.sleep(20);
        List<Map<String, ?>> second = new ArrayList<>();
        for (RandomStreamCase.Consumer s : c.consumers()) {
            if (!s.early()) {
                Map<String, Object> config = new LinkedHashMap<>(s.config());
                if (s.deliverPolicy().equals("by_start_time")) {
                    config.put("opt_start_time", between);
                }
                second.add(JsClient.command("consumer", "stream", c.stream(), "config", config));
            }
        }
        second.addAll(c.after());
        js.batch(false, second);
        List<Map<String, ?>> consume = new ArrayList<>();
        for (RandomStreamCase.Consumer s : c.consumers()) {
            if (s.fetch() > 0) {
                consume.add(JsClient.command("next", "stream", c.stream(), "consumer", s.name(), "count", s.fetch(),
                        "upToPending", true, "ack", s.acks(), "expiresMs", 1000));
            }
        }
        js.batch(true, consume);
    }

    /**
     * Each consumer's next deliveries: first {@link #FIRST_BATCH}, then all it has left (until a
     * fetch of up to {@link #ALL_LEFT} expires: nats-server 2.9.10 can report num_pending 0 while a
     * message is still there for the consumer, so its count is not what to ask for), each acknowledged.
     */
    private static Map<String, List<Next>> next(JsClient js, RandomStreamCase c, String stream) {
        Map<String, List<Next>> out = new TreeMap<>();
        for (int count : new int[] {FIRST_BATCH, ALL_LEFT}) {
            List<Map<String, ?>> batch = new ArrayList<>();
            for (RandomStreamCase.Consumer s : c.consumers()) {
                batch.add(JsClient.command("next", "stream", stream, "consumer", s.name(), "count", count,
                        "upToPending", count == FIRST_BATCH, "ack", "all", "expiresMs", 1000));
            }
            List<JsonValue> answers = js.batch(true, batch);
            for (int i = 0; i < answers.size(); i++) {
                out.computeIfAbsent(c.consumers().get(i).name(), k -> new ArrayList<>()).add(Next.of(answers.get(i)));
            }
        }
        return out;
    }

    /**
     * Restores the snapshot into the target server as {@code <stream>_R} (replacing it) with this
     * method, and asserts the restored stream is the original as the JavaScript client sees it.
     *
     * @param targetMinor the target server's feature level (fields only one of the servers knows are
     *     compared as described at {@link #assertSameConfig})
     */
    public void assertRestoresInto(String targetUrl, int targetMinor, String method) {
        String name = c.stream() + "_R";
        CliRun restore = CliRun.run(targetUrl, "restore", name, file, "--method", method, "--force");
        String what = c.describe() + " (" + method + " restore)";
        assertEquals(0, restore.exitCode(), () -> what + ": " + restore);
        String context = what + "\n" + restore.out().strip();
        JsClient js = JsClient.of(targetUrl);
        Dump restored = js.dump(name);

        boolean serverSide = method.equals("server");
        // nats-server 2.14+ removes a status from a published header block (the restore's note says so)
        boolean statusRemoved = !serverSide && targetMinor >= 14;
        List<String> messagesWanted = original.messages().stream().map(m -> statusRemoved
                ? new StoredMessage(m.seq(), m.subject(), withoutStatus(m.hdrs()), m.data(), m.time(), m.headers()).withoutTime()
                : m.withoutTime()).toList();
        assertEquals(messagesWanted, restored.withoutTimes(), () -> context + ": the messages");
        if (!messagesWanted.equals(original.withoutTimes())) {
            assertTrue(restore.out().contains("removes it on publish"), () -> context + ": the note on status lines");
        }
        if (serverSide) {
            assertEquals(times(original), times(restored), () -> context + ": the server-side restore keeps the timestamps");
        }
        // the publishing restore stores every message anew: the first and last timestamps are the restore's;
        // the server-side restore (2.15) pads deleted messages after the last one with skips, which leave
        // last_ts at the last stored message's time: the deleted last message's time cannot come back
        List<StoredMessage> messages = original.messages();
        boolean lastDeleted = messages.isEmpty() ? original.lastSeq() > 0 : messages.get(messages.size() - 1).seq() != original.lastSeq();
        // num_subjects is compared with the subjects the messages really have: nats-server 2.9.10's
        // memory store over-counts it in the original after deletes (it keeps subjects whose last
        // message is gone), so the original's own count is not the truth to compare with
        Set<String> stateExclusions = new java.util.HashSet<>(Set.of("num_subjects"));
        stateExclusions.addAll(!serverSide ? Set.of("first_ts", "last_ts") : lastDeleted ? Set.of("last_ts") : Set.of());
        if (!messagesWanted.equals(original.withoutTimes())) {
            stateExclusions.add("bytes"); // the removed statuses' bytes are not stored
        }
        assertEquals(canonical(original.state(), stateExclusions), canonical(restored.state(), stateExclusions),
                () -> context + ": the stream state");
        long subjects = messages.stream().map(StoredMessage::subject).distinct().count();
        JsonValue restoredSubjects = restored.state().map.get("num_subjects");
        assertEquals(subjects, restoredSubjects == null ? 0 : restoredSubjects.number.longValue(),
                () -> context + ": the restored stream's num_subjects is the number of its messages' subjects");
        assertSameConfig(context + ": the stream configuration", original.config(), restored.config(), targetMinor,
                Set.of("name"));
        assertSameConsumers(context, restored, restore.out(), targetMinor);

        Ack after = js.publish(c.afterSnapshot());
        assertEquals(originalAfter.seq(), after.seq(), () -> context + ": what the next publish is given: " + after);
        assertEquals(originalAfter.errorCode(), after.errorCode(), () -> context + ": the next publish: " + after);
        Map<String, List<Next>> next = next(js, c, name);
        for (RandomStreamCase.Consumer s : c.consumers()) {
            List<Next> want = originalNext.get(s.name());
            List<Next> got = next.get(s.name());
            assertEquals(keys(want.get(0), false), keys(got.get(0), false),
                    () -> context + ": consumer " + s.name() + " delivers first");
            assertEquals(keys(want.get(1), true), keys(got.get(1), true),
                    () -> context + ": consumer " + s.name() + " delivers then");
            assertEquals(left(want.get(1)), left(got.get(1)), () -> context + ": consumer " + s.name() + " has left");
        }
    }

    /**
     * The consumers' configurations, compared whole but for what legitimately differs, each
     * excluded here with its reason.
     */
    private void assertSameConsumers(String context, Dump restored, String restoreOut, int targetMinor) {
        Map<String, JsonValue> was = byName(original.consumers());
        Map<String, JsonValue> is = byName(restored.consumers());
        assertEquals(was.keySet(), is.keySet(), () -> context + ": the durable consumers");
        for (String name : was.keySet()) {
            Set<String> exclusions = restoreOut.contains("consumer " + name + " resumes at sequence")
                    // the publishing restore said it creates this consumer by_start_sequence at its position (README)
                    ? Set.of("deliver_policy", "opt_start_seq", "opt_start_time")
                    : Set.of();
            assertSameConfig(context + ": consumer " + name, was.get(name).map.get("config"), is.get(name).map.get("config"),
                    targetMinor, exclusions);
        }
    }

    /**
     * Compares two configurations, whole but for {@code exclusions} and the {@code _nats.*} metadata
     * the server writes itself (its own version and API level, the server's and not the
     * configuration's: 2.11+). A field only one of the two servers reports (a source and a target
     * of different versions) must be at its zero value there: the generator draws only what both
     * servers can hold.
     */
    private void assertSameConfig(String what, JsonValue was, JsonValue is, int targetMinor, Set<String> exclusions) {
        Map<String, JsonValue> a = withoutServerMetadata(was, exclusions);
        Map<String, JsonValue> b = withoutServerMetadata(is, exclusions);
        if (sourceMinor != targetMinor) {
            // a consumer's name, where only one of the servers reports it, is its durable name (filled in by the server)
            if (a.containsKey("name") != b.containsKey("name")) {
                Map<String, JsonValue> with = a.containsKey("name") ? a : b;
                if (with.get("name").equals(with.get("durable_name"))) {
                    with.remove("name");
                }
            }
            for (String k : new ArrayList<>(a.keySet())) {
                if (!b.containsKey(k) && zero(a.get(k))) {
                    a.remove(k);
                }
            }
            for (String k : new ArrayList<>(b.keySet())) {
                if (!a.containsKey(k) && zero(b.get(k))) {
                    b.remove(k);
                }
            }
        }
        assertEquals(canonical(new JsonValue(a), Set.of()), canonical(new JsonValue(b), Set.of()), what);
    }

    private static Map<String, JsonValue> withoutServerMetadata(JsonValue config, Set<String> exclusions) {
        Map<String, JsonValue> m = new TreeMap<>(config.map);
        exclusions.forEach(m::remove);
        JsonValue metadata = m.get("metadata");
        if (metadata != null && metadata.map != null) {
            Map<String, JsonValue> own = new TreeMap<>(metadata.map);
            own.keySet().removeIf(k -> k.startsWith("_nats."));
            if (own.isEmpty()) {
                m.remove("metadata");
            } else {
                m.put("metadata", new JsonValue(own));
            }
        }
        return m;
    }

    private static boolean zero(JsonValue v) {
        return switch (v.type) {
            case NULL -> true;
            case BOOL -> !v.bool;
            case STRING -> v.string.isEmpty() || v.string.equals("none");
            case MAP -> v.map.isEmpty();
            case ARRAY -> v.array.isEmpty();
            default -> v.number == null || v.number.doubleValue() == 0;
        };
    }

    private static Map<String, JsonValue> byName(List<JsonValue> consumers) {
        Map<String, JsonValue> out = new TreeMap<>();
        consumers.forEach(ci -> out.put(JsClient.string(ci, "name"), ci));
        return out;
    }

    /** JSON with its maps' keys sorted, without {@code exclusions} at the top. */
    public static String canonical(JsonValue v, Set<String> exclusions) {
        if (v.type == JsonValue.Type.MAP) {
            StringBuilder sb = new StringBuilder("{");
            new TreeMap<>(v.map).forEach((k, x) -> {
                if (!exclusions.contains(k)) {
                    sb.append(sb.length() > 1 ? "," : "").append(k).append('=').append(canonical(x, Set.of()));
                }
            });
            return sb.append('}').toString();
        }
        if (v.type == JsonValue.Type.ARRAY) {
            List<String> items = new ArrayList<>();
            v.array.forEach(x -> items.add(canonical(x, Set.of())));
            return items.toString();
        }
        return v.toJson();
    }

    private static List<String> times(Dump d) {
        return d.messages().stream().map(m -> m.seq() + " " + m.time()).toList();
    }

    /**
     * What was delivered: stream sequence, subject and payload. Not the delivery count (a message
     * the original delivers again is a first delivery of the restored consumer: README) nor the
     * consumer sequence (it starts again), nor per-delivery pending counts (they follow the two).
     */
    private static List<String> keys(Next next, boolean sorted) {
        List<Delivery> ds = new ArrayList<>(next.delivered());
        if (sorted) {
            ds.sort(Comparator.comparingLong(Delivery::seq));
        }
        return ds.stream().map(d -> d.seq() + " " + d.subject() + " " + d.data()).toList();
    }

    /** What the consumer has left after it was given all it had: nothing pending, nothing unacknowledged. */
    private static String left(Next next) {
        return "num_pending=" + JsClient.number(next.info(), "num_pending") + " num_ack_pending="
                + JsClient.number(next.info(), "num_ack_pending");
    }

    /** The server's feature level 2.minor, from the version a connection reports ("2.10.27": 10). */
    /**
     * What nats-server 2.14+ stores when the header block {@code hdrs} (base64) is published: what
     * follows {@code NATS/1.0} on the first line removed, and no block when no header is left
     * (server/client.go removeHeaderStatusIfPresent).
     */
    public static @Nullable String withoutStatus(@Nullable String hdrs) {
        if (hdrs == null) {
            return null;
        }
        String block = new String(java.util.Base64.getDecoder().decode(hdrs), java.nio.charset.StandardCharsets.ISO_8859_1);
        int cr = block.indexOf('\r');
        if (!block.startsWith("NATS/1.0") || cr <= "NATS/1.0".length()) {
            return hdrs;
        }
        String kept = "NATS/1.0" + block.substring(cr);
        return kept.equals("NATS/1.0\r\n\r\n") ? null
                : java.util.Base64.getEncoder().encodeToString(kept.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    public static int minorOf(String version) {
        return Integer.parseInt(version.split("\\.")[1]);
    }

    @Override
    public String toString() {
        return c.describe() + " -> " + original.messages().size() + " messages";
    }

    public List<StoredMessage> originalMessages() {
        return original.messages();
    }
}

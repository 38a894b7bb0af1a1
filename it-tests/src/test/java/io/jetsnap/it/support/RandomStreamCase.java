package io.jetsnap.it.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A stream, its durable consumers and what is done to them, drawn from {@code java.util.Random(seed)}
 * for servers of feature level 2.{@code minor}: the same seed and level always give the same case,
 * and nothing here needs a server. Everything is in the JavaScript harness's own requests
 * ({@code jsclient.mjs} {@code batch} commands), so that {@link JsRoundTrip} only runs them.
 *
 * <p>What a case draws: Limits, Interest or WorkQueue retention; file or memory storage; limits
 * ({@code max_msgs_per_subject}, {@code max_msgs} with discard old or new), the duplicate window,
 * {@code allow_direct}, deny delete/purge, a description; on 2.10+ sometimes a subject transform
 * ({@code P.in.>} stored as {@code P.out.>}), metadata, s2 compression and a first sequence. Up to
 * three durable consumers: every deliver policy, ack explicit/all/none, {@code filter_subject} and
 * (2.10+) {@code filter_subjects}, pull or push, some created before the first message and the
 * others after it, each given a few messages of which it acknowledges some, in order (the rest stay
 * ack-pending). Messages published by the JavaScript client with its own headers or with raw header
 * blocks of bytes the server accepts (UTF-8 and other non-ASCII bytes, spaces after the colon,
 * trailing spaces, tabs, empty blocks, repeated names, {@code Nats-Msg-Id}, some of them duplicates),
 * payloads of any bytes, and between them deletes by sequence and purges by subject, up to a
 * sequence and keeping some.
 *
 * <p>Left out, as the README's guarantees say NATS cannot bring them back exactly: a consumer that
 * acknowledged out of order, a {@code new}/{@code last}/{@code by_start_time}/{@code last_per_subject}
 * consumer that was delivered messages and acknowledged none, and a {@code last_per_subject}
 * consumer stopped among its first last-of-each-subject messages.
 */
public record RandomStreamCase(long seed, int minor, String stream, Map<String, Object> config, List<Consumer> consumers,
                        List<Map<String, Object>> before, List<Map<String, Object>> after, JsClient.Message afterSnapshot) {
    /** The ack wait of every consumer that acknowledges: short, so that what it left unacknowledged comes again soon. */
    public static final long ACK_WAIT_NANOS = 1_000_000_000L;

    private static final String[] LEAVES = {"a", "b", "c"};
    private static final String[] HEADER_NAMES = {"X-Name", "x-name", "Content-Type", "X-Multi", "Empty", "Trace-Id"};
    private static final String[] VALUES = {"Zo\u00eb", "plain", "", "two words", "\u2603 snow", "caf\u00e9 \u00fcber",
        "a:b:c", "\u65e5\u672c", "x"};

    /**
     * A durable consumer: its configuration (a {@code by_start_time} one gets its start when it is
     * created), whether it is created before the first message, how many messages it is given
     * before the snapshot and how many of those it acknowledges (in order).
     */
    public record Consumer(String name, Map<String, Object> config, boolean early, int fetch, int acks) {
        public boolean push() {
            return config.containsKey("deliver_subject");
        }

        public String deliverPolicy() {
            return (String) config.get("deliver_policy");
        }
    }

    /** The case for this seed, for a server of feature level 2.{@code minor} (both ends of a restore). */
    public static RandomStreamCase generate(long seed, int minor) {
        Random r = new Random(seed);
        String stream = "RJ" + seed;
        String retention = new String[] {"limits", "interest", "workqueue"}[r.nextInt(3)];
        String storage = r.nextBoolean() ? "file" : "memory";
        boolean transform = minor >= 10 && r.nextInt(4) == 0;
        String in = transform ? stream + ".in" : stream;
        String stored = transform ? stream + ".out" : stream;

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", stream);
        config.put("subjects", List.of(in + ".>"));
        config.put("retention", retention);
        config.put("storage", storage);
        if (transform) {
            config.put("subject_transform", Map.of("src", in + ".>", "dest", stored + ".>"));
        }
        int perSubject = r.nextInt(4) == 0 ? 1 + r.nextInt(4) : 0;
        if (perSubject > 0 && !(minor < 10 && storage.equals("memory"))) {
            // nats-server 2.9.10's memory store, with max_msgs_per_subject and deletes, loses track of
            // a subject's messages (seed 5: a filtered work-queue consumer never delivers a message the
            // stream holds, and num_pending says 0): the original is not a stream to compare with there
            config.put("max_msgs_per_subject", perSubject);
        }
        if (r.nextInt(5) == 0) {
            config.put("max_msgs", 5 + r.nextInt(30));
            config.put("discard", r.nextBoolean() ? "new" : "old");
        }
        if (r.nextInt(3) == 0) {
            config.put("duplicate_window", (30L + r.nextInt(300)) * 1_000_000_000L);
        }
        if (r.nextInt(3) == 0) {
            config.put("allow_direct", true);
        }
        if (r.nextInt(8) == 0) {
            config.put("deny_delete", true);
        }
        if (r.nextInt(8) == 0) {
            config.put("deny_purge", true);
        }
        if (r.nextInt(3) == 0) {
            config.put("description", "random stream " + seed + " " + VALUES[r.nextInt(VALUES.length)]);
        }
        if (minor >= 10 && r.nextInt(3) == 0) {
            config.put("metadata", Map.of("owner", "team-" + r.nextInt(9), "note", VALUES[r.nextInt(VALUES.length)]));
        }
        if (minor >= 10 && storage.equals("file") && r.nextInt(4) == 0) {
            config.put("compression", "s2");
        }
        long firstSeq = 1;
        if (minor >= 10 && r.nextInt(5) == 0) {
            firstSeq = 1 + r.nextInt(100);
            config.put("first_seq", firstSeq);
        }

        List<Consumer> consumers = consumers(r, stream, stored, retention, minor, firstSeq);
        Publisher publisher = new Publisher(r, stream, in, stored, firstSeq);
        List<Map<String, Object>> before = publisher.steps(r.nextInt(26));
        List<Map<String, Object>> after = publisher.steps(r.nextInt(16));
        JsClient.Message afterSnapshot = JsClient.Message.of(in + ".a.x", "after the snapshot").allowedToFail();
        return new RandomStreamCase(seed, minor, stream, Map.copyOf(config), List.copyOf(consumers), before, after, afterSnapshot);
    }

    private static List<Consumer> consumers(Random r, String stream, String stored, String retention, int minor,
                                            long firstSeq) {
        boolean workQueue = retention.equals("workqueue");
        boolean interest = retention.equals("interest");
        String[] policies = {"all", "last", "new", "by_start_sequence", "by_start_time", "last_per_subject"};
        String[] acks = {"explicit", "all", "none"};
        // an Interest stream without consumers holds nothing a restore could bring back (its refusal is RestoreMethodTest's)
        int count = interest ? 1 + r.nextInt(3) : r.nextInt(4);
        List<Consumer> out = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            String name = "c" + j;
            String policy = workQueue ? "all" : policies[r.nextInt(policies.length)];
            String ack = workQueue ? "explicit" : acks[r.nextInt(acks.length)];
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("durable_name", name);
            c.put("deliver_policy", policy);
            c.put("ack_policy", ack);
            if (!ack.equals("none")) {
                c.put("ack_wait", ACK_WAIT_NANOS);
            }
            if (policy.equals("by_start_sequence")) {
                c.put("opt_start_seq", firstSeq + r.nextInt(20));
            }
            int filter = r.nextInt(4);
            if (workQueue && count > 1) {
                c.put("filter_subject", stored + "." + LEAVES[j] + ".>"); // a work queue's consumers take apart subjects
            } else if (filter == 1) {
                String[] singles = {stored + "." + LEAVES[r.nextInt(3)] + ".>", stored + ".*.x", stored + ".b.y"};
                c.put("filter_subject", singles[r.nextInt(singles.length)]);
            } else if (filter == 2 && minor >= 10 && !workQueue) {
                c.put("filter_subjects", List.of(stored + ".a.>", stored + ".c.x"));
            } else if (policy.equals("last_per_subject")) {
                c.put("filter_subject", stored + ".>"); // nats-server 2.9 wants a filter with it
            }
            int fetch = r.nextInt(7);
            int acked = fetch == 0 || ack.equals("none") ? 0 : r.nextInt(fetch + 1);
            if (acked == 0 && fetch > 0 && !ack.equals("none") && !policy.equals("all") && !policy.equals("by_start_sequence")) {
                acked = 1; // delivered, none acknowledged: the server does not say where such a consumer started
            }
            if (policy.equals("last_per_subject") && fetch > 0) {
                // stopped among its first last-of-each-subject messages it would deliver every message from there
                fetch = 1000;
                acked = ack.equals("none") ? 0 : 1000;
            }
            if (!ack.equals("none") && r.nextInt(3) == 0) {
                c.put("deliver_subject", "deliver." + stream + "." + name);
                c.put("max_ack_pending", Math.max(1, Math.min(fetch, 50))); // holds it to what it is given
            }
            boolean early = !policy.equals("by_start_time") && r.nextInt(3) == 0;
            out.add(new Consumer(name, Map.copyOf(c), early, fetch, acked));
        }
        return out;
    }

    /** Draws the publishes, deletes and purges of one phase; grouped into the harness's commands. */
    private static final class Publisher {
        private final Random r;
        private final String stream;
        private final String in;
        private final String stored;
        private final long firstSeq;
        private int published;

        Publisher(Random r, String stream, String in, String stored, long firstSeq) {
            this.r = r;
            this.stream = stream;
            this.in = in;
            this.stored = stored;
            this.firstSeq = firstSeq;
        }

        List<Map<String, Object>> steps(int messages) {
            List<Map<String, Object>> steps = new ArrayList<>();
            List<Map<String, Object>> run = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                run.add(message().toRequest());
                published++;
                int action = r.nextInt(12);
                if (action < 2 || action == 2 && published > 3) {
                    if (!run.isEmpty()) {
                        steps.add(JsClient.command("publish", "messages", List.copyOf(run)));
                        run.clear();
                    }
                    steps.add(action < 2 ? delete() : purge());
                }
            }
            if (!run.isEmpty()) {
                steps.add(JsClient.command("publish", "messages", List.copyOf(run)));
            }
            return List.copyOf(steps);
        }

        private Map<String, Object> delete() {
            // any sequence handed out so far: one already gone is refused, which is fine
            return JsClient.command("delete", "stream", stream, "seq", firstSeq + r.nextInt(published), "erase", r.nextInt(4) == 0, "mayFail", true);
        }

        private Map<String, Object> purge() {
            return switch (r.nextInt(3)) {
                case 0 -> JsClient.command("purge", "stream", stream, "filter", stored + "." + LEAVES[r.nextInt(3)] + ".>",
                        "mayFail", true);
                case 1 -> JsClient.command("purge", "stream", stream, "seq", firstSeq + r.nextInt(published + 1), "mayFail", true);
                default -> JsClient.command("purge", "stream", stream, "keep", r.nextInt(6), "mayFail", true);
            };
        }

        private JsClient.Message message() {
            String subject = in + "." + LEAVES[r.nextInt(3)] + "." + (r.nextBoolean() ? "x" : "y");
            byte[] payload = new byte[r.nextInt(5) == 0 ? 0 : r.nextInt(10) == 0 ? r.nextInt(5000) : r.nextInt(200)];
            r.nextBytes(payload);
            JsClient.Message m = JsClient.Message.of(subject, payload);
            switch (r.nextInt(6)) {
                case 0 -> { } // no headers
                case 1, 2 -> m = m.withHeaders(apiHeaders());
                case 3 -> m = m.withRawHeaders("NATS/1.0\r\n\r\n");
                default -> m = m.withRawHeaders(rawBlock());
            }
            if (r.nextInt(6) == 0 && m.rawHeaders() == null) {
                m = m.withMsgId("id-" + r.nextInt(published + 1)); // some of them repeat an earlier id: duplicates
            }
            return m.allowedToFail(); // discard new at its limit refuses
        }

        private String[] apiHeaders() {
            int n = 1 + r.nextInt(3);
            String[] pairs = new String[2 * n];
            for (int k = 0; k < n; k++) {
                pairs[2 * k] = HEADER_NAMES[r.nextInt(HEADER_NAMES.length)];
                pairs[2 * k + 1] = VALUES[r.nextInt(VALUES.length)];
            }
            return pairs;
        }

        /** A header block of bytes the server stores as they are. */
        private byte[] rawBlock() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(ascii(r.nextInt(8) == 0 ? "NATS/1.0  \r\n" : "NATS/1.0\r\n"));
            int n = r.nextInt(4);
            for (int k = 0; k < n; k++) {
                String name = HEADER_NAMES[r.nextInt(HEADER_NAMES.length)];
                b.writeBytes(ascii(name + ":" + " ".repeat(r.nextInt(3)) + (r.nextInt(6) == 0 ? "\t" : "")));
                if (r.nextInt(5) == 0) {
                    for (int i = r.nextInt(6); i >= 0; i--) {
                        b.write(0x80 + r.nextInt(0x7f)); // bytes that are not UTF-8
                    }
                } else {
                    b.writeBytes(VALUES[r.nextInt(VALUES.length)].getBytes(StandardCharsets.UTF_8));
                }
                b.writeBytes(ascii(" ".repeat(r.nextInt(3)) + "\r\n"));
            }
            if (r.nextInt(5) == 0) {
                b.writeBytes(ascii("Nats-Msg-Id: raw-" + r.nextInt(published + 1) + "\r\n"));
            }
            b.writeBytes(ascii("\r\n"));
            return b.toByteArray();
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Everything the case holds, as the harness's JSON: equal for equal cases. */
    public String toJson() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("seed", seed);
        all.put("minor", minor);
        all.put("config", config);
        List<Object> cs = new ArrayList<>();
        for (Consumer c : consumers) {
            cs.add(Map.of("config", c.config(), "early", c.early(), "fetch", c.fetch(), "acks", c.acks()));
        }
        all.put("consumers", cs);
        all.put("before", before);
        all.put("after", after);
        all.put("afterSnapshot", afterSnapshot.toRequest());
        return JsClient.toJson(all).toJson();
    }

    /** One line for a test's name and its failure messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder("seed ").append(seed).append(" (alone: -Djetsnap.random.seed=").append(seed)
                .append(" -Djetsnap.random.cases=1): ").append(config.get("retention"))
                .append('/').append(config.get("storage"));
        for (String k : List.of("subject_transform", "max_msgs_per_subject", "max_msgs", "discard", "metadata", "compression",
                "first_seq", "deny_delete", "deny_purge", "allow_direct")) {
            if (config.containsKey(k)) {
                sb.append(' ').append(k).append(k.equals("subject_transform") || k.equals("metadata") ? "" : "=" + config.get(k));
            }
        }
        sb.append(", ").append(before.size() + after.size()).append(" steps");
        for (Consumer c : consumers) {
            sb.append(", ").append(c.name()).append(' ').append(c.deliverPolicy()).append('/').append(c.config().get("ack_policy"))
                    .append(c.push() ? "/push" : "/pull")
                    .append(c.config().containsKey("filter_subject") ? "/filter " + c.config().get("filter_subject") : "")
                    .append(c.config().containsKey("filter_subjects") ? "/filters " + c.config().get("filter_subjects") : "")
                    .append(c.early() ? " early" : "").append(" fetch ").append(c.fetch()).append(" ack ").append(c.acks());
        }
        return sb.toString();
    }
}

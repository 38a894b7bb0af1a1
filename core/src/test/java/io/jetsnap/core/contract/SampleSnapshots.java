package io.jetsnap.core.contract;

import io.jetsnap.core.digest.ManifestDigest;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.model.StreamState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Snapshot content for tests: fixed samples and seeded random messages, so that a failure repeats.
 */
public final class SampleSnapshots {
    /** A stream config as a server returns it, with quotes, escapes and non-ASCII text kept verbatim. */
    public static final String STREAM_CONFIG_JSON = "{\"name\":\"orders\",\"subjects\":[\"orders.>\"],"
            + "\"description\":\"caf\u00e9 \\\"quoted\\\" \\u003cb\\u003e \u6771\u4eac \\\\ \\n\","
            + "\"retention\":\"limits\",\"max_msgs\":-1,\"max_bytes\":-1,\"max_age\":0,"
            + "\"storage\":\"file\",\"num_replicas\":1,\"duplicate_window\":120000000000,"
            + "\"metadata\":{\"x\":\"\\t\\u0001\"}}";

    /** A consumer config as a server returns it, with quotes, escapes and non-ASCII text kept verbatim. */
    public static final String CONSUMER_CONFIG_JSON = "{\"durable_name\":\"billing\",\"name\":\"billing\","
            + "\"description\":\"caf\u00e9 \\\"quoted\\\" \\u003cb\\u003e \u6771\u4eac \\\\\","
            + "\"deliver_policy\":\"all\",\"ack_policy\":\"explicit\",\"ack_wait\":30000000000,"
            + "\"max_deliver\":-1,\"filter_subject\":\"orders.>\",\"replay_policy\":\"instant\","
            + "\"max_ack_pending\":1000,\"metadata\":{\"x\":\"\\t\\u0001\"}}";

    public static final Instant CREATED = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

    private static final String[] SUBJECT_WORDS = {"orders", "eu", "caf\u00e9", "\u6771\u4eac", "a-b_c", "x1",
        "\uD83D\uDE80"};
    private static final String[] HEADER_NAMES = {"Nats-Msg-Id", "X-A", "x-a", "Content-Type", "\u00c9t\u00e9"};

    private SampleSnapshots() {
    }

    /** A header with every optional field set. */
    public static SnapshotHeader header() {
        StreamState state = new StreamState(3, 120, 1, 3, Instant.ofEpochSecond(1_699_999_000L, 1),
                Instant.ofEpochSecond(1_699_999_999L, 999_999_999));
        return header(state, new Selection(3L, Instant.ofEpochSecond(1_700_000_001L, 500), 3));
    }

    /** A header of an empty stream: every optional field is null. */
    public static SnapshotHeader headerWithNulls() {
        return header(new StreamState(0, 0, 0, 0, null, null), Selection.everythingUpTo(0));
    }

    /** {@link #header()} with two durable consumers, one of them with sequences beyond a double's precision. */
    public static SnapshotHeader headerWithConsumers() {
        return header().withConsumers(consumers());
    }

    /** Two durable consumers: configs with quotes, escapes and non-ASCII text; large and zero sequences. */
    public static List<ConsumerSnapshot> consumers() {
        long beyondDouble = (1L << 53) + 1;
        return List.of(
                new ConsumerSnapshot("billing", CONSUMER_CONFIG_JSON, 3, 5, 2, 4),
                new ConsumerSnapshot("caf\u00e9-\u6771\u4eac", "{\"name\":\"caf\u00e9-\u6771\u4eac\","
                        + "\"description\":\"\\u003c/script\\u003e \\\"x\\\"\",\"ack_policy\":\"none\"}",
                        Long.MAX_VALUE, beyondDouble, Long.MAX_VALUE - 1, 0));
    }

    public static SnapshotHeader header(StreamState state, Selection selection) {
        return new SnapshotHeader(SnapshotHeader.FORMAT, SnapshotHeader.FORMAT_VERSION, "0.1.0", CREATED,
                "2.10.4", "orders", STREAM_CONFIG_JSON, state, selection);
    }

    public static SnapshotMessage message(long sequence, String subject, byte[] payload, MessageHeader... headers) {
        return new SnapshotMessage(sequence, subject, headers.length == 0 ? HeaderBlock.NONE : HeaderBlock.ofLines(List.of(headers)), payload,
                Instant.ofEpochSecond(1_700_000_000L + sequence % 1_000_000,
                        Math.floorMod(sequence * 7919, 1_000_000_000L)));
    }

    public static SnapshotMessage message(long sequence, String payload) {
        return message(sequence, "orders.new", payload.getBytes(StandardCharsets.UTF_8));
    }

    /** A few small messages, some with headers. */
    public static List<SnapshotMessage> fewMessages() {
        return List.of(
                message(1, "orders.new", bytes("first"), new MessageHeader("Nats-Msg-Id", "a")),
                message(2, "orders.paid", new byte[0]),
                message(3, "orders.caf\u00e9", bytes("third \u00e9"), new MessageHeader("X", "1"),
                        new MessageHeader("X", "2")));
    }

    /** {@code count} messages with increasing sequences, random subjects, headers, payloads and times. */
    public static List<SnapshotMessage> randomMessages(long seed, int count) {
        Random random = new Random(seed);
        List<SnapshotMessage> messages = new ArrayList<>(count);
        long sequence = 0;
        long second = 1_600_000_000L;
        for (int i = 0; i < count; i++) {
            sequence += 1 + (random.nextInt(4) == 0 ? random.nextInt(1000) : 0);
            second += random.nextInt(3);
            StringBuilder subject = new StringBuilder(SUBJECT_WORDS[random.nextInt(SUBJECT_WORDS.length)]);
            for (int tokens = random.nextInt(4); tokens > 0; tokens--) {
                subject.append('.').append(SUBJECT_WORDS[random.nextInt(SUBJECT_WORDS.length)]);
            }
            List<MessageHeader> headers = new ArrayList<>();
            for (int h = random.nextInt(4) == 0 ? random.nextInt(5) : 0; h > 0; h--) {
                headers.add(new MessageHeader(HEADER_NAMES[random.nextInt(HEADER_NAMES.length)],
                        "v" + random.nextInt(100) + (random.nextBoolean() ? " \u00e9\"\\" : "")));
            }
            byte[] payload = new byte[random.nextInt(8) == 0 ? 0 : random.nextInt(2048)];
            random.nextBytes(payload);
            messages.add(new SnapshotMessage(sequence, subject.toString(), headers.isEmpty() ? HeaderBlock.NONE : HeaderBlock.ofLines(headers), payload,
                    Instant.ofEpochSecond(second, random.nextInt(1_000_000_000))));
        }
        return messages;
    }

    /** The trailer a correct writer puts after these messages. */
    public static SnapshotTrailer trailerFor(SnapshotHeader header, List<SnapshotMessage> messages) {
        ManifestDigest digest = new ManifestDigest();
        digest.addHeader(header);
        long payloadBytes = 0;
        for (SnapshotMessage m : messages) {
            digest.addMessage(m);
            payloadBytes += m.payload().length;
        }
        return new SnapshotTrailer(messages.size(), payloadBytes, digest.finish());
    }

    /** {@code length} bytes from a seeded random source. */
    public static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

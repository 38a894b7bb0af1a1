package io.jetsnap.core.contract;

import io.jetsnap.core.digest.ManifestDigest;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
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

    /** A message with these header lines as a block ({@link HeaderBlock#ofLines}), or none when there are none. */
    public static SnapshotMessage message(long sequence, String subject, byte[] payload, MessageHeader... headers) {
        return message(sequence, subject, payload, headers.length == 0 ? HeaderBlock.NONE : HeaderBlock.ofLines(List.of(headers)));
    }

    public static SnapshotMessage message(long sequence, String subject, byte[] payload, HeaderBlock headers) {
        return new SnapshotMessage(sequence, subject, headers, payload,
                Instant.ofEpochSecond(1_700_000_000L + sequence % 1_000_000,
                        Math.floorMod(sequence * 7919, 1_000_000_000L)));
    }

    /** A header block of exactly these characters, each one byte (so 0x80 to 0xFF are single bytes, not UTF-8). */
    public static HeaderBlock latin1Block(String text) {
        return HeaderBlock.of(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Header blocks as clients other than jnats publish them and nats-server stores them, byte for
     * byte: UTF-8 values, odd spacing, trailing spaces, tabs, duplicate names, bytes that are not
     * UTF-8, an empty block, a block of no bytes, and none.
     */
    public static List<HeaderBlock> headerBlocks() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        byte[] large = ("NATS/1.0\r\nX-Big: " + "v".repeat(70_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return List.of(
                HeaderBlock.NONE,
                latin1Block("NATS/1.0\r\n\r\n"),
                HeaderBlock.of(new byte[0]),
                HeaderBlock.of("NATS/1.0\r\nX-Name: Zo\u00eb\r\nCaf\u00e9: \u6771\u4eac \uD83D\uDE80\r\n\r\n".getBytes(StandardCharsets.UTF_8)),
                latin1Block("NATS/1.0\r\nName: value  \r\nX:tight\r\nY:    wide\r\n\r\n"),
                latin1Block("NATS/1.0\r\nTab:\tvalue\t\r\n\tFolded: x\r\n\r\n"),
                latin1Block("NATS/1.0\r\nX: 1\r\nx: 2\r\nX: 3\r\nX:\r\n\r\n"),
                latin1Block("NATS/1.0\r\nX-Raw: \u0080\u00ff\u00e9\r\nX-Half: \u00c3\r\n\r\n"),
                latin1Block("NATS/1.0\r\nA: lone\rcr and lone\nlf \u0000 nul \"q\" \\\r\n\r\n"),
                latin1Block("NATS/1.0 503 No Responders\r\n\r\n"),
                latin1Block("not a header block at all"),
                HeaderBlock.of(everyByte),
                HeaderBlock.of(large));
    }

    public static SnapshotMessage message(long sequence, String payload) {
        return message(sequence, "orders.new", payload.getBytes(StandardCharsets.UTF_8));
    }

    /** A few small messages, some with headers: as jnats writes them, as other clients do, and not UTF-8. */
    public static List<SnapshotMessage> fewMessages() {
        return List.of(
                message(1, "orders.new", bytes("first"), latin1Block("NATS/1.0\r\nNats-Msg-Id:a\r\n\r\n")),
                message(2, "orders.paid", new byte[0]),
                message(3, "orders.caf\u00e9", bytes("third \u00e9"), HeaderBlock.of(
                        "NATS/1.0\r\nX: 1\r\nX: 2 \r\nX-Name: Zo\u00eb\r\n\r\n".getBytes(StandardCharsets.UTF_8))),
                message(4, "orders.raw", bytes("fourth"), latin1Block("NATS/1.0\r\nX-Raw: \u00ff\r\n\r\n")),
                message(5, "orders.empty", bytes("fifth"), latin1Block("NATS/1.0\r\n\r\n")));
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
            HeaderBlock block = headers.isEmpty() ? HeaderBlock.NONE : HeaderBlock.ofLines(headers);
            if (random.nextInt(16) == 0) {
                byte[] raw = new byte[random.nextInt(64)];
                random.nextBytes(raw);
                block = HeaderBlock.of(raw);
            }
            byte[] payload = new byte[random.nextInt(8) == 0 ? 0 : random.nextInt(2048)];
            random.nextBytes(payload);
            messages.add(new SnapshotMessage(sequence, subject.toString(), block, payload,
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

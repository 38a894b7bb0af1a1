package io.jetsnap.format.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.contract.ManifestCodecContract;
import io.jetsnap.core.contract.SampleSnapshots;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.model.StreamState;
import io.jetsnap.core.spi.ManifestCodec;
import io.jetsnap.core.spi.ManifestReader;
import io.jetsnap.core.spi.MatchStrength;
import io.jetsnap.format.jackson.Fields;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonManifestCodecTest extends ManifestCodecContract {
    /** The digest of {@link #sample()}, also given in docs/format.md as a test vector. */
    private static final String DIGEST = "sha256:7446a4aaceb44d122f3e51aea490979076356e5b3ba6d62e5dc3c527e9ddf4f2";

    /** The header block of the sample's first message: spacing, a trailing space, a duplicate name, UTF-8. */
    private static final String FIRST_HEADERS = "NATS/1.0\r\nNats-Msg-Id: a\r\nX: 1\r\nX:2 \r\nName: Zo\u00eb\r\n\r\n";

    /** What the writer makes of {@link #sample()}, byte for byte. */
    private static final String SAMPLE_TEXT = """
            {"format":"jetsnap",
            "format_version":2,
            "tool_version":"0.1.0",
            "created":"2026-11-29T03:00:00.123456789Z",
            "server_version":"2.10.4",
            "stream":"orders",
            "stream_config":"{\\"name\\":\\"orders\\",\\"description\\":\\"\\\\u003c\\"}",
            "stream_state":{"messages":2,"bytes":120,"first_seq":1,"last_seq":2,\
            "first_ts":"2026-11-29T02:00:00.000000000Z","last_ts":null},
            "selection":{"max_seq":null,"before":null,"up_to_seq":2},
            "messages":[
            {"seq":1,"subject":"orders.caf\u00e9","time":"2026-11-29T02:00:00.000000000Z",\
            "headers":"NATS/1.0\\r\\nNats-Msg-Id: a\\r\\nX: 1\\r\\nX:2 \\r\\nName: Zo\u00eb\\r\\n\\r\\n",\
            "payload":"AAH/","crc":"3e1509ae"},
            {"seq":2,"subject":"orders","time":"2026-11-29T02:59:59.000000001Z","payload":"","crc":"9063df87"}
            ],
            "trailer":{"messages":2,"payload_bytes":3,"digest":"%s"}}
            """.formatted(DIGEST);

    /** The first message line of {@link #SAMPLE_TEXT}. */
    private static final String FIRST_MESSAGE = "{\"seq\":1,\"subject\":\"orders.caf\u00e9\","
            + "\"time\":\"2026-11-29T02:00:00.000000000Z\","
            + "\"headers\":\"NATS/1.0\\r\\nNats-Msg-Id: a\\r\\nX: 1\\r\\nX:2 \\r\\nName: Zo\u00eb\\r\\n\\r\\n\","
            + "\"payload\":\"AAH/\",\"crc\":\"3e1509ae\"}";

    /** The digest of {@link #sampleWithBytes()}, also given in docs/format.md as a test vector. */
    private static final String DIGEST_WITH_BYTES = "sha256:b453bc6c75002d0194cd06b4795dbfa018719dd4b80c905c5b267d3fabebe955";

    /** A header block that is not UTF-8: {@code NATS/1.0\r\nX: } then the byte FF, then CRLF twice. */
    private static final byte[] NOT_UTF8_HEADERS = {'N', 'A', 'T', 'S', '/', '1', '.', '0', '\r', '\n', 'X', ':', ' ', (byte) 0xFF,
        '\r', '\n', '\r', '\n'};

    /** The second message line of {@link #sampleWithBytes()}: its header block is not UTF-8, so it is base64. */
    private static final String SECOND_MESSAGE_WITH_BYTES = "{\"seq\":2,\"subject\":\"orders\","
            + "\"time\":\"2026-11-29T02:59:59.000000001Z\",\"headers_base64\":\"TkFUUy8xLjANClg6IP8NCg0K\","
            + "\"payload\":\"\",\"crc\":\"a1f7137a\"}";

    /** What the writer makes of {@link #sampleWithBytes()}, byte for byte. */
    private static final String SAMPLE_WITH_BYTES_TEXT = SAMPLE_TEXT
            .replace("{\"seq\":2,\"subject\":\"orders\",\"time\":\"2026-11-29T02:59:59.000000001Z\",\"payload\":\"\",\"crc\":\"9063df87\"}",
                    SECOND_MESSAGE_WITH_BYTES)
            .replace(DIGEST, DIGEST_WITH_BYTES);

    /** The digest of {@link #sampleWithConsumers()}, also given in docs/format.md as a test vector. */
    private static final String DIGEST_WITH_CONSUMERS = "sha256:8a10bef8fe3d8d6a9edf3e4a8248024f7a86fe87deb89ff4008a861a2b6fa182";

    /** The member the writer puts between "selection" and "messages" for {@link #sampleWithConsumers()}. */
    private static final String CONSUMERS_TEXT = """
            "consumers":[
            {"name":"billing","config":"{\\"durable_name\\":\\"billing\\",\\"ack_policy\\":\\"explicit\\",\
            \\"description\\":\\"\\\\u003c\\"}","delivered_stream_seq":2,"delivered_consumer_seq":2,\
            "ack_floor_stream_seq":1,"ack_floor_consumer_seq":1}
            ],
            """;

    /** What the writer makes of {@link #sampleWithConsumers()}, byte for byte. */
    private static final String SAMPLE_WITH_CONSUMERS_TEXT = SAMPLE_TEXT
            .replace("\"messages\":[\n", CONSUMERS_TEXT + "\"messages\":[\n")
            .replace(DIGEST, DIGEST_WITH_CONSUMERS);

    /** The consumer line of {@link #CONSUMERS_TEXT}. */
    private static final String CONSUMER_LINE = CONSUMERS_TEXT.lines().toList().get(1);

    @Override
    protected ManifestCodec codec() {
        return new JsonManifestCodec();
    }

    /** {@link #sample()} with one durable consumer. */
    private static Snapshot sampleWithConsumers() {
        SnapshotHeader header = sample().header().withConsumers(List.of(new ConsumerSnapshot("billing",
                "{\"durable_name\":\"billing\",\"ack_policy\":\"explicit\",\"description\":\"\\u003c\"}", 2, 2, 1, 1)));
        return new Snapshot(header, sample().messages(), new SnapshotTrailer(2, 3, DIGEST_WITH_CONSUMERS));
    }

    private static Snapshot sample() {
        SnapshotHeader header = new SnapshotHeader("jetsnap", 2, "0.1.0", Instant.parse("2026-11-29T03:00:00.123456789Z"),
                "2.10.4", "orders", "{\"name\":\"orders\",\"description\":\"\\u003c\"}",
                new StreamState(2, 120, 1, 2, Instant.parse("2026-11-29T02:00:00Z"), null),
                Selection.everythingUpTo(2));
        List<SnapshotMessage> messages = List.of(
                new SnapshotMessage(1, "orders.caf\u00e9", HeaderBlock.of(utf8(FIRST_HEADERS)), new byte[] {0, 1, (byte) 0xFF},
                        Instant.parse("2026-11-29T02:00:00Z")),
                new SnapshotMessage(2, "orders", HeaderBlock.NONE, new byte[0], Instant.parse("2026-11-29T02:59:59.000000001Z")));
        return new Snapshot(header, messages, new SnapshotTrailer(2, 3, DIGEST));
    }

    /** {@link #sample()} with a second message whose header block is not UTF-8. */
    private static Snapshot sampleWithBytes() {
        Snapshot sample = sample();
        SnapshotMessage second = sample.messages().get(1);
        return new Snapshot(sample.header(), List.of(sample.messages().get(0), new SnapshotMessage(second.sequence(),
                second.subject(), HeaderBlock.of(NOT_UTF8_HEADERS), second.payload(), second.timestamp())),
                new SnapshotTrailer(2, 3, DIGEST_WITH_BYTES));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The sample text with one piece replaced; fails if the piece is not there. */
    private static byte[] sampleWith(String piece, String replacement) {
        assertTrue(SAMPLE_TEXT.contains(piece), piece);
        return utf8(SAMPLE_TEXT.replace(piece, replacement));
    }

    private static String firstMessageWith(String piece, String replacement) {
        assertTrue(FIRST_MESSAGE.contains(piece), piece);
        return FIRST_MESSAGE.replace(piece, replacement);
    }

    private void assertRefused(byte[] bytes, String expectedPart) {
        SnapshotException e = assertCorrupt(bytes);
        assertTrue(e.getMessage().contains(expectedPart), () -> "expected \"" + expectedPart + "\" in: " + e.getMessage());
    }

    @Test
    void documentIsLaidOutAsSpecified() throws IOException {
        assertEquals(SAMPLE_TEXT, new String(write(sample()), StandardCharsets.UTF_8));
    }

    /** The text of docs/format.md, which gives the samples as test vectors. */
    static String formatDoc() throws IOException {
        return java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "format.md"), StandardCharsets.UTF_8);
    }

    @Test
    void theSpecificationShowsWhatTheWriterWrites() throws IOException {
        String doc = formatDoc();
        String json = doc.substring(doc.indexOf("## 2. JSON encoding"));
        int start = json.indexOf("```\n") + 4;
        assertEquals(SAMPLE_TEXT, json.substring(start, json.indexOf("\n```", start)) + "\n");
        assertTrue(doc.contains("```\n" + SECOND_MESSAGE_WITH_BYTES + "\n```"), "the base64 example line");
        assertTrue(doc.contains("```\n" + CONSUMERS_TEXT + "```"), "the consumers example lines");
        for (String vector : List.of(DIGEST, DIGEST_WITH_BYTES, DIGEST_WITH_CONSUMERS, "message 1 has `3e1509ae`, message 2 has `9063df87`")) {
            assertTrue(doc.contains(vector), vector);
        }
    }

    @Test
    void sampleCarriesItsTrueDigest() {
        Snapshot sample = sample();
        assertEquals(SampleSnapshots.trailerFor(sample.header(), sample.messages()), sample.trailer());
    }

    @Test
    void specifiedLayoutReadsBackAsTheSample() throws IOException {
        assertEquals(sample(), read(utf8(SAMPLE_TEXT)));
    }

    @Test
    void readerSkipsUnknownMembersAndAcceptsOtherTimeForms() throws IOException {
        String text = SAMPLE_TEXT
                .replace("\"tool_version\"", "\"future\":{\"nested\":[1,2.5,{\"x\":null}],\"tool_version\":true},\n"
                        + "\"tool_version\"")
                .replace("\"messages\":[", "\"also_future\":[[]],\n\"messages\":[")
                .replace("\"time\":\"2026-11-29T02:00:00.000000000Z\"", "\"time\":\"2026-11-29T03:00:00+01:00\"")
                .replace("\"seq\":2,", "\"seq\":2,\"extra\":{\"seq\":9},")
                .replace("\"digest\"", "\"later\":0,\"digest\"")
                .replace("}}\n", "},\"after\":[1]}\n");
        assertEquals(sample(), read(utf8(text)));
    }

    // ---- header blocks

    @Test
    void headerBlockThatIsNotUtf8IsBase64AsSpecified() throws IOException {
        Snapshot sample = sampleWithBytes();
        assertEquals(SampleSnapshots.trailerFor(sample.header(), sample.messages()), sample.trailer(), "the true digest");
        assertEquals(SAMPLE_WITH_BYTES_TEXT, new String(write(sample), StandardCharsets.UTF_8));
        assertEquals(sample, read(utf8(SAMPLE_WITH_BYTES_TEXT)));
    }

    @Test
    void headerBlockInBase64ReadsAlikeEvenWhenItIsUtf8() throws IOException {
        String base64 = java.util.Base64.getEncoder().encodeToString(utf8(FIRST_HEADERS));
        String text = SAMPLE_TEXT.replace("\"headers\":\"" + FIRST_HEADERS.replace("\r", "\\r").replace("\n", "\\n") + "\"",
                "\"headers_base64\":\"" + base64 + "\"");
        assertTrue(text.contains(base64));
        assertEquals(sample(), read(utf8(text)));
    }

    @Test
    void emptyHeaderBlockIsAStringAndNoneIsNoMember() throws IOException {
        Snapshot snapshot = Snapshot.of(SampleSnapshots.header(), List.of(
                SampleSnapshots.message(1, "a", new byte[0], HeaderBlock.of(utf8("NATS/1.0\r\n\r\n"))),
                SampleSnapshots.message(2, "b", new byte[0], HeaderBlock.of(new byte[0])),
                SampleSnapshots.message(3, "c", new byte[0], HeaderBlock.NONE)));
        String text = new String(write(snapshot), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"subject\":\"a\",\"time\":\"2023-11-14T22:13:21.000007919Z\",\"headers\":\"NATS/1.0\\r\\n\\r\\n\","), text);
        assertTrue(text.contains(",\"headers\":\"\",\"payload\""), text);
        assertTrue(text.lines().filter(l -> l.contains("\"subject\":\"c\"")).noneMatch(l -> l.contains("headers")), text);
    }

    // ---- format 1: header lines, still read

    @Override
    protected byte[] format1Bytes() {
        return utf8(SampleSnapshots.format1Json());
    }

    private static byte[] format1With(String piece, String replacement) {
        String format1 = SampleSnapshots.format1Json();
        assertTrue(format1.contains(piece), piece);
        return utf8(format1.replace(piece, replacement));
    }

    @Test
    void aChangedFormat1HeaderLineIsCaughtByTheFormat1Checksum() {
        assertRefused(format1With("[\"X\",\"2\"]", "[\"X\",\"3\"]"),
                "message #1 (sequence 1) is damaged: its checksum is 5c6a0085");
    }

    @Test
    void format1HeadersOfTheWrongShapeAreRefused() {
        assertRefused(format1With("[\"X\",\"2\"]", "[\"X\"]"), "[name, value] pairs");
        assertRefused(format1With("[\"X\",\"2\"]", "[\"X\",2]"), "[name, value] pairs");
        assertRefused(format1With("[\"X\",\"2\"]", "[\"X\",\"2\",\"3\"]"), "[name, value] pairs");
        assertRefused(format1With("[\"X\",\"2\"]", "\"X: 2\""), "[name, value] pairs");
        assertRefused(format1With("[[\"Nats-Msg-Id\",\"a\"],[\"X\",\"1\"],[\"X\",\"2\"]]", "\"NATS/1.0\\r\\n\\r\\n\""),
                "\"headers\" must be an array of [name, value] pairs but is a string");
        assertRefused(format1With("[\"X\",\"2\"]", "[\"X\",\"2\\r\\nY: 3\"]"), "holds CR or LF");
        assertRefused(format1With("[\"X\",\"2\"]", "[\"X:Y\",\"2\"]"), "cannot be written in a header block");
        assertRefused(format1With("\"headers\":[", "\"headers_base64\":\"TkFUUy8xLjANCg0K\",\"was\":["),
                "\"headers_base64\" is a member of format 2, in a snapshot of format 1");
    }

    // ---- consumers

    @Test
    void consumersAreLaidOutAsSpecified() throws IOException {
        assertEquals(SAMPLE_WITH_CONSUMERS_TEXT, new String(write(sampleWithConsumers()), StandardCharsets.UTF_8));
    }

    @Test
    void sampleWithConsumersCarriesItsTrueDigest() {
        Snapshot sample = sampleWithConsumers();
        assertEquals(SampleSnapshots.trailerFor(sample.header(), sample.messages()), sample.trailer());
    }

    @Test
    void specifiedConsumersReadBackAsTheSample() throws IOException {
        assertEquals(sampleWithConsumers(), read(utf8(SAMPLE_WITH_CONSUMERS_TEXT)));
    }

    @Test
    void emptyConsumersArrayReadsAsNone() throws IOException {
        assertEquals(sample(), read(sampleWith("\"messages\":[\n", "\"consumers\":[],\n\"messages\":[\n")));
    }

    @Test
    void readerSkipsUnknownMembersAroundAndInsideConsumers() throws IOException {
        String text = SAMPLE_WITH_CONSUMERS_TEXT
                .replace("\"consumers\":[", "\"before\":{\"consumers\":[1]},\n\"consumers\":[")
                .replace("{\"name\":\"billing\",", "{\"name\":\"billing\",\"paused\":true,")
                .replace("\"ack_floor_consumer_seq\":1}", "\"ack_floor_consumer_seq\":1,\"num_pending\":{\"x\":[]}}")
                .replace("],\n\"messages\":[", "],\n\"after\":null,\n\"messages\":[");
        assertEquals(sampleWithConsumers(), read(utf8(text)));
    }

    static Stream<Arguments> badConsumers() {
        return Stream.of(
                Arguments.of("\"name\":\"billing\"", "\"name\":7", "\"name\" must be a string but is an integer"),
                Arguments.of("\"config\":\"{", "\"config\":{\"x\":1},\"was\":\"{",
                        "\"config\" must be a string but is an object"),
                Arguments.of("\"delivered_stream_seq\":2", "\"delivered_stream_seq\":\"2\"",
                        "\"delivered_stream_seq\" must be an integer but is a string"),
                Arguments.of("\"delivered_consumer_seq\":2", "\"delivered_consumer_seq\":2.0",
                        "\"delivered_consumer_seq\" must be an integer but is a fractional number"),
                Arguments.of("\"ack_floor_stream_seq\":1", "\"ack_floor_stream_seq\":99999999999999999999",
                        "\"ack_floor_stream_seq\" is out of range"),
                Arguments.of(",\"ack_floor_consumer_seq\":1", "", "\"ack_floor_consumer_seq\" is missing in the header"),
                Arguments.of("\"ack_floor_stream_seq\":1,\"ack_floor_consumer_seq\":1",
                        "\"ack_floor_consumer_seq\":1,\"ack_floor_stream_seq\":1",
                        "\"ack_floor_consumer_seq\" is where \"ack_floor_stream_seq\" should be"),
                Arguments.of("\"ack_floor_consumer_seq\":1}", "\"ack_floor_consumer_seq\":1,\"name\":\"x\"}",
                        "\"name\" appears twice in \"consumers\""));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badConsumers")
    void malformedConsumerIsRefusedNamingTheMember(String piece, String replacement, String expected) {
        assertTrue(CONSUMER_LINE.contains(piece), piece);
        String text = SAMPLE_WITH_CONSUMERS_TEXT.replace(CONSUMER_LINE, CONSUMER_LINE.replace(piece, replacement));
        SnapshotException e = assertCorrupt(utf8(text));
        assertTrue(e.getMessage().contains(expected), () -> "expected \"" + expected + "\" in: " + e.getMessage());
        assertTrue(e.getMessage().matches(".* in the header \\(byte \\d+\\)"), e.getMessage());
    }

    @Test
    void consumersOfTheWrongShapeOrPlaceAreRefused() {
        assertRefused(sampleWith("\"messages\":[\n", "\"consumers\":{},\n\"messages\":[\n"),
                "\"consumers\" must be an array of objects but is an object in the header");
        assertRefused(sampleWith("\"messages\":[\n", "\"consumers\":[\"billing\"],\n\"messages\":[\n"),
                "\"consumers\" must hold objects but holds a string in the header");
        assertRefused(sampleWith("\"messages\":[\n", "\"consumers\":[],\"consumers\":[],\n\"messages\":[\n"),
                "\"consumers\" is where \"messages\" should be in the header");
        assertRefused(sampleWith("\"trailer\"", "\"consumers\":[],\"trailer\""),
                "\"consumers\" is where \"trailer\" should be in the trailer");
        assertRefused(utf8(SAMPLE_WITH_CONSUMERS_TEXT.replace("\"selection\":{", "\"x\":0,\"selection\":{")
                .replace("\"selection\"", "\"selections\"")), "\"consumers\" is where \"selection\" should be");
    }

    @Test
    void tooManyConsumersAreRefused() {
        String one = "{\"name\":\"\",\"config\":\"\",\"delivered_stream_seq\":0,\"delivered_consumer_seq\":0,"
                + "\"ack_floor_stream_seq\":0,\"ack_floor_consumer_seq\":0}";
        String many = (one + ",").repeat(Fields.MAX_CONSUMERS) + one;
        assertRefused(sampleWith("\"messages\":[\n", "\"consumers\":[" + many + "],\n\"messages\":[\n"),
                "the snapshot has more than " + Fields.MAX_CONSUMERS + " consumers in the header");
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        assertEquals(sample(), read(utf8("\uFEFF" + SAMPLE_TEXT)));
    }

    @Test
    void fractionsOfAnyLengthAreRead() throws IOException {
        // another time is other content: without its checksum (which is optional) the message reads
        Snapshot back = read(utf8(SAMPLE_TEXT.replace("\"2026-11-29T02:59:59.000000001Z\"", "\"2026-11-29T02:59:59.5Z\"")
                .replace(",\"crc\":\"9063df87\"", "")));
        assertEquals(Instant.parse("2026-11-29T02:59:59.500Z"), back.messages().get(1).timestamp());
    }

    @Test
    void aDamagedMessageIsNamedByItsChecksum() {
        // one payload byte changed (AAH/ is 00 01 FF, AAL/ is 00 02 FF): still base64, caught at that message
        assertRefused(sampleWith("\"payload\":\"AAH/\"", "\"payload\":\"AAL/\""),
                "message #1 (sequence 1) is damaged: its checksum is 3e1509ae but its content hashes to");
        // one header byte changed, and the block is still a valid string
        assertRefused(sampleWith("X:2 \\r\\n", "X:2  \\r\\n"), "message #1 (sequence 1) is damaged");
        assertRefused(sampleWith("\"orders\",\"time\"", "\"orderz\",\"time\""), "message #2 (sequence 2) is damaged");
    }

    @Test
    void checksumsAreOptionalButWellFormed() throws IOException {
        assertEquals(sample(), read(utf8(SAMPLE_TEXT.replace(",\"crc\":\"3e1509ae\"", "").replace(",\"crc\":\"9063df87\"", ""))));
        assertRefused(sampleWith("\"crc\":\"3e1509ae\"", "\"crc\":\"3E1509AE\""), "\"crc\" is not eight lower-case hex digits");
        assertRefused(sampleWith("\"crc\":\"3e1509ae\"", "\"crc\":\"3e1509a\""), "\"crc\" is not eight hex digits");
        assertRefused(sampleWith("\"crc\":\"3e1509ae\"", "\"crc\":5"), "\"crc\" must be a string");
    }

    @Test
    void nonJetsnapJsonIsRefusedClearly() {
        assertRefused(utf8("{\"name\":\"orders\",\"subjects\":[\"orders.>\"]}"),
                "not a jetsnap snapshot: the JSON object does not begin with \"format\":\"jetsnap\"");
        assertRefused(utf8("{\"format\":\"other\"}"), "not a jetsnap snapshot: its \"format\" is \"other\"");
        assertRefused(utf8("[{\"format\":\"jetsnap\"}]"), "not a jetsnap snapshot: it is not a JSON object");
        assertRefused(utf8("\"jetsnap\""), "not a jetsnap snapshot");
        assertRefused(new byte[] {(byte) 0xD9, (byte) 0xD9, (byte) 0xF7, 0x1F}, "not a jetsnap snapshot");
    }

    @Test
    void newerFormatVersionIsUnsupported() {
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> read(sampleWith("\"format_version\":2", "\"format_version\":3")));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("format version 3"), e.getMessage());
    }

    @Test
    void headerMembersOutOfOrderAreRefused() {
        assertRefused(sampleWith("\"server_version\":\"2.10.4\",\n\"stream\":\"orders\"",
                "\"stream\":\"orders\",\n\"server_version\":\"2.10.4\""), "\"stream\" is where \"server_version\" should be");
    }

    @Test
    void missingHeaderMemberIsRefused() {
        assertRefused(sampleWith("\"tool_version\":\"0.1.0\",\n", ""), "\"created\" is where \"tool_version\" should be");
        assertRefused(sampleWith("\"up_to_seq\":2", "\"other\":2"), "\"up_to_seq\" is missing in the header");
    }

    static Stream<Arguments> badMessages() {
        return Stream.of(
                Arguments.of("\"seq\":1", "\"seq\":\"1\"", "\"seq\" must be an integer but is a string"),
                Arguments.of("\"seq\":1", "\"seq\":1.0", "\"seq\" must be an integer but is a fractional number"),
                Arguments.of("\"seq\":1", "\"seq\":0", "\"seq\" must be at least 1"),
                Arguments.of("\"seq\":1", "\"seq\":-5", "\"seq\" must be at least 1"),
                Arguments.of("\"seq\":1", "\"seq\":99999999999999999999", "\"seq\" is out of range"),
                Arguments.of("\"subject\":\"orders.caf\u00e9\"", "\"subject\":null", "\"subject\" must be a string but is null"),
                Arguments.of("2026-11-29T02:00:00.000000000Z", "yesterday", "\"time\" is not an RFC 3339 time: \"yesterday\""),
                Arguments.of("2026-11-29T02:00:00.000000000Z", "2026-02-30T00:00:00.000000000Z", "not an RFC 3339 time"),
                Arguments.of("2026-11-29T02:00:00.000000000Z", "2026-11-29T02:00:00.000000000", "not an RFC 3339 time"),
                Arguments.of("\"payload\":\"AAH/\"", "\"payload\":5", "\"payload\" must be a base64 string but is an integer"),
                Arguments.of(",\"payload\":\"AAH/\"", "", "\"crc\" is where \"payload\" should be in message #1"),
                Arguments.of("\"headers\":\"NATS", "\"headers\":5,\"was\":\"NATS",
                        "\"headers\" must be a string, the header block's text"),
                Arguments.of("\"headers\":\"NATS", "\"headers\":[[\"X\",\"1\"]],\"was\":\"NATS",
                        "(format 1's [name, value] pairs are not format 2) but is an array"),
                Arguments.of("\"headers\":\"NATS", "\"headers\":null,\"was\":\"NATS", "\"headers\" must be a string"),
                Arguments.of("\"headers\":\"NATS", "\"headers\":\"\\ud800NATS", "\"headers\" holds a lone surrogate"),
                Arguments.of("\"headers\":\"NATS", "\"headers_base64\":\"TkFUUy8xLjANCg0K\",\"headers\":\"NATS",
                        "a message has both \"headers_base64\" and \"headers\""),
                Arguments.of("\"headers\":\"NATS", "\"headers\":\"x\",\"headers\":\"NATS", "\"headers\" appears twice"),
                Arguments.of("\"headers\":\"NATS", "\"headers_base64\":\"_-==\",\"was\":\"NATS", "\"headers_base64\" is not base64"),
                Arguments.of("\"headers\":\"NATS", "\"headers_base64\":7,\"was\":\"NATS",
                        "\"headers_base64\" must be a base64 string but is an integer"),
                Arguments.of("\"crc\":\"3e1509ae\"}", "\"crc\":\"3e1509ae\",\"seq\":3}", "\"seq\" appears twice in message #1"),
                Arguments.of("\"seq\":1,\"subject\":\"orders.caf\u00e9\"", "\"subject\":\"orders.caf\u00e9\",\"seq\":1",
                        "\"subject\" is where \"seq\" should be"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badMessages")
    void malformedMessageIsRefusedNamingTheMemberAndMessage(String piece, String replacement, String expected) {
        String message = firstMessageWith(piece, replacement);
        byte[] bytes = sampleWith(FIRST_MESSAGE, message);
        SnapshotException e = assertCorrupt(bytes);
        assertTrue(e.getMessage().contains(expected), () -> "expected \"" + expected + "\" in: " + e.getMessage());
        assertTrue(e.getMessage().matches(".* in message #1 \\(byte \\d+\\)"), e.getMessage());
    }

    /** Regression: Jackson's readBinaryValue throws IllegalArgumentException for a character outside base64. */
    @Test
    void base64WithAnIllegalCharacterIsRefusedAsCorrupt() {
        assertRefused(sampleWith("\"payload\":\"AAH/\"", "\"payload\":\"_-==\""), "\"payload\" is not base64");
        assertRefused(sampleWith("\"payload\":\"AAH/\"", "\"payload\":\"AQ=\""), "\"payload\" is not base64");
        assertRefused(sampleWith("\"payload\":\"AAH/\"", "\"payload\":\"A Q==\""), "\"payload\" is not base64");
    }

    @Test
    void base64WithoutPaddingIsRefused() {
        assertRefused(sampleWith("\"payload\":\"AAH/\"", "\"payload\":\"AQ\""), "in message #1");
    }

    /**
     * Regression: Jackson reports an end of input between object members as a plain parse error
     * ("Unexpected end-of-input within/between Object entries"), not as a JsonEOFException.
     */
    @Test
    void endOfInputBetweenMembersIsReportedAsTruncation() {
        byte[] cut = utf8("{\"format\":\"jetsnap\",\n\"format_version\":1,\n\"tool_version\":\"0.1.0\",");
        SnapshotException e = assertCorrupt(cut);
        assertEquals("snapshot is truncated: unexpected end of input in the header (byte " + cut.length + ")", e.getMessage());
    }

    @Test
    void truncationNamesTheMessageAndTheByte() {
        String text = SAMPLE_TEXT.substring(0, SAMPLE_TEXT.indexOf("\"seq\":2") + 8);
        SnapshotException e = assertCorrupt(utf8(text));
        assertTrue(e.getMessage().startsWith("snapshot is truncated: unexpected end of input in message #2 (byte "),
                e.getMessage());
    }

    @Test
    void contentAfterTheSnapshotIsRefused() {
        assertRefused(utf8(SAMPLE_TEXT + "{}"), "where the input should end");
        assertRefused(utf8(SAMPLE_TEXT + "x"), "after the trailer");
        assertRefused(utf8(SAMPLE_TEXT.replace("}}\n", "}}}")), "after the trailer");
    }

    @Test
    void trailerMembersAreRequired() {
        assertRefused(sampleWith("\"payload_bytes\":3,", ""), "\"digest\" is where \"payload_bytes\" should be in the trailer");
        assertRefused(sampleWith("\"trailer\"", "\"trailers\""), "\"trailer\" is missing in the trailer");
    }

    @Test
    void deeplyNestedUnknownMemberIsRefused() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertRefused(sampleWith("\"messages\":[", "\"deep\":" + deep + ",\n\"messages\":["), "a reader limit was exceeded");
    }

    @Test
    void tooManyHeaderLinesOfFormat1AreRefused() {
        String many = "[\"a\",\"b\"],".repeat(Fields.MAX_HEADER_LINES) + "[\"a\",\"b\"]";
        assertRefused(format1With("[[\"Nats-Msg-Id\",\"a\"],[\"X\",\"1\"],[\"X\",\"2\"]]", "[" + many + "]"),
                "more than " + Fields.MAX_HEADER_LINES + " header lines");
    }

    @Test
    void headerBlockLargerThanNatsAllowsIsRefusedWithoutReadingItAll() throws IOException {
        String piece = "\"headers\":\"" + FIRST_HEADERS.replace("\r", "\\r").replace("\n", "\\n") + "\"";
        String before = SAMPLE_TEXT.substring(0, SAMPLE_TEXT.indexOf(piece)) + "\"headers_base64\":\"";
        String after = "\"" + SAMPLE_TEXT.substring(SAMPLE_TEXT.indexOf(piece) + piece.length());
        assertEquals(Fields.MAX_PAYLOAD_BYTES, Fields.MAX_HEADER_BLOCK_BYTES);
        assertRefusedWithoutReadingItAll(before, after, "a header block is larger than 64 MiB");
    }

    @Test
    void payloadLargerThanNatsAllowsIsRefusedWithoutReadingItAll() throws IOException {
        String before = SAMPLE_TEXT.substring(0, SAMPLE_TEXT.indexOf("AAH/"));
        String after = SAMPLE_TEXT.substring(SAMPLE_TEXT.indexOf("AAH/") + 4);
        assertRefusedWithoutReadingItAll(before, after, "a payload is larger than 64 MiB");
    }

    /** Reads {@code before}, the base64 of twice 64 MiB, {@code after}: refused with {@code expected} before the end of it. */
    private void assertRefusedWithoutReadingItAll(String before, String after, String expected) throws IOException {
        CountingAs huge = new CountingAs(2L * (Fields.MAX_PAYLOAD_BYTES / 3 + 1) * 4);
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(utf8(before)),
                new SequenceInputStream(huge, new ByteArrayInputStream(utf8(after))));
        try (ManifestReader reader = codec().newReader(in)) {
            reader.readHeader();
            SnapshotException e = assertThrows(SnapshotException.class, reader::nextMessage);
            assertEquals(ErrorCode.CORRUPT_SNAPSHOT, e.code());
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
        assertTrue(huge.remaining > 0, "stopped before the end of the base64");
    }

    @Test
    void probeGradesJsonByWhatItDeclares() {
        assertEquals(MatchStrength.FULL, probe("{\"format\":\"jetsnap\",\"format_version\":1"));
        assertEquals(MatchStrength.FULL, probe("\uFEFF \n\t{ \"format\" : \"jetsnap\""));
        assertEquals(MatchStrength.FULL, probe("{\"x\":1,\"format\":\"jetsnap\"}"));
        assertEquals(MatchStrength.WEAK, probe("{\"format\":\"other\"}"));
        assertEquals(MatchStrength.WEAK, probe("{\"name\":\"orders\"}"));
        assertEquals(MatchStrength.WEAK, probe("{\"format\":\"jets"));
        assertEquals(MatchStrength.NO_MATCH, probe("[{\"format\":\"jetsnap\"}]"));
        assertEquals(MatchStrength.NO_MATCH, probe("   "));
        byte[] cbor = {(byte) 0xD9, (byte) 0xD9, (byte) 0xF7, (byte) 0xA1};
        assertEquals(MatchStrength.NO_MATCH, codec().probe(Arrays.copyOf(cbor, 512), cbor.length));
    }

    @Test
    void readingReturnsNullAfterTheLastMessageRepeatedly() throws IOException {
        try (ManifestReader reader = codec().newReader(new ByteArrayInputStream(utf8(SAMPLE_TEXT)))) {
            reader.readHeader();
            reader.nextMessage();
            reader.nextMessage();
            assertNull(reader.nextMessage());
            assertNull(reader.nextMessage());
            assertEquals(sample().trailer(), reader.readTrailer());
        }
    }

    private MatchStrength probe(String text) {
        byte[] bytes = utf8(text);
        return codec().probe(Arrays.copyOf(bytes, ManifestCodec.PROBE_BYTES), bytes.length);
    }

    /** {@code count} bytes of the letter A, made up as they are read. */
    private static final class CountingAs extends InputStream {
        long remaining;

        CountingAs(long count) {
            this.remaining = count;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return 'A';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            Arrays.fill(b, off, off + n, (byte) 'A');
            remaining -= n;
            return n;
        }
    }
}

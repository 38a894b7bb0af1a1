package io.jetsnap.format.cbor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.contract.ManifestCodecContract;
import io.jetsnap.core.contract.SampleSnapshots;
import io.jetsnap.core.digest.MessageChecksum;
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
import io.jetsnap.core.spi.ManifestWriter;
import io.jetsnap.core.spi.MatchStrength;
import io.jetsnap.format.jackson.Fields;
import io.jetsnap.format.json.JsonManifestCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CborManifestCodecTest extends ManifestCodecContract {
    /** The digest of {@link #sample()}, the same content as the JSON codec's sample. */
    private static final String DIGEST = "sha256:7446a4aaceb44d122f3e51aea490979076356e5b3ba6d62e5dc3c527e9ddf4f2";

    /** The digest of the format 1 sample: the old test vector of docs/format.md. */
    private static final String FORMAT_1_DIGEST = "sha256:eb4871f36c176d0e4a00237b244f39d046871cf3e034175e3331376ef6d21762";

    /** The 22 bytes every snapshot begins with: a zstd skippable frame holding "JETSNAP-CBOR/1". */
    private static final String MARKER_HEX = "502a4d18" + "0e000000" + "4a4554534e41502d43424f522f31";

    /** The CBOR data item the writer makes of {@link #sample()}, byte for byte; also in docs/format.md. */
    private static final byte[] SAMPLE_CBOR = HexFormat.of().parseHex(String.join("", """
            d9d9f7 bf
              66 666f726d6174 67 6a6574736e6170
              6e 666f726d61745f76657273696f6e 02
              6c 746f6f6c5f76657273696f6e 65 302e312e30
              67 63726561746564 82 1a6b0b9530 1a075bcd15
              6e 7365727665725f76657273696f6e 66 322e31302e34
              66 73747265616d 66 6f7264657273
              6d 73747265616d5f636f6e666967 78 28
                7b226e616d65223a226f7264657273222c226465736372697074696f6e223a225c7530303363227d
              6c 73747265616d5f7374617465 a6
                68 6d65737361676573 02
                65 6279746573 18 78
                69 66697273745f736571 01
                68 6c6173745f736571 02
                68 66697273745f7473 82 1a6b0b8720 00
                67 6c6173745f7473 f6
              69 73656c656374696f6e a3
                67 6d61785f736571 f6
                66 6265666f7265 f6
                69 75705f746f5f736571 02
              68 6d65737361676573 9f
                87 01 6c 6f72646572732e636166c3a9 1a6b0b8720 00
                   58 34 4e4154532f312e300d0a 4e6174732d4d73672d49643a20610d0a 583a20310d0a 583a32200d0a
                         4e616d653a205a6fc3ab0d0a 0d0a
                   43 0001ff
                   1a 3e1509ae
                87 02 66 6f7264657273 1a6b0b952f 01 f6 40 1a 9063df87
              ff
              67 747261696c6572 a3
                68 6d65737361676573 02
                6d 7061796c6f61645f6279746573 03
                66 646967657374 78 47
                  7368613235363a37343436613461616365623434643132326633653531616561343930393739303736333536653562336261366436326535646333633532376539646466346632
            ff
            """.split("\\s+")));

    /** The first message of {@link #SAMPLE_CBOR}. */
    private static final byte[] FIRST_MESSAGE = HexFormat.of().parseHex(
            "87016c6f72646572732e636166c3a91a6b0b87200058344e4154532f312e300d0a4e6174732d4d73672d49643a20610d0a583a20310d0a"
            + "583a32200d0a4e616d653a205a6fc3ab0d0a0d0a430001ff1a3e1509ae");

    /** The first message of {@link #FORMAT_1_CBOR}: its header lines as texts, its format 1 checksum. */
    private static final byte[] FORMAT_1_FIRST_MESSAGE = HexFormat.of().parseHex(
            "87016c6f72646572732e636166c3a91a6b0b872000866b4e6174732d4d73672d496461616158613161586132430001ff1a5c6a0085");

    /** What jetsnap wrote for {@link SampleSnapshots#format1Sample()} in format 1: the old test vector of docs/format.md. */
    private static final byte[] FORMAT_1_CBOR = format1Cbor();

    private static byte[] format1Cbor() {
        byte[] item = replace(SAMPLE_CBOR, concat(text("format_version"), cbor(2)), concat(text("format_version"), cbor(1)));
        item = replace(item, FIRST_MESSAGE, FORMAT_1_FIRST_MESSAGE);
        item = replace(item, HexFormat.of().parseHex("8702666f72646572731a6b0b952f01f6401a9063df87"),
                HexFormat.of().parseHex("8702666f72646572731a6b0b952f0180401a1bbff59a"));
        return replace(item, text(DIGEST), text(FORMAT_1_DIGEST));
    }

    /** The digest of {@link #sampleWithConsumers()}, the same content as the JSON codec's. */
    private static final String DIGEST_WITH_CONSUMERS =
            "sha256:8a10bef8fe3d8d6a9edf3e4a8248024f7a86fe87deb89ff4008a861a2b6fa182";

    private static final String CONSUMER_CONFIG =
            "{\"durable_name\":\"billing\",\"ack_policy\":\"explicit\",\"description\":\"\\u003c\"}";

    /** The key and value the writer puts between "selection" and "messages" for {@link #sampleWithConsumers()}. */
    private static final byte[] CONSUMERS_CBOR = HexFormat.of().parseHex(String.join("", """
            69 636f6e73756d657273 81
              86 67 62696c6c696e67
                 78 49 7b2264757261626c655f6e616d65223a2262696c6c696e67222c2261636b5f706f6c696379223a22\
            6578706c69636974222c226465736372697074696f6e223a225c7530303363227d
                 02 02 01 01
            """.split("\\s+")));

    /** The "messages" key and the start of its array, where the consumers go before. */
    private static final byte[] MESSAGES_START = HexFormat.of().parseHex("686d657373616765739f");

    private static final long SECONDS_0200 = Instant.parse("2026-11-29T02:00:00Z").getEpochSecond();
    /** The header block of the sample's first message: spacing, a trailing space, a duplicate name, UTF-8. */
    private static final byte[] FIRST_HEADERS =
            "NATS/1.0\r\nNats-Msg-Id: a\r\nX: 1\r\nX:2 \r\nName: Zo\u00eb\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FIRST_PAYLOAD = {0, 1, (byte) 0xFF};

    @Override
    protected ManifestCodec codec() {
        return new CborManifestCodec();
    }

    private static Snapshot sample() {
        SnapshotHeader header = new SnapshotHeader("jetsnap", 2, "0.1.0", Instant.parse("2026-11-29T03:00:00.123456789Z"),
                "2.10.4", "orders", "{\"name\":\"orders\",\"description\":\"\\u003c\"}",
                new StreamState(2, 120, 1, 2, Instant.parse("2026-11-29T02:00:00Z"), null),
                Selection.everythingUpTo(2));
        List<SnapshotMessage> messages = List.of(
                new SnapshotMessage(1, "orders.caf\u00e9", HeaderBlock.of(FIRST_HEADERS), FIRST_PAYLOAD,
                        Instant.parse("2026-11-29T02:00:00Z")),
                new SnapshotMessage(2, "orders", HeaderBlock.NONE, new byte[0], Instant.parse("2026-11-29T02:59:59.000000001Z")));
        return new Snapshot(header, messages, new SnapshotTrailer(2, 3, DIGEST));
    }

    /** {@link #sample()} with one durable consumer. */
    private static Snapshot sampleWithConsumers() {
        SnapshotHeader header = sample().header().withConsumers(
                List.of(new ConsumerSnapshot("billing", CONSUMER_CONFIG, 2, 2, 1, 1)));
        return new Snapshot(header, sample().messages(), new SnapshotTrailer(2, 3, DIGEST_WITH_CONSUMERS));
    }

    /** The CBOR item the writer makes of {@link #sampleWithConsumers()}. */
    private static byte[] sampleWithConsumersCbor() {
        byte[] item = replace(SAMPLE_CBOR, MESSAGES_START, concat(CONSUMERS_CBOR, MESSAGES_START));
        return replace(item, text(DIGEST), text(DIGEST_WITH_CONSUMERS));
    }

    /** {@link #SAMPLE_CBOR} with {@code value} as its "consumers". */
    private static byte[] sampleWithConsumersValue(byte[] value) {
        return replace(SAMPLE_CBOR, MESSAGES_START, concat(text("consumers"), value, MESSAGES_START));
    }

    // ---- layout

    @Test
    void sampleCarriesItsTrueDigest() {
        Snapshot sample = sample();
        assertEquals(SampleSnapshots.trailerFor(sample.header(), sample.messages()), sample.trailer());
    }

    @Test
    void fileBeginsWithTheJetsnapCborSkippableFrame() throws IOException {
        byte[] file = write(sample());
        assertEquals(MARKER_HEX, HexFormat.of().formatHex(file, 0, 22));
    }

    @Test
    void markerIsFollowedByOneZstdFrameWithAChecksumAndNoContentSize() throws IOException {
        byte[] file = write(sample());
        assertEquals("28b52ffd", HexFormat.of().formatHex(file, 22, 26), "zstd frame magic");
        int descriptor = file[26] & 0xFF;
        assertEquals(0, descriptor >> 6, "frame content size flag: size not given");
        assertEquals(0, descriptor >> 5 & 1, "single segment flag: a window descriptor follows");
        assertEquals(1, descriptor >> 2 & 1, "content checksum flag");
        assertEquals(0, descriptor & 3, "no dictionary");
    }

    @Test
    void cborItemIsLaidOutAsSpecified() throws IOException {
        assertEquals(HexFormat.of().formatHex(SAMPLE_CBOR), HexFormat.of().formatHex(cborItemOf(write(sample()))));
    }

    @Test
    void theSpecificationShowsWhatTheWriterWrites() throws IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "format.md"), StandardCharsets.UTF_8);
        assertTrue(doc.contains("jetsnap writes exactly these " + SAMPLE_CBOR.length + " bytes"), "the item's length");
        String listing = doc.substring(doc.indexOf("bytes for it (before compression); the messages, in hex:"));
        int start = listing.indexOf("```\n") + 4;
        listing = listing.substring(start, listing.indexOf("\n```", start));
        StringBuilder hex = new StringBuilder();
        for (String line : listing.lines().toList()) {
            String code = line.strip();
            int comment = code.indexOf("  ");
            hex.append((comment < 0 ? code : code.substring(0, comment)).replace(" ", ""));
        }
        String messages = HexFormat.of().formatHex(SAMPLE_CBOR);
        messages = messages.substring(messages.indexOf("686d657373616765739f") + 18, messages.indexOf("ff67747261696c6572") + 2);
        assertEquals(messages, hex.toString().toLowerCase(java.util.Locale.ROOT));
        assertTrue(doc.contains(DIGEST) && doc.contains(DIGEST_WITH_CONSUMERS));
    }

    @Test
    void specifiedLayoutReadsBackAsTheSample() throws IOException {
        assertEquals(sample(), read(fileOf(SAMPLE_CBOR)));
    }

    @Test
    void plainZstdDecompressesTheWholeFileSkippingTheMarker() throws IOException {
        byte[] file = write(sample());
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(file))) {
            assertArrayEquals(SAMPLE_CBOR, in.readAllBytes());
        }
    }

    @Test
    void decompressedItemHoldsTheDocumentedFields() throws IOException {
        byte[] item = cborItemOf(write(Snapshot.of(SampleSnapshots.header(), SampleSnapshots.fewMessages())));
        try (CBORParser p = new CBORFactory().createParser(item)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            assertEquals(55799, p.getCurrentTag(), "self-described CBOR");
            List<String> keys = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(p.currentName());
                JsonToken value = p.nextToken();
                if (p.currentName().equals("messages")) {
                    assertEquals(JsonToken.START_ARRAY, value);
                    assertMessagesAsDocumented(p, SampleSnapshots.fewMessages());
                } else {
                    p.skipChildren();
                }
            }
            assertEquals(List.of("format", "format_version", "tool_version", "created", "server_version", "stream",
                    "stream_config", "stream_state", "selection", "messages", "trailer"), keys);
            assertEquals(null, p.nextToken());
        }
    }

    private static void assertMessagesAsDocumented(JsonParser p, List<SnapshotMessage> expected) throws IOException {
        for (SnapshotMessage m : expected) {
            assertEquals(JsonToken.START_ARRAY, p.nextToken());
            assertEquals(JsonToken.VALUE_NUMBER_INT, p.nextToken());
            assertEquals(m.sequence(), p.getLongValue());
            assertEquals(JsonToken.VALUE_STRING, p.nextToken());
            assertEquals(m.subject(), p.getText());
            assertEquals(JsonToken.VALUE_NUMBER_INT, p.nextToken());
            assertEquals(m.timestamp().getEpochSecond(), p.getLongValue());
            assertEquals(JsonToken.VALUE_NUMBER_INT, p.nextToken());
            assertEquals(m.timestamp().getNano(), p.getIntValue());
            if (m.headers().present()) {
                assertEquals(JsonToken.VALUE_EMBEDDED_OBJECT, p.nextToken(), "the header block is a byte string");
                assertArrayEquals(m.headers().bytes(), p.getBinaryValue());
            } else {
                assertEquals(JsonToken.VALUE_NULL, p.nextToken(), "no header block is null");
            }
            assertEquals(JsonToken.VALUE_EMBEDDED_OBJECT, p.nextToken());
            assertArrayEquals(m.payload(), p.getBinaryValue());
            assertEquals(JsonToken.VALUE_NUMBER_INT, p.nextToken());
            assertEquals(MessageChecksum.of(m), p.getLongValue());
            assertEquals(JsonToken.END_ARRAY, p.nextToken());
        }
        assertEquals(JsonToken.END_ARRAY, p.nextToken());
    }

    @Test
    void payloadsAreByteStringsNotText() throws IOException {
        byte[] item = cborItemOf(write(sample()));
        byte[] byteString = {0x43, 0, 1, (byte) 0xFF}; // major type 2, length 3
        assertTrue(indexOf(item, byteString) > 0, "the payload is a CBOR byte string");
        byte[] text = "first".getBytes(StandardCharsets.UTF_8);
        byte[] few = cborItemOf(write(Snapshot.of(SampleSnapshots.header(), SampleSnapshots.fewMessages())));
        assertTrue(indexOf(few, concat(new byte[] {0x45}, text)) > 0, "a payload of text is still a byte string");
        assertEquals(-1, indexOf(few, concat(new byte[] {0x65}, text)), "and not a text string");
    }

    @Test
    void markerlessZstdFrameIsReadToo() throws IOException {
        byte[] file = write(sample());
        byte[] bare = Arrays.copyOfRange(file, 22, file.length);
        assertEquals(MatchStrength.SOLID, probe(bare));
        assertEquals(sample(), read(bare));
    }

    @Test
    void cborWithoutTheSelfDescribeTagIsRead() throws IOException {
        assertEquals(sample(), read(fileOf(Arrays.copyOfRange(SAMPLE_CBOR, 3, SAMPLE_CBOR.length))));
    }

    @Test
    void indefiniteLengthsAndChunkedStringsAreRead() throws IOException {
        byte[] trailer = concat(text("trailer"), HexFormat.of().parseHex("a3"));
        byte[] item = replace(SAMPLE_CBOR, trailer, concat(text("trailer"), HexFormat.of().parseHex("bf")));
        item = replace(item, HexFormat.of().parseHex("6632ff"), HexFormat.of().parseHex("6632ffff"));
        item = replace(item, FIRST_MESSAGE, HexFormat.of().parseHex(String.join("",
                "9f 01 7f 66 6f7264657273 66 2e636166c3a9 ff 1a6b0b8720 00",
                "5f 4a 4e4154532f312e300d0a 58 2a 4e6174732d4d73672d49643a20610d0a583a20310d0a583a32200d0a",
                "4e616d653a205a6fc3ab0d0a0d0a ff",
                "5f 41 00 42 01ff ff ff").replace(" ", "")));
        assertEquals(sample(), read(fileOf(item)));
    }

    @Test
    void readerSkipsUnknownKeysAndLaterMessageElements() throws IOException {
        byte[] item = replace(SAMPLE_CBOR, text("tool_version"),
                concat(text("future"), cbor(Map.of("nested", List.of(1, 2.5, Collections.singletonMap("x", null)))),
                        text("tool_version")));
        byte[] second = HexFormat.of().parseHex("8702666f72646572731a6b0b952f01f6401a9063df87");
        item = replace(item, second, concat(HexFormat.of().parseHex("8902666f72646572731a6b0b952f01f6401a9063df87"),
                cbor(List.of("later")), cbor(Map.of("x", 1))));
        item = replace(item, concat(HexFormat.of().parseHex("a3"), text("messages")),
                concat(HexFormat.of().parseHex("a4"), text("later"), cbor(0), text("messages")));
        item = replace(item, HexFormat.of().parseHex("646634663" + "2ff"),
                concat(HexFormat.of().parseHex("6466346632"), text("after"), cbor(List.of(1)), new byte[] {(byte) 0xFF}));
        assertEquals(sample(), read(fileOf(item)));
    }

    // ---- consumers

    @Test
    void sampleWithConsumersCarriesItsTrueDigest() {
        Snapshot sample = sampleWithConsumers();
        assertEquals(SampleSnapshots.trailerFor(sample.header(), sample.messages()), sample.trailer());
    }

    @Test
    void consumersAreLaidOutAsSpecified() throws IOException {
        assertEquals(HexFormat.of().formatHex(sampleWithConsumersCbor()),
                HexFormat.of().formatHex(cborItemOf(write(sampleWithConsumers()))));
    }

    @Test
    void specifiedConsumersReadBackAsTheSample() throws IOException {
        assertEquals(sampleWithConsumers(), read(fileOf(sampleWithConsumersCbor())));
    }

    @Test
    void emptyConsumersArrayReadsAsNone() throws IOException {
        assertEquals(sample(), read(fileOf(sampleWithConsumersValue(HexFormat.of().parseHex("80")))));
        assertEquals(sample(), read(fileOf(sampleWithConsumersValue(HexFormat.of().parseHex("9fff")))));
    }

    @Test
    void readerSkipsUnknownKeysAndLaterConsumerElements() throws IOException {
        byte[] item = replace(sampleWithConsumersCbor(), HexFormat.of().parseHex("866762696c6c696e67"),
                HexFormat.of().parseHex("886762696c6c696e67"));
        item = replace(item, HexFormat.of().parseHex("02020101"),
                concat(HexFormat.of().parseHex("02020101"), cbor(List.of("later")), cbor(Map.of("x", 1))));
        item = replace(item, text("consumers"), concat(text("before"), cbor(Map.of("consumers", 1)), text("consumers")));
        item = replace(item, MESSAGES_START, concat(text("after"), cbor(null), MESSAGES_START));
        assertEquals(sampleWithConsumers(), read(fileOf(item)));
    }

    @Test
    void indefiniteLengthConsumersAreRead() throws IOException {
        byte[] item = replace(sampleWithConsumersCbor(), HexFormat.of().parseHex("81866762696c6c696e67"),
                HexFormat.of().parseHex("9f9f6762696c6c696e67"));
        item = replace(item, concat(HexFormat.of().parseHex("02020101"), MESSAGES_START),
                concat(HexFormat.of().parseHex("02020101ffff"), MESSAGES_START));
        assertEquals(sampleWithConsumers(), read(fileOf(item)));
    }

    static Stream<Arguments> badConsumers() {
        String c = CONSUMER_CONFIG;
        return Stream.of(
                Arguments.of("\"consumers\" must be an array of consumer arrays but is a map", Map.of("billing", 1)),
                Arguments.of("expected a consumer array in \"consumers\" but found a text string", List.of("billing")),
                Arguments.of("the consumer array ends before its \"name\" element", List.of(List.of())),
                Arguments.of("the consumer array ends before its \"ack_floor_consumer_seq\" element",
                        List.of(List.of("billing", c, 2, 2, 1))),
                Arguments.of("\"name\" must be a text string but is an integer", List.of(List.of(7, c, 2, 2, 1, 1))),
                Arguments.of("\"config\" must be a text string but is a map",
                        List.of(List.of("billing", Map.of("x", 1), 2, 2, 1, 1))),
                Arguments.of("\"config\" must be a text string but is a byte string",
                        List.of(List.of("billing", c.getBytes(StandardCharsets.UTF_8), 2, 2, 1, 1))),
                Arguments.of("\"delivered_stream_seq\" must be an integer but is a text string",
                        List.of(List.of("billing", c, "2", 2, 1, 1))),
                Arguments.of("\"delivered_consumer_seq\" must be an integer but is a floating-point number",
                        List.of(List.of("billing", c, 2, 2.0, 1, 1))),
                Arguments.of("\"ack_floor_stream_seq\" is out of range: 18446744073709551615",
                        List.of(List.of("billing", c, 2, 2, new BigInteger("18446744073709551615"), 1))),
                Arguments.of("\"ack_floor_consumer_seq\" must be an integer but is null",
                        List.of(Arrays.asList("billing", c, 2, 2, 1, null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConsumers")
    void malformedConsumersAreRefusedNamingTheElement(String expected, Object consumers) {
        SnapshotException e = assertCorrupt(fileOf(sampleWithConsumersValue(cbor(consumers))));
        assertTrue(e.getMessage().matches(Pattern.quote(expected)
                + " in the header \\(byte \\d+ of the CBOR data\\)"), e.getMessage());
    }

    @Test
    void consumersOutOfPlaceAreRefused() {
        byte[] twice = replace(sampleWithConsumersCbor(), MESSAGES_START,
                concat(text("consumers"), cbor(List.of()), MESSAGES_START));
        assertRefused(fileOf(twice), "\"consumers\" is where \"messages\" should be in the header");
        byte[] late = replace(SAMPLE_CBOR, text("trailer"), concat(text("consumers"), cbor(List.of()), text("trailer")));
        assertRefused(fileOf(late), "\"consumers\" is where \"trailer\" should be in the trailer");
    }

    @Test
    void tooManyConsumersAreRefused() {
        List<List<Object>> many = Collections.nCopies(Fields.MAX_CONSUMERS + 1, List.of("", "", 0, 0, 0, 0));
        assertRefused(fileOf(sampleWithConsumersValue(cbor(many))),
                "the snapshot has more than " + Fields.MAX_CONSUMERS + " consumers in the header");
    }

    @Test
    void everyAlteredConsumerByteIsReadOrRefusedAsCorrupt() {
        byte[] sample = sampleWithConsumersCbor();
        int from = indexOf(sample, CONSUMERS_CBOR);
        int refused = readOrRefuseEveryAlteredByte(sample, from, from + CONSUMERS_CBOR.length);
        assertTrue(refused > CONSUMERS_CBOR.length, "refused " + refused);
    }

    @Test
    void jsonAndCborCarryTheSameConsumers() throws IOException {
        Snapshot snapshot = Snapshot.of(SampleSnapshots.headerWithConsumers(), SampleSnapshots.fewMessages());
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        writeWith(new JsonManifestCodec(), snapshot, json, Map.of());
        try (ManifestReader reader = new JsonManifestCodec().newReader(new ByteArrayInputStream(json.toByteArray()))) {
            assertEquals(read(write(snapshot)).header(), reader.readHeader());
        }
    }

    // ---- the zstd frame

    @Test
    void alteredChecksumIsRefused() throws IOException {
        byte[] file = write(sample());
        file[file.length - 1] ^= 1;
        SnapshotException e = assertCorrupt(file);
        assertEquals("the snapshot was altered or damaged: its data does not match the zstd frame's checksum",
                e.getMessage());
    }

    @Test
    void everyAlteredByteIsRefusedOrChangesNothing() throws IOException {
        byte[] file = write(Snapshot.of(SampleSnapshots.header(), SampleSnapshots.fewMessages()));
        Snapshot expected = read(file);
        int refused = 0;
        for (int at = 0; at < file.length; at++) {
            byte[] altered = file.clone();
            altered[at] ^= 0x21;
            try {
                assertEquals(expected, read(altered), "a change at byte " + at + " went unnoticed");
            } catch (SnapshotException e) {
                assertTrue(e.code() == ErrorCode.CORRUPT_SNAPSHOT || e.code() == ErrorCode.UNSUPPORTED,
                        "byte " + at + ": " + e.code() + " " + e.getMessage());
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                refused++;
            }
        }
        assertTrue(refused > file.length - 10, "refused " + refused + " of " + file.length);
    }

    @Test
    void everyAlteredCborByteIsReadOrRefusedAsCorrupt() {
        int refused = readOrRefuseEveryAlteredByte(SAMPLE_CBOR, 0, SAMPLE_CBOR.length);
        assertTrue(refused > SAMPLE_CBOR.length, "refused " + refused);
    }

    /**
     * Sets each byte of {@code sample} from {@code from} to {@code to} to a few telling values in turn
     * and reads the result: each must read, or be refused as corrupt in one line. Returns the refusals.
     */
    private int readOrRefuseEveryAlteredByte(byte[] sample, int from, int to) {
        int refused = 0;
        for (int at = from; at < to; at++) {
            for (int value : new int[] {0x00, 0x1B, 0x5F, 0x9F, 0xFF, sample[at] ^ 0x40}) {
                byte[] item = sample.clone();
                item[at] = (byte) value;
                try {
                    read(fileOf(item));
                } catch (SnapshotException e) {
                    assertTrue(e.code() == ErrorCode.CORRUPT_SNAPSHOT || e.code() == ErrorCode.UNSUPPORTED,
                            () -> HexFormat.of().formatHex(item) + ": " + e.getMessage());
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                    refused++;
                } catch (IOException | RuntimeException e) {
                    throw new AssertionError("byte " + at + " set to " + value + ": " + e, e);
                }
            }
        }
        return refused;
    }

    @Test
    void everyTruncationIsReportedAsTruncation() throws IOException {
        byte[] file = write(sample());
        for (int length = 1; length < file.length; length++) {
            SnapshotException e = assertCorrupt(Arrays.copyOf(file, length));
            assertTrue(e.getMessage().startsWith("snapshot is truncated"), length + ": " + e.getMessage());
        }
    }

    @Test
    void truncationInsideTheFrameNamesWhereTheInputEnds() throws IOException {
        Snapshot big = Snapshot.of(SampleSnapshots.header(), SampleSnapshots.randomMessages(2, 400));
        byte[] file = write(big);
        SnapshotException e = assertCorrupt(Arrays.copyOf(file, file.length / 2));
        assertTrue(e.getMessage().matches("snapshot is truncated: the input ends after " + file.length / 2
                + " bytes, inside a zstd frame, in message #\\d+"), e.getMessage());
        SnapshotException end = assertCorrupt(Arrays.copyOf(file, file.length - 2));
        assertTrue(end.getMessage().startsWith("snapshot is truncated (or followed by stray bytes): the input ends after "),
                end.getMessage());
    }

    /** Regression: Jackson's CBOR parser reads when it is made, so zstd's "Truncated source" escaped newReader. */
    @Test
    void truncationRightAfterTheZstdMagicIsReportedAsTruncation() {
        byte[] file = HexFormat.of().parseHex(MARKER_HEX + "28b5");
        SnapshotException e = assertCorrupt(file);
        assertEquals("snapshot is truncated: the input ends after 24 bytes, inside a zstd frame, in the header",
                e.getMessage());
    }

    @Test
    void markerAloneIsTruncated() {
        assertEquals("snapshot is truncated: nothing follows its JETSNAP-CBOR marker",
                assertCorrupt(HexFormat.of().parseHex(MARKER_HEX)).getMessage());
    }

    @Test
    void bytesAfterTheSnapshotAreRefused() throws IOException {
        byte[] file = write(sample());
        for (String extra : List.of("x", "\n", "hello, world", "\0\0\0\0\0\0\0\0")) {
            SnapshotException e = assertCorrupt(concat(file, extra.getBytes(StandardCharsets.US_ASCII)));
            assertTrue(e.getMessage().contains("after its zstd frame") || e.getMessage().contains("stray bytes"),
                    e.getMessage());
        }
        assertEquals("found a map where the CBOR data should end after the trailer (byte 514 of the CBOR data)",
                assertCorrupt(concat(file, file)).getMessage());
    }

    @Test
    void unfinishedSnapshotReadsAsTruncated() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ManifestWriter writer = codec().newWriter(out)) {
            writer.writeHeader(sample().header());
            writer.writeMessage(sample().messages().get(0));
        }
        try (ManifestReader reader = codec().newReader(new ByteArrayInputStream(out.toByteArray()))) {
            reader.readHeader();
            assertEquals(sample().messages().get(0), reader.nextMessage());
            SnapshotException e = assertThrows(SnapshotException.class, reader::nextMessage);
            assertTrue(e.getMessage().startsWith("snapshot is truncated: its CBOR data ends early (the writer did not"
                    + " finish it) in message #2 (byte "), e.getMessage());
        }
    }

    @Test
    void failureOfTheInputItselfIsAnIoErrorNotCorruption() throws IOException {
        byte[] file = write(Snapshot.of(SampleSnapshots.header(), SampleSnapshots.randomMessages(3, 300)));
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(file, 0, file.length / 2)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };
        IOException e = assertThrows(IOException.class, () -> {
            try (ManifestReader reader = codec().newReader(failing)) {
                reader.readHeader();
                while (reader.nextMessage() != null) {
                    continue;
                }
            }
        });
        assertEquals("connection reset", e.getMessage());
    }

    @Test
    void inputThatHandsOverOneByteAtATimeIsReadWhole() throws IOException {
        Snapshot snapshot = Snapshot.of(SampleSnapshots.header(), SampleSnapshots.randomMessages(4, 50));
        InputStream dribbling = new FilterInputStream(new ByteArrayInputStream(write(snapshot))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }

            @Override
            public int available() {
                return 0;
            }
        };
        try (ManifestReader reader = codec().newReader(dribbling)) {
            assertEquals(snapshot.header(), reader.readHeader());
            for (SnapshotMessage expected : snapshot.messages()) {
                assertEquals(expected, reader.nextMessage());
            }
            assertEquals(null, reader.nextMessage());
            assertEquals(snapshot.trailer(), reader.readTrailer());
        }
    }

    // ---- the marker

    @Test
    void newerContainerVersionIsUnsupported() throws IOException {
        byte[] file = write(sample());
        file[21] = '2';
        assertEquals(MatchStrength.FULL, probe(file));
        SnapshotException e = assertThrows(SnapshotException.class, () -> read(file));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertEquals("the snapshot is JETSNAP-CBOR version 2 but this jetsnap reads version 1; use a newer jetsnap",
                e.getMessage());
    }

    @Test
    void otherSkippableFramesAndOtherFilesAreNotJetsnap() throws IOException {
        byte[] file = write(sample());
        byte[] other = file.clone();
        other[8] = 'X';
        assertEquals(MatchStrength.NO_MATCH, probe(other));
        assertEquals("not a jetsnap snapshot: it begins with a zstd skippable frame that is not a JETSNAP-CBOR marker",
                assertCorrupt(other).getMessage());
        assertEquals("not a jetsnap snapshot: it begins with neither the JETSNAP-CBOR marker nor a zstd frame",
                assertCorrupt("{\"format\":\"jetsnap\"}".getBytes(StandardCharsets.US_ASCII)).getMessage());
        assertEquals("not a jetsnap snapshot: the input is empty", assertCorrupt(new byte[0]).getMessage());
    }

    @Test
    void probeGradesTheMarkerAndTheZstdMagic() throws IOException {
        byte[] file = write(sample());
        assertEquals(MatchStrength.FULL, probe(file));
        assertEquals(MatchStrength.FULL, probe(Arrays.copyOf(file, 21)), "the marker up to its version");
        assertEquals(MatchStrength.NO_MATCH, probe(Arrays.copyOf(file, 20)));
        assertEquals(MatchStrength.SOLID, probe(HexFormat.of().parseHex("28b52ffd")));
        assertEquals(MatchStrength.NO_MATCH, probe(HexFormat.of().parseHex("28b52f")));
        assertEquals(MatchStrength.NO_MATCH, probe(SAMPLE_CBOR), "bare CBOR");
        assertEquals(MatchStrength.NO_MATCH, probe("{\"format\":\"jetsnap\"}".getBytes(StandardCharsets.US_ASCII)));
        byte[] head = Arrays.copyOf(file, ManifestCodec.PROBE_BYTES);
        assertEquals(MatchStrength.NO_MATCH, codec().probe(head, 3), "bytes past the length are not looked at");
    }

    @Test
    void jsonCodecDoesNotClaimCborSnapshots() throws IOException {
        byte[] file = write(sample());
        assertEquals(MatchStrength.NO_MATCH, new JsonManifestCodec().probe(Arrays.copyOf(file, 512), file.length));
    }

    // ---- content errors

    @Test
    void newerFormatVersionIsUnsupported() {
        byte[] item = replace(SAMPLE_CBOR, concat(text("format_version"), cbor(2)), concat(text("format_version"), cbor(3)));
        SnapshotException e = assertThrows(SnapshotException.class, () -> read(fileOf(item)));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("format version 3"), e.getMessage());
    }

    @Test
    void nonJetsnapCborIsRefusedClearly() {
        assertRefused(fileOf(cbor(List.of("jetsnap"))), "not a jetsnap snapshot: its CBOR data item is not a map");
        assertRefused(fileOf(cbor(Map.of("name", "orders"))),
                "not a jetsnap snapshot: the CBOR map does not begin with \"format\":\"jetsnap\"");
        assertRefused(fileOf(replace(SAMPLE_CBOR, text("jetsnap"), text("jetsnub"))),
                "not a jetsnap snapshot: its \"format\" is \"jetsnub\", not \"jetsnap\"");
        assertRefused(fileOf(new byte[0]), "not a jetsnap snapshot: its zstd frame is empty");
    }

    @Test
    void headerKeysOutOfOrderOrMissingAreRefused() {
        byte[] server = concat(text("server_version"), text("2.10.4"));
        byte[] stream = concat(text("stream"), text("orders"));
        assertRefused(fileOf(replace(SAMPLE_CBOR, concat(server, stream), concat(stream, server))),
                "\"stream\" is where \"server_version\" should be in the header (byte ");
        assertRefused(fileOf(replace(SAMPLE_CBOR, concat(text("tool_version"), text("0.1.0")), new byte[0])),
                "\"created\" is where \"tool_version\" should be in the header");
        assertRefused(fileOf(replace(SAMPLE_CBOR, text("trailer"), text("trailers"))),
                "\"trailer\" is missing in the trailer");
    }

    @Test
    void timesMustBeSecondsAndNanosecondPairs() {
        byte[] created = concat(text("created"), HexFormat.of().parseHex("821a6b0b95301a075bcd15"));
        assertRefused(fileOf(replace(SAMPLE_CBOR, created, concat(text("created"), cbor("2026-11-29T03:00:00Z")))),
                "\"created\" must be a [seconds, nanoseconds] array but is a text string in the header");
        assertRefused(fileOf(replace(SAMPLE_CBOR, created, concat(text("created"), cbor(List.of(1))))),
                "\"created\" must be a [seconds, nanoseconds] array of integers but holds the end of an array");
        assertRefused(fileOf(replace(SAMPLE_CBOR, created, concat(text("created"), cbor(List.of(1, 2, 3))))),
                "\"created\" must be a [seconds, nanoseconds] array but has more elements");
        assertRefused(fileOf(replace(SAMPLE_CBOR, created, concat(text("created"), cbor(List.of(1, "2"))))),
                "\"created\" must be a [seconds, nanoseconds] array of integers but holds a text string");
    }

    @Test
    void repeatedKeyIsRefused() {
        byte[] trailer = concat(HexFormat.of().parseHex("a3"), text("messages"));
        byte[] item = replace(SAMPLE_CBOR, trailer, concat(HexFormat.of().parseHex("a4"), text("messages")));
        item = replace(item, HexFormat.of().parseHex("32ff"), concat(HexFormat.of().parseHex("32"), text("digest"),
                text("x"), new byte[] {(byte) 0xFF}));
        assertRefused(fileOf(item), "\"digest\" appears twice in \"trailer\" in the trailer");
    }

    static Stream<Arguments> badMessages() {
        byte[] h = FIRST_HEADERS;
        byte[] p = FIRST_PAYLOAD;
        long s = SECONDS_0200;
        return Stream.of(
                Arguments.of("\"seq\" must be an integer but is a text string", List.of("1", "orders", s, 0, h, p)),
                Arguments.of("\"seq\" must be an integer but is a floating-point number",
                        List.of(1.0, "orders", s, 0, h, p)),
                Arguments.of("\"seq\" must be at least 1, is 0", List.of(0, "orders", s, 0, h, p)),
                Arguments.of("\"seq\" must be at least 1, is -5", List.of(-5, "orders", s, 0, h, p)),
                Arguments.of("\"seq\" is out of range: 18446744073709551615",
                        List.of(new BigInteger("18446744073709551615"), "orders", s, 0, h, p)),
                Arguments.of("\"subject\" must be a text string but is null", Arrays.asList(1, null, s, 0, h, p)),
                Arguments.of("\"subject\" must be a text string but is a byte string",
                        List.of(1, "orders".getBytes(StandardCharsets.US_ASCII), s, 0, h, p)),
                Arguments.of("\"seconds\" must be an integer but is a text string",
                        List.of(1, "orders", "2026-11-29T02:00:00Z", 0, h, p)),
                Arguments.of("the nanoseconds of \"time\" must be from 0 to 999999999, are 1000000000",
                        List.of(1, "orders", s, 1_000_000_000, h, p)),
                Arguments.of("the nanoseconds of \"time\" must be from 0 to 999999999, are -1",
                        List.of(1, "orders", s, -1, h, p)),
                Arguments.of("\"time\" is out of range: 9223372036854775807 seconds",
                        List.of(1, "orders", Long.MAX_VALUE, 0, h, p)),
                Arguments.of("\"headers\" must be a byte string, the header block (or null for none); format 1's array of "
                        + "names and values is not format 2 but is an array", List.of(1, "orders", s, 0, List.of("X", "1"), p)),
                Arguments.of("\"headers\" must be a byte string but is a text string",
                        List.of(1, "orders", s, 0, "NATS/1.0\r\n\r\n", p)),
                Arguments.of("\"headers\" must be a byte string but is a map", List.of(1, "orders", s, 0, Map.of("X", "1"), p)),
                Arguments.of("\"headers\" must be a byte string but is an integer", List.of(1, "orders", s, 0, 0, p)),
                Arguments.of("\"payload\" must be a byte string but is a text string",
                        List.of(1, "orders", s, 0, h, "AAH/")),
                Arguments.of("the message array ends before its \"payload\" element", List.of(1, "orders", s, 0, h)),
                Arguments.of("the message array ends before its \"seq\" element", List.of()),
                Arguments.of("expected a message array in \"messages\" but found a map", Map.of("seq", 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void malformedMessageIsRefusedNamingTheElementAndMessage(String expected, Object message) {
        SnapshotException e = assertCorrupt(fileOf(replace(SAMPLE_CBOR, FIRST_MESSAGE, cbor(message))));
        assertTrue(e.getMessage().startsWith(expected + " in message #1 (byte "), e.getMessage());
        assertTrue(e.getMessage().matches(".* in message #1 \\(byte \\d+ of the CBOR data\\)"), e.getMessage());
    }

    @Test
    void deeplyNestedUnknownValueIsRefused() {
        byte[] deep = concat(text("deep"), repeat((byte) 0x81, 1000), new byte[] {(byte) 0x80});
        assertRefused(fileOf(replace(SAMPLE_CBOR, text("tool_version"), concat(deep, text("tool_version")))),
                "a reader limit was exceeded");
    }

    @Test
    void overlongKeyIsRefusedAsAReaderLimit() {
        byte[] key = text("k".repeat(2000));
        SnapshotException e = assertCorrupt(fileOf(replace(SAMPLE_CBOR, text("tool_version"),
                concat(key, cbor(0), text("tool_version")))));
        assertTrue(e.getMessage().startsWith("a reader limit was exceeded: Name length (2000) exceeds the maximum"
                + " allowed (1024) in the header"), e.getMessage());
    }

    @Test
    void tooManyHeaderLinesOfFormat1AreRefused() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i <= Fields.MAX_HEADER_LINES; i++) {
            lines.add("a");
            lines.add("b");
        }
        byte[] message = cbor(List.of(1, "orders", SECONDS_0200, 0, lines, FIRST_PAYLOAD));
        assertRefused(fileOf(replace(FORMAT_1_CBOR, FORMAT_1_FIRST_MESSAGE, message)),
                "a message has more than " + Fields.MAX_HEADER_LINES + " header lines in message #1");
    }

    @Test
    void aDamagedMessageIsNamedByItsChecksum() {
        // one payload byte changed inside the compressed data: the frame checksum only speaks at the end of the
        // frame, the message's own checksum names it
        byte[] item = replace(SAMPLE_CBOR, HexFormat.of().parseHex("430001ff"), HexFormat.of().parseHex("430002ff"));
        assertRefused(fileOf(item), "message #1 (sequence 1) is damaged: its checksum is 3e1509ae");
        // one header byte changed: still a byte string of the same length
        assertRefused(fileOf(replace(SAMPLE_CBOR, HexFormat.of().parseHex("583a32200d0a"), HexFormat.of().parseHex("583a33200d0a"))),
                "message #1 (sequence 1) is damaged: its checksum is 3e1509ae");
    }

    @Test
    void aChecksumOutOfRangeIsRefused() {
        byte[] item = replace(SAMPLE_CBOR, HexFormat.of().parseHex("1a3e1509ae"), HexFormat.of().parseHex("1b0000000100000000"));
        assertRefused(fileOf(item), "\"crc\" is not an unsigned 32-bit integer");
    }

    @Test
    void payloadLargerThanNatsAllowsIsRefused() throws IOException {
        byte[] payload = HexFormat.of().parseHex("430001ff");
        assertRefused(withByteStringOfMoreThan64MiB(payload), "a payload is larger than 64 MiB, the most NATS allows in message #1");
    }

    @Test
    void headerBlockLargerThanNatsAllowsIsRefused() throws IOException {
        assertEquals(Fields.MAX_PAYLOAD_BYTES, Fields.MAX_HEADER_BLOCK_BYTES);
        byte[] block = concat(HexFormat.of().parseHex("5834"), FIRST_HEADERS);
        assertRefused(withByteStringOfMoreThan64MiB(block), "a header block is larger than 64 MiB, the most NATS allows in message #1");
    }

    /** A file of {@link #SAMPLE_CBOR} with the byte string {@code piece} replaced by one of 64 MiB + 1, streamed. */
    private static byte[] withByteStringOfMoreThan64MiB(byte[] piece) throws IOException {
        int at = indexOf(SAMPLE_CBOR, piece);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(HexFormat.of().parseHex(MARKER_HEX));
        try (ZstdOutputStream zstd = new ZstdOutputStream(file, 1)) {
            zstd.setChecksum(true);
            zstd.write(SAMPLE_CBOR, 0, at);
            zstd.write(new byte[] {0x5A, 0x04, 0, 0, 1}); // a byte string of 64 MiB + 1
            byte[] zeros = new byte[1 << 20];
            for (int left = 64 * 1024 * 1024 + 1; left > 0; left -= zeros.length) {
                zstd.write(zeros, 0, Math.min(left, zeros.length));
            }
            zstd.write(SAMPLE_CBOR, at + piece.length, SAMPLE_CBOR.length - at - piece.length);
        }
        return file.toByteArray();
    }

    @Test
    void declaredHeaderBlockLengthBeyondTheDataIsTruncationNotAnAllocation() {
        byte[] block = concat(HexFormat.of().parseHex("5834"), FIRST_HEADERS);
        byte[] cut = Arrays.copyOf(SAMPLE_CBOR, indexOf(SAMPLE_CBOR, block));
        SnapshotException e = assertCorrupt(fileOf(concat(cut, HexFormat.of().parseHex("5a7fffffff00"))));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    // ---- format 1: header lines, still read

    @Override
    protected byte[] format1Bytes() {
        return fileOf(FORMAT_1_CBOR);
    }

    @Test
    void aChangedFormat1HeaderLineIsCaughtByTheFormat1Checksum() {
        byte[] changed = replace(FORMAT_1_CBOR, HexFormat.of().parseHex("61586132"), HexFormat.of().parseHex("61586133"));
        assertRefused(fileOf(changed), "message #1 (sequence 1) is damaged: its checksum is 5c6a0085");
    }

    @Test
    void format1HeadersOfTheWrongShapeAreRefused() {
        long s = SECONDS_0200;
        byte[] p = FIRST_PAYLOAD;
        Map<String, List<Object>> cases = Map.of(
                "\"headers\" must hold names and values, all text strings, in pairs, but holds the end of an array",
                List.of(1, "orders", s, 0, List.of("X"), p),
                "\"headers\" must hold names and values, all text strings, in pairs, but holds an integer",
                List.of(1, "orders", s, 0, List.of("X", 2), p),
                "\"headers\" must be an array of names and values but is a byte string",
                List.of(1, "orders", s, 0, FIRST_HEADERS, p),
                "the value of header \"X\" cannot be written in a header block: it holds CR or LF",
                List.of(1, "orders", s, 0, List.of("X", "1\r\nY: 2"), p));
        cases.forEach((expected, message) -> assertRefused(fileOf(replace(FORMAT_1_CBOR, FORMAT_1_FIRST_MESSAGE, cbor(message))),
                expected + " in message #1"));
    }

    @Test
    void declaredLengthBeyondTheDataIsTruncationNotAnAllocation() {
        byte[] lengths = HexFormat.of().parseHex("5a7fffffff");
        byte[] item = replace(SAMPLE_CBOR, HexFormat.of().parseHex("430001ff"), concat(lengths, FIRST_PAYLOAD));
        assertRefused(fileOf(item), "snapshot is truncated: its CBOR data ends early");
        for (String length : List.of("5b0000000100000000", "5affffffff", "5a80000000")) {
            byte[] longer = replace(SAMPLE_CBOR, HexFormat.of().parseHex("430001ff"), HexFormat.of().parseHex(length));
            assertCorrupt(fileOf(longer));
        }
    }

    // ---- options

    @Test
    void zstdLevelOptionSetsTheCompression() throws IOException {
        Snapshot snapshot = orderEvents(500);
        byte[] fast = write(snapshot, Map.of("zstd.level", "1"));
        byte[] small = write(snapshot, Map.of("zstd.level", "19"));
        byte[] fastest = write(snapshot, Map.of("zstd.level", "-5"));
        assertTrue(small.length < fast.length && fast.length < fastest.length,
                "sizes at levels 19, 1, -5: " + small.length + ", " + fast.length + ", " + fastest.length);
        for (byte[] file : List.of(fast, small, fastest)) {
            assertEquals(snapshot, read(file));
        }
        assertArrayEquals(write(snapshot), write(snapshot, Map.of("zstd.level", "1")), "1 is the default");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "0", "20", "", "3.5", "-131073", "99999999999"})
    void badZstdLevelIsRefusedBeforeAnythingIsWritten(String level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> codec().newWriter(out, Map.of("zstd.level", level)));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertEquals("zstd.level must be an integer from 1 to 19 (or negative for fast levels), not '" + level + "'",
                e.getMessage());
        assertEquals(0, out.size());
    }

    @Test
    void zstdWorkersCompressOnOtherThreads() throws IOException {
        Snapshot snapshot = orderEvents(2000);
        byte[] file = write(snapshot, Map.of("zstd.workers", "2"));
        assertEquals(snapshot, read(file));
        assertArrayEquals(file, write(snapshot, Map.of("zstd.workers", "2")), "still reproducible");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "x", "201"})
    void badZstdWorkersIsRefused(String workers) {
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> codec().newWriter(new ByteArrayOutputStream(), Map.of("zstd.workers", workers)));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertEquals("zstd.workers must be an integer from 0 to 200 (0: compress on the writing thread), not '"
                + workers + "'", e.getMessage());
    }

    @Test
    void unknownOptionsAreIgnored() throws IOException {
        assertArrayEquals(write(sample()), write(sample(), Map.of("json.indent", "x", "zstd", "fast")));
    }

    // ---- compared with JSON

    @Test
    void jsonAndCborCarryTheSameContent() throws IOException {
        Snapshot snapshot = Snapshot.of(SampleSnapshots.header(), SampleSnapshots.randomMessages(11, 300));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        writeWith(new JsonManifestCodec(), snapshot, json, Map.of());
        try (ManifestReader reader = new JsonManifestCodec().newReader(new ByteArrayInputStream(json.toByteArray()))) {
            assertEquals(snapshot.header(), reader.readHeader());
            List<SnapshotMessage> fromJson = new ArrayList<>();
            for (SnapshotMessage m = reader.nextMessage(); m != null; m = reader.nextMessage()) {
                fromJson.add(m);
            }
            assertEquals(new Snapshot(snapshot.header(), fromJson, reader.readTrailer()), read(write(snapshot)));
        }
    }

    @Test
    void orderEventsTakeAtMostAQuarterOfTheirJsonSize() throws IOException {
        Snapshot snapshot = orderEvents(2000);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        writeWith(new JsonManifestCodec(), snapshot, json, Map.of());
        byte[] cbor = write(snapshot);
        assertTrue(4L * cbor.length <= json.size(), "CBOR " + cbor.length + " bytes, JSON " + json.size());
    }

    // ---- the native library

    static Stream<LinkageError> linkageErrors() {
        return Stream.of(
                new UnsatisfiedLinkError("/tmp/libzstd-jni-1.5.7-28123.so: failed to map segment from shared object\n"
                        + "Unsupported OS/arch, cannot find /linux/amd64/libzstd-jni-1.5.7-28.so"),
                new ExceptionInInitializerError("Cannot unpack libzstd-jni-1.5.7-28: No space left on device"),
                new NoClassDefFoundError("Could not initialize class com.github.luben.zstd.ZstdOutputStreamNoFinalizer"));
    }

    @ParameterizedTest
    @MethodSource("linkageErrors")
    void nativeLibraryThatCannotLoadIsNotAvailableWithTheFix(LinkageError error) {
        CborManifestCodec codec = new CborManifestCodec(new ZstdLibrary(() -> {
            throw error;
        }));
        for (ThrowingCall call : List.<ThrowingCall>of(() -> codec.newWriter(new ByteArrayOutputStream()),
                () -> codec.newReader(new ByteArrayInputStream(HexFormat.of().parseHex(MARKER_HEX + "28b52ffd"))))) {
            SnapshotException e = assertThrows(SnapshotException.class, call::run);
            assertEquals(ErrorCode.NOT_AVAILABLE, e.code());
            assertEquals(error, e.getCause());
            String cause = error.getMessage().lines().findFirst().orElseThrow();
            assertEquals("the zstd native library could not be loaded (" + cause + "); the cbor format needs it:"
                    + " set -Djava.io.tmpdir to an existing directory that allows executing files"
                    + " (e.g. JAVA_OPTS=-Djava.io.tmpdir=/var/tmp), or use --format json", e.getMessage());
        }
        byte[] head = HexFormat.of().parseHex(MARKER_HEX);
        assertEquals(MatchStrength.FULL, codec.probe(Arrays.copyOf(head, 512), head.length), "probing needs no library");
    }

    /** Runs a JVM whose temporary directory does not exist, so that zstd-jni cannot unpack its library. */
    @Test
    void unpackableNativeLibraryIsReportedAsNotAvailable() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(java, "-Djava.io.tmpdir=/nonexistent/jetsnap-test",
                "-cp", System.getProperty("java.class.path"), NativeLoadCheck.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.startsWith("NOT_AVAILABLE the zstd native library could not be loaded (Cannot unpack "),
                output);
        assertTrue(output.endsWith("or use --format json"), output);
    }

    // ---- helpers

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws IOException;
    }

    private void assertRefused(byte[] file, String expectedPart) {
        SnapshotException e = assertCorrupt(file);
        assertTrue(e.getMessage().contains(expectedPart), () -> "expected \"" + expectedPart + "\" in: " + e.getMessage());
    }

    private MatchStrength probe(byte[] bytes) {
        int length = Math.min(bytes.length, ManifestCodec.PROBE_BYTES);
        return codec().probe(Arrays.copyOf(bytes, ManifestCodec.PROBE_BYTES), length);
    }

    private byte[] write(Snapshot snapshot, Map<String, String> options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeWith(codec(), snapshot, out, options);
        return out.toByteArray();
    }

    private static void writeWith(ManifestCodec codec, Snapshot snapshot, OutputStream out, Map<String, String> options)
            throws IOException {
        try (ManifestWriter writer = codec.newWriter(out, options)) {
            writer.writeHeader(snapshot.header());
            for (SnapshotMessage m : snapshot.messages()) {
                writer.writeMessage(m);
            }
            writer.writeTrailer(snapshot.trailer());
        }
    }

    private static Snapshot orderEvents(int count) {
        OrderEvents events = new OrderEvents(42);
        List<SnapshotMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(events.next());
        }
        return Snapshot.of(SampleSnapshots.header(), messages);
    }

    /** The CBOR item inside a snapshot file, decompressed by plain zstd-jni. */
    private static byte[] cborItemOf(byte[] file) throws IOException {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(file, 22, file.length - 22))) {
            return in.readAllBytes();
        }
    }

    /** A snapshot file holding {@code item}: the marker, then one zstd frame with a checksum. */
    private static byte[] fileOf(byte[] item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HexFormat.of().parseHex(MARKER_HEX));
        try (ZstdOutputStream zstd = new ZstdOutputStream(out, 3)) {
            zstd.setChecksum(true);
            zstd.write(item);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /** {@code value} in CBOR: numbers, strings, byte arrays, lists, maps and null, nested. */
    private static byte[] cbor(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            writeValue(g, value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(CBORGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof byte[] b) {
            g.writeBinary(b);
        } else if (value instanceof List<?> list) {
            g.writeStartArray(list, list.size());
            for (Object element : list) {
                writeValue(g, element);
            }
            g.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject(map, map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName((String) e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException(value.getClass().getName());
        }
    }

    private static byte[] text(String s) {
        return cbor(s);
    }

    /** {@code bytes} with its one occurrence of {@code piece} replaced; fails if there is not exactly one. */
    private static byte[] replace(byte[] bytes, byte[] piece, byte[] replacement) {
        int at = indexOf(bytes, piece);
        assertTrue(at >= 0, () -> "not found: " + HexFormat.of().formatHex(piece));
        assertEquals(-1, indexOf(Arrays.copyOfRange(bytes, at + 1, bytes.length), piece), "found twice");
        return concat(Arrays.copyOf(bytes, at), replacement, Arrays.copyOfRange(bytes, at + piece.length, bytes.length));
    }

    private static int indexOf(byte[] bytes, byte[] piece) {
        for (int i = 0; i + piece.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + piece.length, piece, 0, piece.length)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] repeat(byte b, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, b);
        return bytes;
    }
}

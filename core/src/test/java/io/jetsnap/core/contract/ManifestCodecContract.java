package io.jetsnap.core.contract;

import static io.jetsnap.core.contract.SampleSnapshots.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.digest.ManifestDigest;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.model.StreamState;
import io.jetsnap.core.read.CheckedReader;
import io.jetsnap.core.read.CurrentFormatCopy;
import io.jetsnap.core.spi.ManifestCodec;
import io.jetsnap.core.spi.ManifestReader;
import io.jetsnap.core.spi.ManifestWriter;
import io.jetsnap.core.spi.MatchStrength;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;




/**
 * What every {@link ManifestCodec} must do. A codec module's test extends this class and returns
 * its codec from {@link #codec()}; codec-specific tests go next to these.
 */
public abstract class ManifestCodecContract {
    /** The codec under test; may be a new instance per call. */
    protected abstract ManifestCodec codec();

    /** A header, its messages and its trailer: one whole snapshot. */
    public record Snapshot(SnapshotHeader header, List<SnapshotMessage> messages, SnapshotTrailer trailer) {
        public static Snapshot of(SnapshotHeader header, List<SnapshotMessage> messages) {
            return new Snapshot(header, messages, SampleSnapshots.trailerFor(header, messages));
        }
    }

    protected final byte[] write(Snapshot snapshot) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ManifestWriter writer = codec().newWriter(out)) {
            writer.writeHeader(snapshot.header());
            for (SnapshotMessage m : snapshot.messages()) {
                writer.writeMessage(m);
            }
            writer.writeTrailer(snapshot.trailer());
        }
        return out.toByteArray();
    }

    /** Reads a whole snapshot: header, every message, trailer. */
    protected final Snapshot read(byte[] bytes) throws IOException {
        try (ManifestReader reader = codec().newReader(new ByteArrayInputStream(bytes))) {
            SnapshotHeader header = reader.readHeader();
            List<SnapshotMessage> messages = new ArrayList<>();
            for (SnapshotMessage m = reader.nextMessage(); m != null; m = reader.nextMessage()) {
                messages.add(m);
            }
            return new Snapshot(header, messages, reader.readTrailer());
        }
    }

    protected final void assertRoundTrips(Snapshot snapshot) throws IOException {
        Snapshot back = read(write(snapshot));
        assertEquals(snapshot.header(), back.header(), "header");
        assertEquals(snapshot.messages().size(), back.messages().size(), "message count");
        for (int i = 0; i < snapshot.messages().size(); i++) {
            assertEquals(snapshot.messages().get(i), back.messages().get(i), "message #" + (i + 1));
        }
        assertEquals(snapshot.trailer(), back.trailer(), "trailer");
        assertEquals(snapshot.trailer().digest(), SampleSnapshots.trailerFor(back.header(), back.messages()).digest(),
                "the digest of what was read back");
    }

    /** Asserts that reading {@code bytes} as a whole snapshot is refused as corrupt; returns the error. */
    protected final SnapshotException assertCorrupt(byte[] bytes) {
        SnapshotException e = assertThrows(SnapshotException.class, () -> read(bytes));
        assertEquals(ErrorCode.CORRUPT_SNAPSHOT, e.code(), e::getMessage);
        assertFalse(e.getMessage().contains("\n"), () -> "the message is one line: " + e.getMessage());
        return e;
    }

    @Test
    void nameAndExtensionAreLowercaseWithoutDot() {
        ManifestCodec codec = codec();
        assertTrue(codec.name().matches("[a-z0-9-]+"), codec.name());
        assertTrue(codec.fileExtension().matches("[a-z0-9]+(\\.[a-z0-9]+)*"), codec.fileExtension());
    }

    @Test
    void headerMessagesAndTrailerRoundTripExactly() throws IOException {
        assertRoundTrips(Snapshot.of(SampleSnapshots.header(), SampleSnapshots.fewMessages()));
    }

    @Test
    void nullOptionalHeaderFieldsRoundTrip() throws IOException {
        assertRoundTrips(Snapshot.of(SampleSnapshots.headerWithNulls(), List.of()));
    }

    @Test
    void partlySetOptionalHeaderFieldsRoundTrip() throws IOException {
        StreamState state = new StreamState(5, 50, 7, 11, Instant.EPOCH, null);
        assertRoundTrips(Snapshot.of(SampleSnapshots.header(state, new Selection(9L, null, 9)), List.of()));
        assertRoundTrips(Snapshot.of(SampleSnapshots.header(state, new Selection(null, Instant.EPOCH, 11)),
                List.of()));
    }

    @Test
    void snapshotWithoutMessagesRoundTrips() throws IOException {
        assertRoundTrips(Snapshot.of(SampleSnapshots.header(), List.of()));
    }

    @Test
    void payloadWithEveryByteValueRoundTrips() throws IOException {
        byte[] every = new byte[256 * 3];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        // lengths 1..3 past a multiple of 3 exercise every padding case of a base64-like encoding
        assertRoundTrips(Snapshot.of(SampleSnapshots.header(), List.of(
                message(1, "b", every), message(2, "b", Arrays.copyOf(every, 257)),
                message(3, "b", Arrays.copyOf(every, 258)), message(4, "b", new byte[] {0}))));
    }

    @Test
    void emptyPayloadRoundTrips() throws IOException {
        assertRoundTrips(Snapshot.of(SampleSnapshots.header(), List.of(message(1, "empty", new byte[0]))));
    }

    @Test
    void oneMebibytePayloadRoundTrips() throws IOException {
        byte[] big = SampleSnapshots.randomBytes(1, 1 << 20);
        assertRoundTrips(Snapshot.of(SampleSnapshots.header(), List.of(message(1, "big", big), message(2, "x"))));
    }

    @Test
    void multiValuedHeadersKeepTheirOrderAndCase() throws IOException {
        assertRoundTrips(Snapshot.of(SampleSnapshots.header(), List.of(message(1, "h", new byte[] {1},
                new MessageHeader("X-A", "1"), new MessageHeader("x-a", "2"), new MessageHeader("X-A", "3"),
                new MessageHeader("Nats-Msg-Id", ""), new MessageHeader("Caf\u00e9", "\u6771\u4eac \"q\" \\")))));
    }

    @Test
    void everyKindOfHeaderBlockRoundTripsByteExact() throws IOException {
        List<SnapshotMessage> messages = new ArrayList<>();
        for (HeaderBlock block : SampleSnapshots.headerBlocks()) {
            messages.add(message(messages.size() + 1, "h", new byte[] {1}, block));
        }
        Snapshot snapshot = Snapshot.of(SampleSnapshots.header(), messages);
        Snapshot back = read(write(snapshot));
        assertRoundTrips(snapshot);
        for (int i = 0; i < messages.size(); i++) {
            HeaderBlock written = messages.get(i).headers();
            HeaderBlock read = back.messages().get(i).headers();
            assertEquals(written.present(), read.present(), written::toString);
            assertArrayEquals(written.bytes(), read.bytes(), written::toString);
        }
    }

    @Test
    void emptyBlockAndNoneStayDistinct() throws IOException {
        Snapshot snapshot = Snapshot.of(SampleSnapshots.header(), List.of(
                message(1, "a", new byte[0], SampleSnapshots.latin1Block("NATS/1.0\r\n\r\n")),
                message(2, "a", new byte[0], HeaderBlock.NONE),
                message(3, "a", new byte[0], HeaderBlock.of(new byte[0]))));
        List<SnapshotMessage> back = read(write(snapshot)).messages();
        assertEquals(12, back.get(0).headers().length());
        assertTrue(back.get(0).headers().present());
        assertFalse(back.get(1).headers().present());
        assertTrue(back.get(2).headers().present());
        assertEquals(0, back.get(2).headers().length());
        assertNotEquals(SampleSnapshots.trailerFor(snapshot.header(), List.of(snapshot.messages().get(1))),
                SampleSnapshots.trailerFor(snapshot.header(), List.of(snapshot.messages().get(2))),
                "no block and a block of no bytes digest differently");
    }

    /**
     * This codec's encoding of {@link SampleSnapshots#format1Sample()} as it wrote it in format 1,
     * or null for a codec that never wrote format 1 (the format 1 tests are then skipped).
     */
    protected byte @Nullable [] format1Bytes() {
        return null;
    }

    @Test
    void format1SnapshotReadsWithItsHeaderLinesAsBlocks() throws IOException {
        byte[] format1 = format1Bytes();
        assumeTrue(format1 != null, "the codec never wrote format 1");
        assertEquals(SampleSnapshots.format1Sample(), read(format1));
    }

    @Test
    void format1SnapshotChecksOutByTheFormat1Digest() throws IOException {
        byte[] format1 = format1Bytes();
        assumeTrue(format1 != null, "the codec never wrote format 1");
        try (ManifestReader reader = codec().newReader(new ByteArrayInputStream(format1))) {
            assertEquals(SampleSnapshots.format1Sample().trailer(), new CheckedReader(reader).finish().trailer());
        }
    }

    @Test
    void format1SnapshotConvertsToFormat2() throws IOException {
        byte[] format1 = format1Bytes();
        assumeTrue(format1 != null, "the codec never wrote format 1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CurrentFormatCopy.Result result;
        try (ManifestReader reader = codec().newReader(new ByteArrayInputStream(format1));
             ManifestWriter writer = codec().newWriter(out)) {
            result = CurrentFormatCopy.copy(new CheckedReader(reader), writer, "convert", ProgressListener.NONE);
        }
        Snapshot source = SampleSnapshots.format1Sample();
        Snapshot expected = Snapshot.of(source.header().inFormatVersion(SnapshotHeader.FORMAT_VERSION), source.messages());
        assertTrue(result.rewritten());
        assertEquals(source.trailer(), result.source().trailer());
        assertEquals(expected.trailer(), result.written().trailer());
        assertEquals(expected, read(out.toByteArray()));
    }

    @Test
    void writerRefusesAHeaderOfAnotherFormatVersion() {
        SnapshotHeader older = SampleSnapshots.header().inFormatVersion(1);
        assertThrows(IllegalArgumentException.class, () -> write(Snapshot.of(older, List.of())));
    }

    @Test
    void unicodeSubjectsRoundTrip() throws IOException {
        assertRoundTrips(Snapshot.of(SampleSnapshots.header(), List.of(
                message(1, "orders.caf\u00e9.\u6771\u4eac", new byte[] {1}),
                message(2, "emoji.\uD83D\uDE80.\u00e9", new byte[] {2}))));
    }

    @Test
    void largeSequencesRoundTripExactly() throws IOException {
        long beyondDouble = (1L << 53) + 1;
        assertRoundTrips(Snapshot.of(SampleSnapshots.header(new StreamState(3, 9, beyondDouble, Long.MAX_VALUE,
                        null, null), new Selection(Long.MAX_VALUE - 1, null, Long.MAX_VALUE - 1)),
                List.of(message(beyondDouble, "s"), message(Long.MAX_VALUE / 2, "s"),
                        message(Long.MAX_VALUE - 1, "s"))));
    }

    @Test
    void nanosecondTimestampsRoundTrip() throws IOException {
        List<Instant> times = List.of(Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                Instant.ofEpochSecond(1_700_000_000L, 1), Instant.ofEpochSecond(1_700_000_000L, 100_000_000),
                Instant.ofEpochSecond(1_700_000_000L), Instant.EPOCH, Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"));
        List<SnapshotMessage> messages = new ArrayList<>();
        for (Instant t : times) {
            messages.add(new SnapshotMessage(messages.size() + 1, "t", HeaderBlock.NONE, new byte[0], t));
        }
        assertRoundTrips(Snapshot.of(SampleSnapshots.header(), messages));
    }

    @Test
    void streamConfigJsonIsKeptByteExact() throws IOException {
        Snapshot snapshot = Snapshot.of(SampleSnapshots.header(), List.of());
        Snapshot back = read(write(snapshot));
        assertEquals(SampleSnapshots.STREAM_CONFIG_JSON, back.header().streamConfigJson());
        assertTrue(back.header().streamConfigJson().contains("\\u003c"), "escapes are not decoded");
    }

    @Test
    void durableConsumersRoundTripExactly() throws IOException {
        assertRoundTrips(Snapshot.of(SampleSnapshots.headerWithConsumers(), SampleSnapshots.fewMessages()));
        assertRoundTrips(Snapshot.of(SampleSnapshots.headerWithNulls().withConsumers(SampleSnapshots.consumers()),
                List.of()));
        assertRoundTrips(Snapshot.of(SampleSnapshots.header().withConsumers(
                List.of(new ConsumerSnapshot("", "{}", 0, 0, 0, 0))), List.of(message(1, "x"))));
    }

    @Test
    void consumerConfigJsonIsKeptByteExact() throws IOException {
        Snapshot back = read(write(Snapshot.of(SampleSnapshots.headerWithConsumers(), List.of())));
        assertEquals(SampleSnapshots.consumers(), back.header().consumers());
        String config = back.header().consumers().get(0).configJson();
        assertEquals(SampleSnapshots.CONSUMER_CONFIG_JSON, config);
        assertTrue(config.contains("\\u003c"), "escapes are not decoded");
    }

    @Test
    void originRoundTripsWholeOrInPartAndIsNotDigested() throws IOException {
        SnapshotHeader plain = SampleSnapshots.headerWithConsumers();
        for (io.jetsnap.core.model.Origin origin : List.of(
                new io.jetsnap.core.model.Origin("nats-1", "NDXYZ", "east", "hub", "nats://east-1:4222"),
                new io.jetsnap.core.model.Origin("n\u00e4ts \"2\"", null, null, null, null))) {
            SnapshotHeader withOrigin = new SnapshotHeader(plain.format(), plain.formatVersion(), plain.toolVersion(),
                    plain.created(), plain.serverVersion(), plain.stream(), plain.streamConfigJson(), plain.state(),
                    plain.selection(), plain.consumers(), origin);
            assertRoundTrips(Snapshot.of(withOrigin, SampleSnapshots.fewMessages()));
            assertEquals(SampleSnapshots.trailerFor(plain, SampleSnapshots.fewMessages()),
                    SampleSnapshots.trailerFor(withOrigin, SampleSnapshots.fewMessages()), "the origin is not digested");
        }
        assertEquals(null, read(write(Snapshot.of(plain, List.of()))).header().origin());
    }

    @Test
    void headerWithoutConsumersReadsBackWithNone() throws IOException {
        Snapshot back = read(write(Snapshot.of(SampleSnapshots.header(), SampleSnapshots.fewMessages())));
        assertEquals(List.of(), back.header().consumers());
    }

    @Test
    void seededRandomMessagesRoundTrip() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            assertRoundTrips(Snapshot.of(SampleSnapshots.header(), SampleSnapshots.randomMessages(seed, 200)));
        }
    }

    @Test
    void trailerIsReadAsWritten() throws IOException {
        SnapshotTrailer odd = new SnapshotTrailer(0, 0, ManifestDigest.ALGORITHM_PREFIX + "0".repeat(64));
        Snapshot snapshot = new Snapshot(SampleSnapshots.header(), List.of(), odd);
        assertEquals(odd, read(write(snapshot)).trailer());
    }

    @Test
    void probeOfOwnOutputIsAtLeastSolid() throws IOException {
        byte[] bytes = write(Snapshot.of(SampleSnapshots.header(), SampleSnapshots.fewMessages()));
        byte[] head = Arrays.copyOf(bytes, ManifestCodec.PROBE_BYTES);
        MatchStrength strength = codec().probe(head, Math.min(bytes.length, head.length));
        assertTrue(strength.compareTo(MatchStrength.SOLID) >= 0, "probe said " + strength);
    }

    @Test
    void probeOfGarbageOrEmptyIsNoMatch() {
        ManifestCodec codec = codec();
        byte[] head = new byte[ManifestCodec.PROBE_BYTES];
        assertEquals(MatchStrength.NO_MATCH, codec.probe(head, 0), "empty");
        byte[] text = "hello, world\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(MatchStrength.NO_MATCH, codec.probe(Arrays.copyOf(text, head.length), text.length), "text");
        assertEquals(MatchStrength.NO_MATCH, codec.probe(SampleSnapshots.randomBytes(7, head.length), 0),
                "bytes past the given length are not looked at");
    }

    @Test
    void truncatedSnapshotIsRefusedAtEveryOffset() throws IOException {
        assertRefusedAtEveryOffset(Snapshot.of(SampleSnapshots.header(), SampleSnapshots.fewMessages()));
    }

    @Test
    void truncatedSnapshotWithConsumersIsRefusedAtEveryOffset() throws IOException {
        assertRefusedAtEveryOffset(Snapshot.of(SampleSnapshots.headerWithConsumers(), SampleSnapshots.fewMessages()));
    }

    private void assertRefusedAtEveryOffset(Snapshot snapshot) throws IOException {
        byte[] whole = write(snapshot);
        assertTrue(whole.length < 4096, "the sample is small: " + whole.length + " bytes");
        for (int length = 0; length < whole.length; length++) {
            byte[] prefix = Arrays.copyOf(whole, length);
            if (onlyWhitespaceRemoved(whole, length)) {
                // a text format may end with a newline; losing it loses nothing
                assertEquals(snapshot.trailer(), read(prefix).trailer());
                continue;
            }
            int at = length;
            SnapshotException e = assertThrows(SnapshotException.class, () -> read(prefix),
                    () -> "truncated at byte " + at + " of " + whole.length);
            assertEquals(ErrorCode.CORRUPT_SNAPSHOT, e.code(), () -> "truncated at byte " + at + ": " + e.getMessage());
        }
    }

    private static boolean onlyWhitespaceRemoved(byte[] whole, int length) {
        for (int i = length; i < whole.length; i++) {
            byte b = whole[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    @Test
    void flippedBitsAreRefusedOnAStructureHeavySnapshot() throws IOException {
        assertFlippedBitsRefused(Snapshot.of(SampleSnapshots.headerWithConsumers(), SampleSnapshots.fewMessages()), 11);
    }

    @Test
    void flippedBitsAreRefusedOnAPayloadHeavySnapshot() throws IOException {
        assertFlippedBitsRefused(Snapshot.of(SampleSnapshots.header(), SampleSnapshots.randomMessages(5, 12)), 12);
    }

    /**
     * Flips one random bit at a time ({@value #FLIPS} seeded cases) and reads the whole snapshot
     * through {@link CheckedReader}, as verify and restore do: every case is refused with a
     * one-line error, never an OutOfMemoryError, never a hang. The one exception is a flip that
     * changes no content at all (such as a compressed frame's window size, which only sizes the
     * decoder's buffer): it must read back as exactly the snapshot written, proven by the digest.
     */
    private void assertFlippedBitsRefused(Snapshot snapshot, long seed) throws IOException {
        byte[] whole = write(snapshot);
        java.util.Random random = new java.util.Random(seed);
        int[] harmless = {0};
        assertTimeoutPreemptively(java.time.Duration.ofMinutes(2), () -> {
            for (int i = 0; i < FLIPS; i++) {
                byte[] bad = whole.clone();
                int at = random.nextInt(bad.length);
                int bit = random.nextInt(8);
                bad[at] ^= (byte) (1 << bit);
                String where = "bit " + bit + " of byte " + at + " of " + whole.length;
                try {
                    readChecked(bad);
                    Snapshot back = read(bad);
                    assertEquals(snapshot.header(), back.header(), () -> "accepted changed content with " + where + " flipped");
                    assertEquals(snapshot.messages(), back.messages(), () -> "accepted changed content with " + where + " flipped");
                    assertEquals(snapshot.trailer(), back.trailer(), () -> "accepted changed content with " + where + " flipped");
                    harmless[0]++;
                } catch (SnapshotException e) {
                    assertTrue(e.code() == ErrorCode.CORRUPT_SNAPSHOT || e.code() == ErrorCode.UNSUPPORTED,
                            () -> where + ": " + e.code() + " " + e.getMessage());
                    assertFalse(e.getMessage().contains("\n"), () -> where + ": one line: " + e.getMessage());
                } catch (OutOfMemoryError e) {
                    fail("out of memory with " + where + " flipped");
                }
            }
        });
        System.out.println(codec().name() + ": " + FLIPS + " single-bit flips of a " + whole.length + "-byte snapshot: "
                + (FLIPS - harmless[0]) + " refused, " + harmless[0] + " changed no content");
        assertTrue(harmless[0] < FLIPS / 100, () -> harmless[0] + " of " + FLIPS + " flips were read back unchanged");
    }

    private static final int FLIPS = 2000;

    /** Reads a whole snapshot the way verify and restore do, checks included. */
    private void readChecked(byte[] bytes) throws IOException {
        try (ManifestReader reader = codec().newReader(new ByteArrayInputStream(bytes))) {
            new CheckedReader(reader).finish();
        }
    }

    @Test
    void emptyInputIsRefusedAsCorrupt() {
        assertCorrupt(new byte[0]);
    }

    @Test
    void garbageIsRefusedAsCorrupt() {
        assertCorrupt("hello, world\n".getBytes(StandardCharsets.US_ASCII));
        assertCorrupt(SampleSnapshots.randomBytes(3, 300));
    }

    @Test
    void writerDoesNotCloseTheOutputStream() throws IOException {
        CloseRecordingOutputStream out = new CloseRecordingOutputStream();
        Snapshot snapshot = Snapshot.of(SampleSnapshots.header(), SampleSnapshots.fewMessages());
        try (ManifestWriter writer = codec().newWriter(out)) {
            writer.writeHeader(snapshot.header());
            writer.writeMessage(snapshot.messages().get(0));
        }
        assertFalse(out.closed, "closing an unfinished writer closed its stream");
        try (ManifestWriter writer = codec().newWriter(out)) {
            writer.writeHeader(snapshot.header());
            writer.writeTrailer(SampleSnapshots.trailerFor(snapshot.header(), List.of()));
        }
        assertFalse(out.closed, "closing a finished writer closed its stream");
    }

    @Test
    void writerFlushesEverythingWithTheTrailer() throws IOException {
        Snapshot snapshot = Snapshot.of(SampleSnapshots.header(), SampleSnapshots.fewMessages());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ManifestWriter writer = codec().newWriter(out);
        writer.writeHeader(snapshot.header());
        for (SnapshotMessage m : snapshot.messages()) {
            writer.writeMessage(m);
        }
        writer.writeTrailer(snapshot.trailer());
        assertEquals(snapshot.trailer(), read(out.toByteArray()).trailer(), "readable before the writer is closed");
        writer.close();
    }

    @Test
    void readerDoesNotCloseTheInputStream() throws IOException {
        byte[] bytes = write(Snapshot.of(SampleSnapshots.header(), SampleSnapshots.fewMessages()));
        CloseRecordingInputStream in = new CloseRecordingInputStream(bytes);
        try (ManifestReader reader = codec().newReader(in)) {
            reader.readHeader();
            assertNotNull(reader.nextMessage());
        }
        assertFalse(in.closed, "closing an unfinished reader closed its stream");
        in = new CloseRecordingInputStream(bytes);
        try (ManifestReader reader = codec().newReader(in)) {
            reader.readHeader();
            while (reader.nextMessage() != null) {
                continue;
            }
            reader.readTrailer();
        }
        assertFalse(in.closed, "closing a finished reader closed its stream");
    }

    @Test
    void nextMessageReturnsNullAtTheEndOfTheMessages() throws IOException {
        Snapshot snapshot = Snapshot.of(SampleSnapshots.header(), SampleSnapshots.fewMessages());
        try (ManifestReader reader = codec().newReader(new ByteArrayInputStream(write(snapshot)))) {
            reader.readHeader();
            for (SnapshotMessage expected : snapshot.messages()) {
                assertEquals(expected, reader.nextMessage());
            }
            assertNull(reader.nextMessage());
            assertEquals(snapshot.trailer(), reader.readTrailer());
        }
    }

    @Test
    void twoSnapshotsWrittenAlikeAreByteIdentical() throws IOException {
        Snapshot snapshot = Snapshot.of(SampleSnapshots.headerWithConsumers(), SampleSnapshots.randomMessages(9, 20));
        if (!Arrays.equals(write(snapshot), write(snapshot))) {
            fail("the same snapshot was encoded two different ways");
        }
    }

    private static final class CloseRecordingOutputStream extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class CloseRecordingInputStream extends ByteArrayInputStream {
        boolean closed;

        CloseRecordingInputStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

package io.jetsnap.format.cbor;

import static io.jetsnap.format.cbor.CborFields.*;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdIOException;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.digest.MessageChecksum;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.Origin;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.model.StreamState;
import io.jetsnap.core.spi.ManifestReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Streams one snapshot in from a zstd frame holding a CBOR data item. Every way the input can be
 * wrong ends in a {@link SnapshotException} of code {@code CORRUPT_SNAPSHOT} that says what was
 * wrong and where; an {@link IOException} of the caller's stream itself passes through unchanged.
 */
final class CborManifestReader implements ManifestReader {
    /** The largest payload read: NATS's own ceiling for {@code max_payload}. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
    /** The largest header block read: the server counts it within {@code max_payload}, so no stored block is larger. */
    static final int MAX_HEADER_BLOCK_BYTES = MAX_PAYLOAD_BYTES;
    /** The most header lines one message may have; far beyond what a server accepts in practice. */
    static final int MAX_HEADER_LINES = 100_000;
    /** The most consumers one snapshot may have; far beyond what a stream has in practice. */
    static final int MAX_CONSUMERS = 100_000;

    private enum State { HEADER, MESSAGES, TRAILER, DONE }

    // what element() calls the array it is in
    private static final String MESSAGE = "message";
    private static final String CONSUMER = "consumer";

    private final SourceInput source;
    private final boolean marked;
    private final InputStream zstd;
    private final JsonParser parser;
    private final BoundedBuffer payload = new BoundedBuffer("a payload", MAX_PAYLOAD_BYTES);
    private final BoundedBuffer headerBytes = new BoundedBuffer("a header block", MAX_HEADER_BLOCK_BYTES);
    private int formatVersion;
    private State state = State.HEADER;
    private long messagesRead;
    private boolean inMessage;

    /**
     * @param source the caller's stream, counted
     * @param marked whether the format marker came before the zstd frame
     * @param zstd the decompressing stream to parse, closed with this reader
     * @param factory makes the parser, which reads {@code zstd}
     */
    CborManifestReader(SourceInput source, boolean marked, InputStream zstd, CBORFactory factory) throws IOException {
        this.source = source;
        this.marked = marked;
        this.zstd = zstd;
        // making the parser already reads the first bytes, and so may already fail
        try {
            this.parser = factory.createParser(zstd);
        } catch (IOException e) {
            zstd.close();
            throw failure(e);
        }
    }

    @Override
    public SnapshotHeader readHeader() throws IOException {
        if (state != State.HEADER) {
            throw new IllegalStateException("readHeader called twice");
        }
        try {
            SnapshotHeader header = header();
            state = State.MESSAGES;
            return header;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public @Nullable SnapshotMessage nextMessage() throws IOException {
        if (state == State.HEADER) {
            throw new IllegalStateException("readHeader must be called before nextMessage");
        }
        if (state != State.MESSAGES) {
            return null;
        }
        try {
            JsonToken token = next();
            if (token == JsonToken.END_ARRAY) {
                state = State.TRAILER;
                return null;
            }
            if (token != JsonToken.START_ARRAY) {
                throw corrupt("expected a message array in \"messages\" but found " + describe(token));
            }
            messagesRead++;
            inMessage = true;
            SnapshotMessage message = message();
            inMessage = false;
            return message;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public SnapshotTrailer readTrailer() throws IOException {
        if (state != State.TRAILER) {
            throw new IllegalStateException("readTrailer must follow the last message (nextMessage returned null)");
        }
        try {
            return trailer();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            parser.close();
        } finally {
            zstd.close();
        }
    }

    private SnapshotHeader header() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw marked && source.position() == FormatMarker.LENGTH
                    ? SnapshotException.corrupt("snapshot is truncated: nothing follows its JETSNAP-CBOR marker")
                    : notJetsnap("its zstd frame is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            throw notJetsnap("its CBOR data item is not a map");
        }
        if (next() != JsonToken.FIELD_NAME || !FORMAT.equals(parser.currentName())
                || next() != JsonToken.VALUE_STRING) {
            throw notJetsnap("the CBOR map does not begin with \"format\":\"jetsnap\"");
        }
        String format = parser.getText();
        if (!SnapshotHeader.FORMAT.equals(format)) {
            throw notJetsnap("its \"format\" is \"" + clip(format) + "\", not \"jetsnap\"");
        }
        long version = integerMember(FORMAT_VERSION, TOP);
        if (version > SnapshotHeader.FORMAT_VERSION) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "the snapshot has format version " + version
                    + " but this jetsnap reads versions up to " + SnapshotHeader.FORMAT_VERSION + "; use a newer jetsnap");
        }
        if (version < 1) {
            throw corrupt("\"format_version\" must be at least 1, is " + version);
        }
        String toolVersion = stringMember(TOOL_VERSION, TOP);
        Instant created = timeMember(CREATED, TOP);
        String serverVersion = stringMember(SERVER_VERSION, TOP);
        String stream = stringMember(STREAM, TOP);
        String config = stringMember(STREAM_CONFIG, TOP);
        field(STREAM_STATE, TOP);
        StreamState streamState = streamState();
        field(SELECTION, TOP);
        Selection selection = selection();
        String name = nextKnownField(TOP);
        List<ConsumerSnapshot> consumers = List.of();
        if (CONSUMERS.equals(name)) {
            consumers = consumers();
            name = nextKnownField(TOP);
        }
        Origin origin = null;
        if (ORIGIN.equals(name)) {
            origin = origin();
            name = nextKnownField(TOP);
        }
        if (!MESSAGES.equals(name)) {
            throw misplaced(MESSAGES, name);
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(MESSAGES, "an array");
        }
        formatVersion = (int) version;
        return new SnapshotHeader(format, (int) version, toolVersion, created, serverVersion, stream, config,
                streamState, selection, consumers, origin);
    }

    /** The origin object: text members, each optional; others are skipped. */
    private Origin origin() throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType(ORIGIN, "a map");
        }
        java.util.Map<String, String> found = new java.util.HashMap<>();
        for (JsonToken token = next(); token != JsonToken.END_OBJECT; token = next()) {
            String key = parser.currentName();
            JsonToken value = next();
            if (!ORIGIN_FIELDS.contains(key)) {
                parser.skipChildren();
            } else if (value != JsonToken.VALUE_STRING) {
                throw wrongType(ORIGIN + "." + key, "a text string");
            } else if (found.put(key, parser.getText()) != null) {
                throw corrupt("\"" + key + "\" appears twice in \"" + ORIGIN + "\"");
            }
        }
        return Origin.ofMembers(found);
    }

    private List<ConsumerSnapshot> consumers() throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(CONSUMERS, "an array of consumer arrays");
        }
        // counted as they come: a declared length is not trusted with an allocation
        List<ConsumerSnapshot> consumers = new ArrayList<>();
        for (JsonToken token = next(); token != JsonToken.END_ARRAY; token = next()) {
            if (consumers.size() == MAX_CONSUMERS) {
                throw corrupt("the snapshot has more than " + MAX_CONSUMERS + " consumers");
            }
            if (token != JsonToken.START_ARRAY) {
                throw corrupt("expected a consumer array in \"consumers\" but found " + describe(token));
            }
            consumers.add(consumer());
        }
        return consumers;
    }

    private ConsumerSnapshot consumer() throws IOException {
        element(CONSUMER, CONSUMER_NAME);
        String name = string(CONSUMER_NAME);
        element(CONSUMER, CONSUMER_CONFIG);
        String config = string(CONSUMER_CONFIG);
        element(CONSUMER, DELIVERED_STREAM_SEQ);
        long deliveredStream = integer(DELIVERED_STREAM_SEQ);
        element(CONSUMER, DELIVERED_CONSUMER_SEQ);
        long deliveredConsumer = integer(DELIVERED_CONSUMER_SEQ);
        element(CONSUMER, ACK_FLOOR_STREAM_SEQ);
        long ackFloorStream = integer(ACK_FLOOR_STREAM_SEQ);
        element(CONSUMER, ACK_FLOOR_CONSUMER_SEQ);
        long ackFloorConsumer = integer(ACK_FLOOR_CONSUMER_SEQ);
        skipLaterElements();
        return new ConsumerSnapshot(name, config, deliveredStream, deliveredConsumer, ackFloorStream, ackFloorConsumer);
    }

    private StreamState streamState() throws IOException {
        startMap(STREAM_STATE);
        // arguments are evaluated left to right, in the keys' order
        StreamState streamState = new StreamState(integerMember(STATE_MESSAGES, STATE),
                integerMember(STATE_BYTES, STATE), integerMember(FIRST_SEQ, STATE), integerMember(LAST_SEQ, STATE),
                nullableTimeMember(FIRST_TS, STATE), nullableTimeMember(LAST_TS, STATE));
        endMap(STREAM_STATE, STATE);
        return streamState;
    }

    private Selection selection() throws IOException {
        startMap(SELECTION);
        field(MAX_SEQ, SELECTION_FIELDS);
        Long maxSeq = parser.currentToken() == JsonToken.VALUE_NULL ? null : integer(MAX_SEQ);
        Selection selection = new Selection(maxSeq, nullableTimeMember(BEFORE, SELECTION_FIELDS),
                integerMember(UP_TO_SEQ, SELECTION_FIELDS));
        endMap(SELECTION, SELECTION_FIELDS);
        return selection;
    }

    private SnapshotMessage message() throws IOException {
        element(MESSAGE, SEQ);
        long sequence = integer(SEQ);
        if (sequence < 1) {
            throw corrupt("\"seq\" must be at least 1, is " + sequence);
        }
        element(MESSAGE, SUBJECT);
        String subject = string(SUBJECT);
        element(MESSAGE, SECONDS);
        long seconds = integer(SECONDS);
        element(MESSAGE, NANOS);
        Instant time = instant("time", seconds, integer(NANOS));
        element(MESSAGE, HEADERS);
        HeaderBlock headers = formatVersion == 1 ? format1Block(headers()) : headerBlock();
        element(MESSAGE, PAYLOAD);
        byte[] bytes = bytes(payload, PAYLOAD);
        SnapshotMessage message = new SnapshotMessage(sequence, subject, headers, bytes, time);
        if (next() != JsonToken.END_ARRAY) {
            // the checksum: absent in snapshots other tools write; present, it must match
            long crc = integer(CRC);
            if (crc < 0 || crc > 0xFFFF_FFFFL) {
                throw corrupt("\"crc\" is not an unsigned 32-bit integer: " + crc);
            }
            MessageChecksum.check(message, formatVersion, crc, messagesRead, "");
            skipLaterElements();
        }
        return message;
    }

    /** Moves to the next element of a {@code what} array ("message", "consumer"), which must be there. */
    private void element(String what, String name) throws IOException {
        if (next() == JsonToken.END_ARRAY) {
            throw corrupt("the " + what + " array ends before its \"" + name + "\" element");
        }
    }

    /** Skips to the end of the current array: later versions may append elements, this one skips them. */
    private void skipLaterElements() throws IOException {
        for (JsonToken token = next(); token != JsonToken.END_ARRAY; token = next()) {
            parser.skipChildren();
        }
    }

    /** Element 4 in format 2: the header block's bytes, or null for none. */
    private HeaderBlock headerBlock() throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return HeaderBlock.NONE;
        }
        if (parser.currentToken() == JsonToken.START_ARRAY) {
            throw wrongType(HEADERS, "a byte string, the header block (or null for none); format 1's array of names "
                    + "and values is not format 2");
        }
        return HeaderBlock.of(bytes(headerBytes, HEADERS));
    }

    /** Format 1 header lines as a block ({@link HeaderBlock#ofLines}); NONE when there are none (format 1 could not tell an empty block from none). */
    private HeaderBlock format1Block(List<MessageHeader> lines) {
        try {
            return lines.isEmpty() ? HeaderBlock.NONE : HeaderBlock.ofLines(lines);
        } catch (IllegalArgumentException e) {
            throw corrupt(e.getMessage());
        }
    }

    private List<MessageHeader> headers() throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(HEADERS, "an array of names and values");
        }
        JsonToken token = next();
        if (token == JsonToken.END_ARRAY) {
            return List.of();
        }
        List<MessageHeader> headers = new ArrayList<>();
        for (; token != JsonToken.END_ARRAY; token = next()) {
            if (headers.size() == MAX_HEADER_LINES) {
                throw corrupt("a message has more than " + MAX_HEADER_LINES + " header lines");
            }
            if (token != JsonToken.VALUE_STRING) {
                throw notAPair();
            }
            String headerName = parser.getText();
            if (next() != JsonToken.VALUE_STRING) {
                throw notAPair();
            }
            headers.add(new MessageHeader(headerName, parser.getText()));
        }
        return headers;
    }

    /** The byte string at element {@code name}, collected in {@code buffer}, which bounds it. */
    private byte[] bytes(BoundedBuffer buffer, String name) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_EMBEDDED_OBJECT) {
            throw wrongType(name, "a byte string");
        }
        buffer.reset();
        parser.readBinaryValue(buffer);
        return buffer.toByteArray();
    }

    private SnapshotTrailer trailer() throws IOException {
        field(TRAILER, TOP);
        startMap(TRAILER);
        long messages = integerMember(TRAILER_MESSAGES, TRAILER_FIELDS);
        long payloadBytes = integerMember(PAYLOAD_BYTES, TRAILER_FIELDS);
        String digest = stringMember(DIGEST, TRAILER_FIELDS);
        endMap(TRAILER, TRAILER_FIELDS);
        if (messages < 0 || payloadBytes < 0) {
            throw corrupt("\"messages\" and \"payload_bytes\" must not be negative");
        }
        state = State.DONE;
        endMap(null, TOP);
        // reading to the end also makes zstd check the frame's checksum
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw corrupt("found " + describe(after) + " where the CBOR data should end");
        }
        return new SnapshotTrailer(messages, payloadBytes, digest);
    }

    // ---- structure

    /** Moves to the value of key {@code name}, skipping unknown keys; a known one out of place is an error. */
    private void field(String name, Set<String> known) throws IOException {
        String found = nextKnownField(known);
        if (!name.equals(found)) {
            throw misplaced(name, found);
        }
    }

    /** Moves to the value of the next key that is in {@code known}; null at the end of the map. */
    private @Nullable String nextKnownField(Set<String> known) throws IOException {
        while (next() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            next();
            if (known.contains(name)) {
                return name;
            }
            parser.skipChildren();
        }
        return null;
    }

    private void startMap(String name) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType(name, "a map");
        }
    }

    /** Skips unknown keys up to the end of the current map, named {@code map} unless it is the top one. */
    private void endMap(@Nullable String map, Set<String> known) throws IOException {
        String extra = nextKnownField(known);
        if (extra != null) {
            throw corrupt("\"" + extra + "\" appears twice" + (map == null ? "" : " in \"" + map + "\""));
        }
    }

    private JsonToken next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw corrupt("snapshot is truncated: its CBOR data ends early (the writer did not finish it)",
                    parser.currentLocation());
        }
        return token;
    }

    // ---- values: xMember(name, known) moves to key name (see field) and reads its value

    private String stringMember(String name, Set<String> known) throws IOException {
        field(name, known);
        return string(name);
    }

    private long integerMember(String name, Set<String> known) throws IOException {
        field(name, known);
        return integer(name);
    }

    private Instant timeMember(String name, Set<String> known) throws IOException {
        field(name, known);
        return time(name);
    }

    private @Nullable Instant nullableTimeMember(String name, Set<String> known) throws IOException {
        field(name, known);
        return parser.currentToken() == JsonToken.VALUE_NULL ? null : time(name);
    }

    private String string(String name) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType(name, "a text string");
        }
        return parser.getText();
    }

    private long integer(String name) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(name, "an integer");
        }
        JsonParser.NumberType type = parser.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw corrupt("\"" + name + "\" is out of range: " + clip(parser.getText()));
        }
        return parser.getLongValue();
    }

    /** A time: the array {@code [seconds, nanoseconds]}. */
    private Instant time(String name) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(name, "a [seconds, nanoseconds] array");
        }
        long seconds = timePart(name);
        Instant time = instant(name, seconds, timePart(name));
        if (next() != JsonToken.END_ARRAY) {
            throw corrupt("\"" + name + "\" must be a [seconds, nanoseconds] array but has more elements");
        }
        return time;
    }

    private long timePart(String name) throws IOException {
        JsonToken token = next();
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw corrupt("\"" + name + "\" must be a [seconds, nanoseconds] array of integers but holds "
                    + describe(token));
        }
        return integer(name);
    }

    private Instant instant(String name, long seconds, long nanos) {
        if (nanos < 0 || nanos > 999_999_999) {
            throw corrupt("the nanoseconds of \"" + name + "\" must be from 0 to 999999999, are " + nanos);
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw corrupt("\"" + name + "\" is out of range: " + seconds + " seconds");
        }
    }

    // ---- errors

    private static SnapshotException notJetsnap(String why) {
        return SnapshotException.corrupt("not a jetsnap snapshot: " + why);
    }

    private SnapshotException misplaced(String expected, @Nullable String found) {
        return corrupt(found == null ? "\"" + expected + "\" is missing"
                : "\"" + found + "\" is where \"" + expected + "\" should be");
    }

    private SnapshotException wrongType(String name, String expected) {
        return corrupt("\"" + name + "\" must be " + expected + " but is " + describe(parser.currentToken()));
    }

    private SnapshotException notAPair() {
        return corrupt("\"headers\" must hold names and values, all text strings, in pairs, but holds "
                + describe(parser.currentToken()));
    }

    private SnapshotException corrupt(String problem) {
        return corrupt(problem, parser.currentTokenLocation());
    }

    private SnapshotException corrupt(String problem, @Nullable JsonLocation where) {
        return corrupt(problem, where, null);
    }

    private SnapshotException corrupt(String problem, @Nullable JsonLocation where, @Nullable Exception cause) {
        StringBuilder message = new StringBuilder(problem).append(section());
        if (where != null && where.getByteOffset() >= 0) {
            message.append(" (byte ").append(where.getByteOffset()).append(" of the CBOR data)");
        }
        return SnapshotException.corrupt(message.toString(), cause);
    }

    /**
     * What zstd or the parser reported, as a corrupt snapshot; any other {@link IOException} is the
     * caller's stream failing, and is thrown as it is.
     */
    private SnapshotException failure(IOException e) throws IOException {
        if (e instanceof ZstdIOException zstdError) {
            return corrupt(zstdError);
        }
        if (e instanceof JsonProcessingException cborError) {
            return corrupt(cborError);
        }
        throw e;
    }

    private SnapshotException corrupt(JsonProcessingException e) {
        String detail = e.getOriginalMessage();
        // Jackson reports some ends of input as plain parse errors ("Unexpected end-of-input in ...")
        if (e instanceof JsonEOFException || detail != null && detail.startsWith("Unexpected end-of-input")) {
            return corrupt("snapshot is truncated: its CBOR data ends early (the writer did not finish it)",
                    e.getLocation());
        }
        String what = e instanceof StreamConstraintsException ? "a reader limit was exceeded: " : "not valid CBOR: ";
        return corrupt(what + firstLine(detail), e.getLocation(), e);
    }

    /**
     * zstd reports a cut-off frame as "Truncated source" once the input has ended, and a checksum
     * mismatch at the end of the frame, after it has handed on all of the frame's data.
     */
    private SnapshotException corrupt(ZstdIOException e) {
        String message;
        if (e.getErrorCode() == Zstd.errChecksumWrong()) {
            message = "the snapshot was altered or damaged: its data does not match the zstd frame's checksum";
        } else if (source.ended()) {
            String what = state == State.DONE ? "snapshot is truncated (or followed by stray bytes)" : "snapshot is truncated";
            message = what + ": the input ends after " + source.position() + " bytes, inside a zstd frame," + section();
        } else if (state == State.DONE) {
            message = "found bytes that are not part of the snapshot after its zstd frame (zstd: " + e.getMessage() + ")";
        } else {
            message = "not valid zstd data (zstd: " + e.getMessage() + ")" + section();
        }
        return SnapshotException.corrupt(message, e);
    }

    private String section() {
        return switch (state) {
            case HEADER -> " in the header";
            case MESSAGES -> " in message #" + (inMessage ? messagesRead : messagesRead + 1);
            case TRAILER -> " in the trailer";
            case DONE -> " after the trailer";
        };
    }

    private static String describe(@Nullable JsonToken token) {
        if (token == null) {
            return "the end of the data";
        }
        return switch (token) {
            case START_OBJECT -> "a map";
            case START_ARRAY -> "an array";
            case END_OBJECT -> "the end of a map";
            case END_ARRAY -> "the end of an array";
            case FIELD_NAME -> "a map key";
            case VALUE_STRING -> "a text string";
            case VALUE_EMBEDDED_OBJECT -> "a byte string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a floating-point number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    /** Jackson's message up to where it starts describing its own configuration. */
    private static String firstLine(@Nullable String detail) {
        if (detail == null) {
            return "unreadable input";
        }
        String line = detail.lines().findFirst().orElse("").replaceAll(", from `[^`]*`", "");
        return clip(line, 200);
    }

    private static String clip(String text) {
        return clip(text, 40);
    }

    /** At most {@code max} characters of {@code text}, control characters escaped, to quote in a one-line message. */
    private static String clip(String text, int max) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return i < text.length() ? out.append("...").toString() : out.toString();
    }

    /**
     * Collects one payload or header block into an array reused from message to message. The
     * parser hands it the byte string piece by piece, so it refuses one larger than its limit
     * before holding more than that, whatever length the string declares.
     */
    private final class BoundedBuffer extends OutputStream {
        private static final int INITIAL = 8 * 1024;
        /** A buffer grown past this for one large payload is dropped afterwards. */
        private static final int KEPT = 1024 * 1024;
        private static final byte[] NONE = new byte[0];

        private final String what;
        private final int limit;
        private byte[] buffer = new byte[INITIAL];
        private int count;

        BoundedBuffer(String what, int limit) {
            this.what = what;
            this.limit = limit;
        }

        void reset() {
            count = 0;
            if (buffer.length > KEPT) {
                buffer = new byte[INITIAL];
            }
        }

        /**
         * What was collected; a buffer grown past {@link #KEPT} is dropped at once, not at the next
         * message, so that it is not held while this message waits in a queue.
         */
        byte[] toByteArray() {
            // the buffer grew by doubling, so its last growth met only about half of what it now holds
            io.jetsnap.core.HeapNeed.meet(count);
            byte[] bytes = count == 0 ? NONE : Arrays.copyOf(buffer, count);
            reset();
            return bytes;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int needed = count + len;
            if (needed > limit || needed < 0) {
                throw corrupt(what + " is larger than " + limit / (1024 * 1024) + " MiB, the most NATS allows");
            }
            if (needed > buffer.length) {
                io.jetsnap.core.HeapNeed.meet(needed);
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(needed, 2L * buffer.length)));
            }
            System.arraycopy(b, off, buffer, count, len);
            count = needed;
        }
    }
}

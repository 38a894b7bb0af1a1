package io.jetsnap.format.json;

import static io.jetsnap.format.json.JsonFields.*;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
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
import java.io.ByteArrayOutputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Streams one snapshot in from a JSON document. Every way the document can be wrong ends in a
 * {@link SnapshotException} of code {@code CORRUPT_SNAPSHOT} that says what was wrong and where.
 */
final class JsonManifestReader implements ManifestReader {
    /** The largest payload read: NATS's own ceiling for {@code max_payload}. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
    /** The largest header block read: the server counts it within {@code max_payload}, so no stored block is larger. */
    static final int MAX_HEADER_BLOCK_BYTES = MAX_PAYLOAD_BYTES;
    /** The most header lines one message of a format 1 snapshot may have; far beyond what a server accepts in practice. */
    static final int MAX_HEADER_LINES = 100_000;
    /** The most consumers one snapshot may have; far beyond what a stream has in practice. */
    static final int MAX_CONSUMERS = 100_000;

    private enum State { HEADER, MESSAGES, TRAILER, DONE }

    private static final List<String> JACKSON_HINTS = List.of("\n", " (for Object starting at", " (for Array starting at",
            " (consider enabling", " (not recognized as one", ": enable `", " at [Source");

    private final JsonParser parser;
    private final BoundedBuffer payload = new BoundedBuffer("a payload", MAX_PAYLOAD_BYTES);
    private final BoundedBuffer headerBytes = new BoundedBuffer("a header block", MAX_HEADER_BLOCK_BYTES);
    private final HeaderText headerText = new HeaderText();
    private int formatVersion;
    private State state = State.HEADER;
    private long messagesRead;
    private boolean inMessage;

    JsonManifestReader(JsonParser parser) {
        this.parser = parser;
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
        } catch (JsonProcessingException | CharConversionException e) {
            throw corrupt(e);
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
            if (token != JsonToken.START_OBJECT) {
                throw corrupt("expected a message object in \"messages\" but found " + describe(token));
            }
            messagesRead++;
            inMessage = true;
            SnapshotMessage message = message();
            inMessage = false;
            return message;
        } catch (JsonProcessingException | CharConversionException e) {
            throw corrupt(e);
        }
    }

    @Override
    public SnapshotTrailer readTrailer() throws IOException {
        if (state != State.TRAILER) {
            throw new IllegalStateException("readTrailer must follow the last message (nextMessage returned null)");
        }
        try {
            return trailer();
        } catch (JsonProcessingException | CharConversionException e) {
            throw corrupt(e);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private SnapshotHeader header() throws IOException {
        JsonToken first;
        try {
            first = parser.nextToken();
        } catch (JsonProcessingException | CharConversionException e) {
            throw notJetsnap("it does not begin with a JSON value (" + withoutHints(e.getMessage()) + ")");
        }
        if (first == null) {
            throw notJetsnap("the input is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            throw notJetsnap("it is not a JSON object");
        }
        if (next() != JsonToken.FIELD_NAME || !FORMAT.equals(parser.currentName())
                || next() != JsonToken.VALUE_STRING) {
            throw notJetsnap("the JSON object does not begin with \"format\":\"jetsnap\"");
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
            throw wrongType(ORIGIN, "an object");
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
            throw wrongType(CONSUMERS, "an array of objects");
        }
        List<ConsumerSnapshot> consumers = new ArrayList<>();
        for (JsonToken token = next(); token != JsonToken.END_ARRAY; token = next()) {
            if (consumers.size() == MAX_CONSUMERS) {
                throw corrupt("the snapshot has more than " + MAX_CONSUMERS + " consumers");
            }
            if (token != JsonToken.START_OBJECT) {
                throw corrupt("\"consumers\" must hold objects but holds " + describe(token));
            }
            // arguments are evaluated left to right, in the members' order
            ConsumerSnapshot consumer = new ConsumerSnapshot(stringMember(CONSUMER_NAME, CONSUMER),
                    stringMember(CONSUMER_CONFIG, CONSUMER), integerMember(DELIVERED_STREAM_SEQ, CONSUMER),
                    integerMember(DELIVERED_CONSUMER_SEQ, CONSUMER), integerMember(ACK_FLOOR_STREAM_SEQ, CONSUMER),
                    integerMember(ACK_FLOOR_CONSUMER_SEQ, CONSUMER));
            endObject(CONSUMERS, CONSUMER);
            consumers.add(consumer);
        }
        return consumers;
    }

    private StreamState streamState() throws IOException {
        startObject(STREAM_STATE);
        // arguments are evaluated left to right, in the members' order
        StreamState streamState = new StreamState(integerMember(STATE_MESSAGES, STATE),
                integerMember(STATE_BYTES, STATE), integerMember(FIRST_SEQ, STATE), integerMember(LAST_SEQ, STATE),
                nullableTimeMember(FIRST_TS, STATE), nullableTimeMember(LAST_TS, STATE));
        endObject(STREAM_STATE, STATE);
        return streamState;
    }

    private Selection selection() throws IOException {
        startObject(SELECTION);
        field(MAX_SEQ, SELECTION_FIELDS);
        Long maxSeq = parser.currentToken() == JsonToken.VALUE_NULL ? null : integer(MAX_SEQ);
        Selection selection = new Selection(maxSeq, nullableTimeMember(BEFORE, SELECTION_FIELDS),
                integerMember(UP_TO_SEQ, SELECTION_FIELDS));
        endObject(SELECTION, SELECTION_FIELDS);
        return selection;
    }

    private SnapshotMessage message() throws IOException {
        long sequence = integerMember(SEQ, MESSAGE);
        if (sequence < 1) {
            throw corrupt("\"seq\" must be at least 1, is " + sequence);
        }
        String subject = stringMember(SUBJECT, MESSAGE);
        Instant time = timeMember(TIME, MESSAGE);
        String name = nextKnownField(MESSAGE);
        HeaderBlock headers = HeaderBlock.NONE;
        if (HEADERS.equals(name) || HEADERS_BASE64.equals(name)) {
            headers = headerBlock(name);
            String first = name;
            name = nextKnownField(MESSAGE);
            if (HEADERS.equals(name) || HEADERS_BASE64.equals(name)) {
                throw corrupt(first.equals(name) ? "\"" + name + "\" appears twice"
                        : "a message has both \"" + first + "\" and \"" + name + "\": one header block, in one of them");
            }
        }
        if (!PAYLOAD.equals(name)) {
            throw misplaced(PAYLOAD, name);
        }
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType(PAYLOAD, "a base64 string");
        }
        payload.reset();
        try {
            parser.readBinaryValue(Base64Variants.MIME_NO_LINEFEEDS, payload);
        } catch (IllegalArgumentException e) {
            // Jackson reports a bad base64 character this way, not as a parse error
            throw corrupt("\"payload\" is not base64: " + withoutHints(e.getMessage()));
        }
        byte[] bytes = payload.take();
        SnapshotMessage message = new SnapshotMessage(sequence, subject, headers, bytes, time);
        String after = nextKnownField(MESSAGE);
        if (CRC.equals(after)) {
            // absent in snapshots other tools write; present, it must match
            long offset = parser.currentTokenLocation().getByteOffset();
            MessageChecksum.check(message, formatVersion, checksum(string(CRC)), messagesRead,
                    offset >= 0 ? " (byte " + offset + ")" : "");
            after = nextKnownField(MESSAGE);
        }
        if (after != null) {
            throw corrupt("\"" + after + "\" appears twice");
        }
        return message;
    }

    /** A message checksum as written: eight lower-case hex digits. */
    private long checksum(String text) {
        if (text.length() != 8) {
            throw corrupt("\"crc\" is not eight hex digits: \"" + clip(text) + "\"");
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0 || Character.isUpperCase(text.charAt(i))) {
                throw corrupt("\"crc\" is not eight lower-case hex digits: \"" + clip(text) + "\"");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** The header block in member {@code name} ({@code headers} or {@code headers_base64}), as this format version keeps it. */
    private HeaderBlock headerBlock(String name) throws IOException {
        if (formatVersion == 1) {
            if (!HEADERS.equals(name)) {
                throw corrupt("\"" + name + "\" is a member of format 2, in a snapshot of format 1");
            }
            return format1Block(headers());
        }
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType(name, HEADERS.equals(name) ? "a string, the header block's text (format 1's [name, value] "
                    + "pairs are not format 2)" : "a base64 string");
        }
        if (HEADERS_BASE64.equals(name)) {
            headerBytes.reset();
            try {
                parser.readBinaryValue(Base64Variants.MIME_NO_LINEFEEDS, headerBytes);
            } catch (IllegalArgumentException e) {
                throw corrupt("\"" + HEADERS_BASE64 + "\" is not base64: " + withoutHints(e.getMessage()));
            }
            return HeaderBlock.of(headerBytes.take());
        }
        String text = parser.getText();
        byte[] block = headerText.bytes(text);
        if (block == null) {
            throw corrupt("\"" + HEADERS + "\" holds a lone surrogate, which no bytes are the UTF-8 of (a block that is "
                    + "not UTF-8 belongs in \"" + HEADERS_BASE64 + "\")");
        }
        if (block.length > MAX_HEADER_BLOCK_BYTES) {
            throw corrupt("a header block is larger than " + MAX_HEADER_BLOCK_BYTES / (1024 * 1024)
                    + " MiB, the most NATS allows");
        }
        return HeaderBlock.of(block);
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
            throw wrongType(HEADERS, "an array of [name, value] pairs");
        }
        List<MessageHeader> headers = new ArrayList<>();
        for (JsonToken token = next(); token != JsonToken.END_ARRAY; token = next()) {
            if (headers.size() == MAX_HEADER_LINES) {
                throw corrupt("a message has more than " + MAX_HEADER_LINES + " header lines");
            }
            if (token != JsonToken.START_ARRAY || next() != JsonToken.VALUE_STRING) {
                throw notAPair();
            }
            String headerName = parser.getText();
            if (next() != JsonToken.VALUE_STRING) {
                throw notAPair();
            }
            String value = parser.getText();
            if (next() != JsonToken.END_ARRAY) {
                throw notAPair();
            }
            headers.add(new MessageHeader(headerName, value));
        }
        return headers;
    }

    private SnapshotTrailer trailer() throws IOException {
        field(TRAILER, TOP);
        startObject(TRAILER);
        long messages = integerMember(TRAILER_MESSAGES, TRAILER_FIELDS);
        long payloadBytes = integerMember(PAYLOAD_BYTES, TRAILER_FIELDS);
        String digest = stringMember(DIGEST, TRAILER_FIELDS);
        endObject(TRAILER, TRAILER_FIELDS);
        if (messages < 0 || payloadBytes < 0) {
            throw corrupt("\"messages\" and \"payload_bytes\" must not be negative");
        }
        state = State.DONE;
        endObject(null, TOP);
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw corrupt("found " + describe(after) + " where the input should end");
        }
        return new SnapshotTrailer(messages, payloadBytes, digest);
    }

    // ---- structure

    /** Moves to the value of member {@code name}, skipping unknown members; a known one out of place is an error. */
    private void field(String name, Set<String> known) throws IOException {
        String found = nextKnownField(known);
        if (!name.equals(found)) {
            throw misplaced(name, found);
        }
    }

    /** Moves to the value of the next member whose name is in {@code known}; null at the end of the object. */
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

    private void startObject(String name) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType(name, "an object");
        }
    }

    /** Skips unknown members up to the end of the current object, named {@code object} unless it is the section's own. */
    private void endObject(@Nullable String object, Set<String> known) throws IOException {
        String extra = nextKnownField(known);
        if (extra != null) {
            throw corrupt("\"" + extra + "\" appears twice" + (object == null ? "" : " in \"" + object + "\""));
        }
    }

    private JsonToken next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw truncated(parser.currentLocation());
        }
        return token;
    }

    // ---- values: xMember(name, known) moves to member name (see field) and reads it

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
            throw wrongType(name, "a string");
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

    private Instant time(String name) throws IOException {
        String text = string(name);
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeException e) {
            throw corrupt("\"" + name + "\" is not an RFC 3339 time: \"" + clip(text) + "\"");
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
        return corrupt("\"headers\" must hold [name, value] pairs of strings but holds " + describe(parser.currentToken()));
    }

    private SnapshotException corrupt(String problem) {
        return corrupt(problem, parser.currentTokenLocation(), null);
    }

    private SnapshotException corrupt(Exception e) {
        JsonLocation where = e instanceof JsonProcessingException jpe ? jpe.getLocation() : parser.currentLocation();
        String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        // Jackson reports some ends of input as plain parse errors ("Unexpected end-of-input within/between ...")
        if (e instanceof JsonEOFException || detail != null && detail.startsWith("Unexpected end-of-input")) {
            return truncated(where);
        }
        String what = e instanceof StreamConstraintsException ? "a reader limit was exceeded: " : "not valid JSON: ";
        return corrupt(what + withoutHints(detail), where, e);
    }

    private SnapshotException truncated(@Nullable JsonLocation where) {
        return corrupt("snapshot is truncated: unexpected end of input", where, null);
    }

    private SnapshotException corrupt(String problem, @Nullable JsonLocation where, @Nullable Exception cause) {
        String section = switch (state) {
            case HEADER -> " in the header";
            case MESSAGES -> " in message #" + (inMessage ? messagesRead : messagesRead + 1);
            case TRAILER -> " in the trailer";
            case DONE -> " after the trailer";
        };
        StringBuilder message = new StringBuilder(problem).append(section);
        long offset = where == null ? -1 : where.getByteOffset() >= 0 ? where.getByteOffset() : where.getCharOffset();
        if (offset >= 0) {
            message.append(" (byte ").append(offset).append(')');
        }
        return SnapshotException.corrupt(message.toString(), cause);
    }

    private static String describe(@Nullable JsonToken token) {
        if (token == null) {
            return "the end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_OBJECT -> "the end of an object";
            case END_ARRAY -> "the end of an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a fractional number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    /** Jackson's message up to where it starts describing its own source or configuration. */
    private static String withoutHints(@Nullable String detail) {
        if (detail == null) {
            return "unreadable input";
        }
        int end = detail.length();
        for (String hint : JACKSON_HINTS) {
            int at = detail.indexOf(hint);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return clip(detail.substring(0, end), 200);
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

    /** Collects one decoded payload or header block; refuses one larger than its limit as soon as it grows past it. */
    private final class BoundedBuffer extends ByteArrayOutputStream {
        private static final int INITIAL = 8 * 1024;
        private static final int KEPT = 1024 * 1024;
        private final String what;
        private final int limit;

        BoundedBuffer(String what, int limit) {
            this.what = what;
            this.limit = limit;
        }

        /**
         * What was collected, leaving the buffer empty; one grown past {@link #KEPT} for a large
         * payload is dropped at once, so that it is not held while the message waits in a queue.
         */
        synchronized byte[] take() {
            byte[] bytes = toByteArray();
            reset();
            if (buf.length > KEPT) {
                buf = new byte[INITIAL];
            }
            return bytes;
        }

        @Override
        public synchronized void write(int b) {
            ensureRoom(1);
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            ensureRoom(len);
            super.write(b, off, len);
        }

        private void ensureRoom(int more) {
            if (count + (long) more > limit) {
                throw corrupt(what + " is larger than " + limit / (1024 * 1024) + " MiB, the most NATS allows");
            }
            io.jetsnap.core.HeapNeed.meet(count + (long) more);
        }
    }
}

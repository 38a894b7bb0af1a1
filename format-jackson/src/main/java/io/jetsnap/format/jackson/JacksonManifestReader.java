package io.jetsnap.format.jackson;

import static io.jetsnap.format.jackson.Fields.*;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.HeapNeed;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.digest.MessageChecksum;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.Origin;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.model.StreamState;
import io.jetsnap.core.spi.ManifestReader;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Streams one snapshot in from a Jackson parser: the header, the messages one per call, the
 * trailer. The walk, its limits and its wording are the same for every format; a codec supplies how
 * its format lays out a message ({@link #readMessage}), a consumer ({@link #readConsumer}) and a time
 * ({@link #readTime}), how its parser's errors read, and the framing around the parser.
 *
 * <p>Every way the input can be wrong ends in a {@link SnapshotException} of code
 * {@code CORRUPT_SNAPSHOT} that says what was wrong, in which section and at which byte; an
 * {@link IOException} of the caller's stream itself passes through unchanged ({@link #failure}).
 * Unknown members are skipped, so later versions may add some; a known one out of its place is an
 * error.
 */
public abstract class JacksonManifestReader implements ManifestReader {
    private enum State { HEADER, MESSAGES, TRAILER, DONE }

    private final Vocabulary words;
    private final BoundedBuffer payload = new BoundedBuffer("a payload", MAX_PAYLOAD_BYTES);
    private final BoundedBuffer headerBytes = new BoundedBuffer("a header block", MAX_HEADER_BLOCK_BYTES);
    // set once, by begin(), in the subclass's constructor
    private JsonParser parser;
    private int formatVersion;
    private State state = State.HEADER;
    private long messagesRead;
    private boolean inMessage;

    /** @param words how this codec's errors name what its format holds */
    protected JacksonManifestReader(Vocabulary words) {
        this.words = words;
    }

    /**
     * Hands the walk the parser it reads. A subclass calls it once, from its constructor; making a
     * parser may already read, and fail (see {@link #failure}).
     */
    protected final void begin(JsonParser parser) {
        if (this.parser != null) {
            throw new IllegalStateException("begin called twice");
        }
        this.parser = parser;
    }

    // ---- what each codec supplies

    /**
     * Moves to the snapshot's top-level object, refusing (with {@link #notJetsnap}) an input that is
     * empty or does not begin with one.
     */
    protected abstract void startDocument() throws IOException;

    /**
     * Reads one message, from its first token {@code start} (not yet checked) to its last, inclusive.
     * The format version is {@link #formatVersion()}.
     */
    protected abstract SnapshotMessage readMessage(JsonToken start) throws IOException;

    /** Reads one consumer of the header's list, from its first token {@code start} (not yet checked) to its last. */
    protected abstract ConsumerSnapshot readConsumer(JsonToken start) throws IOException;

    /** Reads the time at the current token, the value of {@code name}, which is not null. */
    protected abstract Instant readTime(String name) throws IOException;

    /** The parser's own message up to where it starts describing its source or configuration. */
    protected abstract String withoutHints(@Nullable String detail);

    /**
     * What a failure of the parser (or of a decoder beneath it) means: a corrupt snapshot. Any other
     * {@link IOException} is the caller's stream failing, and is thrown as it is. A codec whose
     * input can fail in ways of its own (zstd) maps those first.
     */
    protected SnapshotException failure(IOException e) throws IOException {
        if (e instanceof JsonProcessingException parseError) {
            return parseError(parseError, parseError.getLocation(), parseError.getOriginalMessage());
        }
        throw e;
    }

    // ---- ManifestReader

    @Override
    public final SnapshotHeader readHeader() throws IOException {
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
    public final @Nullable SnapshotMessage nextMessage() throws IOException {
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
            messagesRead++;
            inMessage = true;
            SnapshotMessage message = readMessage(token);
            inMessage = false;
            return message;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public final SnapshotTrailer readTrailer() throws IOException {
        if (state != State.TRAILER) {
            throw new IllegalStateException("readTrailer must follow the last message (nextMessage returned null)");
        }
        try {
            return trailer();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Closes the parser; a codec with more to close (a decompressor) closes it after this. */
    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
    }

    // ---- the walk

    private SnapshotHeader header() throws IOException {
        startDocument();
        if (next() != JsonToken.FIELD_NAME || !FORMAT.equals(parser.currentName())
                || next() != JsonToken.VALUE_STRING) {
            throw notJetsnap("the " + words.document() + " does not begin with \"format\":\"jetsnap\"");
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
        atLeastOne(FORMAT_VERSION, version);
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
        startObject(ORIGIN);
        Map<String, String> found = new HashMap<>();
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
            throw wrongType(CONSUMERS, words.consumers());
        }
        // counted as they come: a declared length is not trusted with an allocation
        List<ConsumerSnapshot> consumers = new ArrayList<>();
        for (JsonToken token = next(); token != JsonToken.END_ARRAY; token = next()) {
            if (consumers.size() == MAX_CONSUMERS) {
                throw corrupt("the snapshot has more than " + MAX_CONSUMERS + " consumers");
            }
            consumers.add(readConsumer(token));
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
        // reading to the end also lets a decoder beneath the parser check what it checks at the end
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw corrupt("found " + describe(after) + " where " + words.theData() + " should end");
        }
        return new SnapshotTrailer(messages, payloadBytes, digest);
    }

    // ---- for the codecs: the state of the walk

    /** The parser, for a codec's own reading. */
    protected final JsonParser parser() {
        return parser;
    }

    /** The format version the header declared; valid once the header is read. */
    protected final int formatVersion() {
        return formatVersion;
    }

    /** Whether the trailer has been read: what follows is after the snapshot. */
    protected final boolean pastTrailer() {
        return state == State.DONE;
    }

    /** Where the walk is, for an error message: " in the header", " in message #3", ... */
    protected final String section() {
        return switch (state) {
            case HEADER -> " in the header";
            case MESSAGES -> " in message #" + (inMessage ? messagesRead : messagesRead + 1);
            case TRAILER -> " in the trailer";
            case DONE -> " after the trailer";
        };
    }

    // ---- for the codecs: structure

    /** The next token, which must be there: the end of the input here is a truncated snapshot. */
    protected final JsonToken next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw truncated(parser.currentLocation());
        }
        return token;
    }

    /** Moves to the value of member {@code name}, skipping unknown members; a known one out of place is an error. */
    protected final void field(String name, Set<String> known) throws IOException {
        String found = nextKnownField(known);
        if (!name.equals(found)) {
            throw misplaced(name, found);
        }
    }

    /** Moves to the value of the next member whose name is in {@code known}; null at the end of the object. */
    protected final @Nullable String nextKnownField(Set<String> known) throws IOException {
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

    /** Refuses a value of member {@code name} that is not an object. */
    protected final void startObject(String name) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType(name, words.anObject());
        }
    }

    /** Skips unknown members up to the end of the current object, named {@code object} unless it is the top one. */
    protected final void endObject(@Nullable String object, Set<String> known) throws IOException {
        String extra = nextKnownField(known);
        if (extra != null) {
            throw corrupt("\"" + extra + "\" appears twice" + (object == null ? "" : " in \"" + object + "\""));
        }
    }

    // ---- for the codecs: values. xMember(name, known) moves to member name (see field) and reads it

    protected final String stringMember(String name, Set<String> known) throws IOException {
        field(name, known);
        return string(name);
    }

    protected final long integerMember(String name, Set<String> known) throws IOException {
        field(name, known);
        return integer(name);
    }

    protected final Instant timeMember(String name, Set<String> known) throws IOException {
        field(name, known);
        return readTime(name);
    }

    private @Nullable Instant nullableTimeMember(String name, Set<String> known) throws IOException {
        field(name, known);
        return parser.currentToken() == JsonToken.VALUE_NULL ? null : readTime(name);
    }

    /** The text at the current token, the value of {@code name}. */
    protected final String string(String name) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType(name, words.aString());
        }
        return parser.getText();
    }

    /** The integer at the current token, the value of {@code name}; one beyond a {@code long} is refused. */
    protected final long integer(String name) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(name, "an integer");
        }
        JsonParser.NumberType type = parser.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw corrupt("\"" + name + "\" is out of range: " + clip(parser.getText()));
        }
        return parser.getLongValue();
    }

    /** {@code value}, the value of {@code name}, refused when it is less than 1. */
    protected final long atLeastOne(String name, long value) {
        if (value < 1) {
            throw corrupt("\"" + name + "\" must be at least 1, is " + value);
        }
        return value;
    }

    /**
     * The binary value at the current token as a payload, refused as soon as it grows past
     * {@link Fields#MAX_PAYLOAD_BYTES}, whatever length it declares. {@code variant} decodes base64
     * text; a binary format's byte string needs none and ignores it.
     */
    protected final byte[] payloadBytes(Base64Variant variant) throws IOException {
        return payload.read(variant);
    }

    /** The binary value at the current token as a header block, bounded as {@link #payloadBytes} is. */
    protected final byte[] headerBlockBytes(Base64Variant variant) throws IOException {
        return headerBytes.read(variant);
    }

    /** Format 1 header lines as a block ({@link HeaderBlock#ofLines}); NONE when there are none (format 1 could not tell an empty block from none). */
    protected final HeaderBlock format1Block(List<MessageHeader> lines) {
        try {
            return lines.isEmpty() ? HeaderBlock.NONE : HeaderBlock.ofLines(lines);
        } catch (IllegalArgumentException e) {
            throw corrupt(e.getMessage());
        }
    }

    /** Refuses a message whose checksum {@code crc} does not match it; {@code where} adds to the message (" (byte 12)"). */
    protected final void checkCrc(SnapshotMessage message, long crc, String where) {
        MessageChecksum.check(message, formatVersion, crc, messagesRead, where);
    }

    // ---- for the codecs: errors

    protected static SnapshotException notJetsnap(String why) {
        return SnapshotException.corrupt("not a jetsnap snapshot: " + why);
    }

    protected final SnapshotException misplaced(String expected, @Nullable String found) {
        return corrupt(found == null ? "\"" + expected + "\" is missing"
                : "\"" + found + "\" is where \"" + expected + "\" should be");
    }

    protected final SnapshotException wrongType(String name, String expected) {
        return corrupt("\"" + name + "\" must be " + expected + " but is " + describe(parser.currentToken()));
    }

    /** {@code problem}, at the current token. */
    protected final SnapshotException corrupt(String problem) {
        return corrupt(problem, parser.currentTokenLocation(), null);
    }

    /**
     * {@code problem}, the section it is in and, when {@code where} knows it, the byte offset:
     * "\"seq\" must be at least 1, is 0 in message #3 (byte 812)".
     */
    protected final SnapshotException corrupt(String problem, @Nullable JsonLocation where, @Nullable Exception cause) {
        StringBuilder message = new StringBuilder(problem).append(section());
        long offset = where == null ? -1 : where.getByteOffset() >= 0 ? where.getByteOffset() : where.getCharOffset();
        if (offset >= 0) {
            message.append(" (byte ").append(offset).append(words.offsetUnit()).append(')');
        }
        return SnapshotException.corrupt(message.toString(), cause);
    }

    /** A parse error {@code e} of the parser, which reported {@code detail} at {@code where}. */
    protected final SnapshotException parseError(IOException e, @Nullable JsonLocation where, @Nullable String detail) {
        // Jackson reports some ends of input as plain parse errors ("Unexpected end-of-input within/between ...")
        if (e instanceof JsonEOFException || detail != null && detail.startsWith("Unexpected end-of-input")) {
            return truncated(where);
        }
        String what = e instanceof StreamConstraintsException ? "a reader limit was exceeded: "
                : "not valid " + words.format() + ": ";
        return corrupt(what + withoutHints(detail), where, e);
    }

    private SnapshotException truncated(@Nullable JsonLocation where) {
        return corrupt("snapshot is truncated: " + words.truncated(), where, null);
    }

    /** What {@code token} is, in this format's words, to say what was found instead of what was expected. */
    protected final String describe(@Nullable JsonToken token) {
        if (token == null) {
            return words.theEnd();
        }
        return switch (token) {
            case START_OBJECT -> words.anObject();
            case START_ARRAY -> "an array";
            case END_OBJECT -> "the end of " + words.anObject();
            case END_ARRAY -> "the end of an array";
            case FIELD_NAME -> words.aKey();
            case VALUE_STRING -> words.aString();
            case VALUE_EMBEDDED_OBJECT -> "a byte string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> words.aFraction();
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    protected static String clip(String text) {
        return clip(text, 40);
    }

    /** At most {@code max} characters of {@code text}, control characters escaped, to quote in a one-line message. */
    protected static String clip(String text, int max) {
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
     * parser hands it the value piece by piece, so it refuses one larger than its limit before
     * holding more than that, whatever length the value declares.
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

        /**
         * The binary value at the current token. A buffer grown past {@link #KEPT} is dropped at
         * once, not at the next message, so that it is not held while this message waits in a queue.
         */
        byte[] read(Base64Variant variant) throws IOException {
            reset();
            parser.readBinaryValue(variant, this);
            // the buffer grew by doubling, so its last growth met only about half of what it now holds
            HeapNeed.meet(count);
            byte[] bytes = count == 0 ? NONE : Arrays.copyOf(buffer, count);
            reset();
            return bytes;
        }

        private void reset() {
            count = 0;
            if (buffer.length > KEPT) {
                buffer = new byte[INITIAL];
            }
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
                HeapNeed.meet(needed);
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(needed, 2L * buffer.length)));
            }
            System.arraycopy(b, off, buffer, count, len);
            count = needed;
        }
    }
}

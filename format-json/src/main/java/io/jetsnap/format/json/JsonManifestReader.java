package io.jetsnap.format.json;

import static io.jetsnap.format.jackson.Fields.*;
import static io.jetsnap.format.json.JsonFields.*;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.format.jackson.JacksonManifestReader;
import io.jetsnap.format.jackson.Vocabulary;
import java.io.CharConversionException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Streams one snapshot in from a JSON document: the walk of {@link JacksonManifestReader}, with
 * messages and consumers as objects, times as RFC 3339 text and payloads as base64. Every way the
 * document can be wrong ends in a {@link SnapshotException} of code {@code CORRUPT_SNAPSHOT} that
 * says what was wrong and where.
 */
final class JsonManifestReader extends JacksonManifestReader {
    private static final Vocabulary WORDS = new Vocabulary("JSON", "JSON object", "an object", "a member name",
            "a string", "a fractional number", "the end of input", "the input", "unexpected end of input", "",
            "an array of objects");

    private static final List<String> JACKSON_HINTS = List.of("\n", " (for Object starting at", " (for Array starting at",
            " (consider enabling", " (not recognized as one", ": enable `", " at [Source");

    private final HeaderText headerText = new HeaderText();

    JsonManifestReader(JsonParser parser) {
        super(WORDS);
        begin(parser);
    }

    @Override
    protected void startDocument() throws IOException {
        JsonToken first;
        try {
            first = parser().nextToken();
        } catch (JsonProcessingException | CharConversionException e) {
            throw notJetsnap("it does not begin with a JSON value (" + withoutHints(e.getMessage()) + ")");
        }
        if (first == null) {
            throw notJetsnap("the input is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            throw notJetsnap("it is not a JSON object");
        }
    }

    @Override
    protected SnapshotException failure(IOException e) throws IOException {
        // the parser reports bytes that are not in the document's encoding this way
        if (e instanceof CharConversionException) {
            return parseError(e, parser().currentLocation(), e.getMessage());
        }
        return super.failure(e);
    }

    @Override
    protected ConsumerSnapshot readConsumer(JsonToken start) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            throw corrupt("\"consumers\" must hold objects but holds " + describe(start));
        }
        // arguments are evaluated left to right, in the members' order
        ConsumerSnapshot consumer = new ConsumerSnapshot(stringMember(CONSUMER_NAME, CONSUMER),
                stringMember(CONSUMER_CONFIG, CONSUMER), integerMember(DELIVERED_STREAM_SEQ, CONSUMER),
                integerMember(DELIVERED_CONSUMER_SEQ, CONSUMER), integerMember(ACK_FLOOR_STREAM_SEQ, CONSUMER),
                integerMember(ACK_FLOOR_CONSUMER_SEQ, CONSUMER));
        endObject(CONSUMERS, CONSUMER);
        return consumer;
    }

    @Override
    protected SnapshotMessage readMessage(JsonToken start) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            throw corrupt("expected a message object in \"messages\" but found " + describe(start));
        }
        JsonParser parser = parser();
        long sequence = atLeastOne(SEQ, integerMember(SEQ, MESSAGE));
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
        byte[] bytes;
        try {
            bytes = payloadBytes(Base64Variants.MIME_NO_LINEFEEDS);
        } catch (IllegalArgumentException e) {
            // Jackson reports a bad base64 character this way, not as a parse error
            throw corrupt("\"payload\" is not base64: " + withoutHints(e.getMessage()));
        }
        SnapshotMessage message = new SnapshotMessage(sequence, subject, headers, bytes, time);
        String after = nextKnownField(MESSAGE);
        if (CRC.equals(after)) {
            // absent in snapshots other tools write; present, it must match
            long offset = parser.currentTokenLocation().getByteOffset();
            checkCrc(message, checksum(string(CRC)), offset >= 0 ? " (byte " + offset + ")" : "");
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
        if (formatVersion() == 1) {
            if (!HEADERS.equals(name)) {
                throw corrupt("\"" + name + "\" is a member of format 2, in a snapshot of format 1");
            }
            return format1Block(headers());
        }
        JsonParser parser = parser();
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType(name, HEADERS.equals(name) ? "a string, the header block's text (format 1's [name, value] "
                    + "pairs are not format 2)" : "a base64 string");
        }
        if (HEADERS_BASE64.equals(name)) {
            byte[] block;
            try {
                block = headerBlockBytes(Base64Variants.MIME_NO_LINEFEEDS);
            } catch (IllegalArgumentException e) {
                throw corrupt("\"" + HEADERS_BASE64 + "\" is not base64: " + withoutHints(e.getMessage()));
            }
            return HeaderBlock.of(block);
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

    /** Format 1's header lines: an array of [name, value] pairs. */
    private List<MessageHeader> headers() throws IOException {
        JsonParser parser = parser();
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

    @Override
    protected Instant readTime(String name) throws IOException {
        String text = string(name);
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeException e) {
            throw corrupt("\"" + name + "\" is not an RFC 3339 time: \"" + clip(text) + "\"");
        }
    }

    private SnapshotException notAPair() {
        return corrupt("\"headers\" must hold [name, value] pairs of strings but holds "
                + describe(parser().currentToken()));
    }

    /** Jackson's message up to where it starts describing its own source or configuration. */
    @Override
    protected String withoutHints(@Nullable String detail) {
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
}

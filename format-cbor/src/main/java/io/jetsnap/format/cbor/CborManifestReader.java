package io.jetsnap.format.cbor;

import static io.jetsnap.format.cbor.CborFields.*;
import static io.jetsnap.format.jackson.Fields.*;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdIOException;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.format.jackson.JacksonManifestReader;
import io.jetsnap.format.jackson.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Streams one snapshot in from a zstd frame holding a CBOR data item: the walk of
 * {@link JacksonManifestReader}, with messages and consumers as arrays, times as
 * {@code [seconds, nanoseconds]} and payloads as byte strings. Every way the input can be wrong
 * ends in a {@link SnapshotException} of code {@code CORRUPT_SNAPSHOT} that says what was wrong and
 * where; an {@link IOException} of the caller's stream itself passes through unchanged.
 */
final class CborManifestReader extends JacksonManifestReader {
    private static final Vocabulary WORDS = new Vocabulary("CBOR", "CBOR map", "a map", "a map key", "a text string",
            "a floating-point number", "the end of the data", "the CBOR data",
            "its CBOR data ends early (the writer did not finish it)", " of the CBOR data",
            "an array of consumer arrays");
    /** A byte string is not base64: the variant the parser is handed does not matter. */
    private static final Base64Variant BINARY = Base64Variants.getDefaultVariant();

    // what element() calls the array it is in
    private static final String MESSAGE_ARRAY = "message";
    private static final String CONSUMER_ARRAY = "consumer";

    private final SourceInput source;
    private final boolean marked;
    private final InputStream zstd;

    /**
     * @param source the caller's stream, counted
     * @param marked whether the format marker came before the zstd frame
     * @param zstd the decompressing stream to parse, closed with this reader
     * @param factory makes the parser, which reads {@code zstd}
     */
    CborManifestReader(SourceInput source, boolean marked, InputStream zstd, CBORFactory factory) throws IOException {
        super(WORDS);
        this.source = source;
        this.marked = marked;
        this.zstd = zstd;
        // making the parser already reads the first bytes, and so may already fail
        try {
            begin(factory.createParser(zstd));
        } catch (IOException e) {
            zstd.close();
            throw failure(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            zstd.close();
        }
    }

    @Override
    protected void startDocument() throws IOException {
        JsonToken first = parser().nextToken();
        if (first == null) {
            throw marked && source.position() == FormatMarker.LENGTH
                    ? SnapshotException.corrupt("snapshot is truncated: nothing follows its JETSNAP-CBOR marker")
                    : notJetsnap("its zstd frame is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            throw notJetsnap("its CBOR data item is not a map");
        }
    }

    @Override
    protected ConsumerSnapshot readConsumer(JsonToken start) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            throw corrupt("expected a consumer array in \"consumers\" but found " + describe(start));
        }
        element(CONSUMER_ARRAY, CONSUMER_NAME);
        String name = string(CONSUMER_NAME);
        element(CONSUMER_ARRAY, CONSUMER_CONFIG);
        String config = string(CONSUMER_CONFIG);
        element(CONSUMER_ARRAY, DELIVERED_STREAM_SEQ);
        long deliveredStream = integer(DELIVERED_STREAM_SEQ);
        element(CONSUMER_ARRAY, DELIVERED_CONSUMER_SEQ);
        long deliveredConsumer = integer(DELIVERED_CONSUMER_SEQ);
        element(CONSUMER_ARRAY, ACK_FLOOR_STREAM_SEQ);
        long ackFloorStream = integer(ACK_FLOOR_STREAM_SEQ);
        element(CONSUMER_ARRAY, ACK_FLOOR_CONSUMER_SEQ);
        long ackFloorConsumer = integer(ACK_FLOOR_CONSUMER_SEQ);
        skipLaterElements();
        return new ConsumerSnapshot(name, config, deliveredStream, deliveredConsumer, ackFloorStream, ackFloorConsumer);
    }

    @Override
    protected SnapshotMessage readMessage(JsonToken start) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            throw corrupt("expected a message array in \"messages\" but found " + describe(start));
        }
        element(MESSAGE_ARRAY, SEQ);
        long sequence = atLeastOne(SEQ, integer(SEQ));
        element(MESSAGE_ARRAY, SUBJECT);
        String subject = string(SUBJECT);
        element(MESSAGE_ARRAY, SECONDS);
        long seconds = integer(SECONDS);
        element(MESSAGE_ARRAY, NANOS);
        Instant time = instant("time", seconds, integer(NANOS));
        element(MESSAGE_ARRAY, HEADERS);
        HeaderBlock headers = formatVersion() == 1 ? format1Block(headers()) : headerBlock();
        element(MESSAGE_ARRAY, PAYLOAD);
        requireBytes(PAYLOAD);
        byte[] bytes = payloadBytes(BINARY);
        SnapshotMessage message = new SnapshotMessage(sequence, subject, headers, bytes, time);
        if (next() != JsonToken.END_ARRAY) {
            // the checksum: absent in snapshots other tools write; present, it must match
            long crc = integer(CRC);
            if (crc < 0 || crc > 0xFFFF_FFFFL) {
                throw corrupt("\"crc\" is not an unsigned 32-bit integer: " + crc);
            }
            checkCrc(message, crc, "");
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
            parser().skipChildren();
        }
    }

    /** Element 4 in format 2: the header block's bytes, or null for none. */
    private HeaderBlock headerBlock() throws IOException {
        JsonToken token = parser().currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return HeaderBlock.NONE;
        }
        if (token == JsonToken.START_ARRAY) {
            throw wrongType(HEADERS, "a byte string, the header block (or null for none); format 1's array of names "
                    + "and values is not format 2");
        }
        requireBytes(HEADERS);
        return HeaderBlock.of(headerBlockBytes(BINARY));
    }

    /** Format 1's header lines: an array of names and values, one after the other. */
    private List<MessageHeader> headers() throws IOException {
        if (parser().currentToken() != JsonToken.START_ARRAY) {
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
            String headerName = parser().getText();
            if (next() != JsonToken.VALUE_STRING) {
                throw notAPair();
            }
            headers.add(new MessageHeader(headerName, parser().getText()));
        }
        return headers;
    }

    private void requireBytes(String name) {
        if (parser().currentToken() != JsonToken.VALUE_EMBEDDED_OBJECT) {
            throw wrongType(name, "a byte string");
        }
    }

    /** A time: the array {@code [seconds, nanoseconds]}. */
    @Override
    protected Instant readTime(String name) throws IOException {
        if (parser().currentToken() != JsonToken.START_ARRAY) {
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

    private SnapshotException notAPair() {
        return corrupt("\"headers\" must hold names and values, all text strings, in pairs, but holds "
                + describe(parser().currentToken()));
    }

    /** What zstd reported, as a corrupt snapshot; the parser's own errors as the walk reads them. */
    @Override
    protected SnapshotException failure(IOException e) throws IOException {
        if (e instanceof ZstdIOException zstdError) {
            return corrupt(zstdError);
        }
        return super.failure(e);
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
            String what = pastTrailer() ? "snapshot is truncated (or followed by stray bytes)" : "snapshot is truncated";
            message = what + ": the input ends after " + source.position() + " bytes, inside a zstd frame," + section();
        } else if (pastTrailer()) {
            message = "found bytes that are not part of the snapshot after its zstd frame (zstd: " + e.getMessage() + ")";
        } else {
            message = "not valid zstd data (zstd: " + e.getMessage() + ")" + section();
        }
        return SnapshotException.corrupt(message, e);
    }

    /** Jackson's message up to where it starts describing its own configuration. */
    @Override
    protected String withoutHints(@Nullable String detail) {
        if (detail == null) {
            return "unreadable input";
        }
        String line = detail.lines().findFirst().orElse("").replaceAll(", from `[^`]*`", "");
        return clip(line, 200);
    }
}

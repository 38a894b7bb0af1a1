package io.jetsnap.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.spi.ManifestCodec;
import io.jetsnap.core.spi.ManifestReader;
import io.jetsnap.core.spi.ManifestWriter;
import io.jetsnap.core.spi.MatchStrength;
import io.jetsnap.format.jackson.Fields;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JSON encoding of a snapshot: one UTF-8 JSON document, written and read as a stream of tokens
 * with Jackson's streaming API, never as a tree. The layout is specified in {@code docs/format.md}.
 */
public final class JsonManifestCodec implements ManifestCodec {
    /** The longest string read: a payload of the largest size NATS allows, in base64, and some slack. */
    static final int MAX_STRING_CHARS = (Fields.MAX_PAYLOAD_BYTES / 3 + 1) * 4 + 1024;

    private static final byte[] FORMAT_NAME = "\"format\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JETSNAP = "\"jetsnap\"".getBytes(StandardCharsets.US_ASCII);

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNestingDepth(32)
                    .maxNumberLength(64)
                    .maxNameLength(1024)
                    .build())
            .build();

    @Override
    public String name() {
        return "json";
    }

    @Override
    public String fileExtension() {
        return "json";
    }

    /**
     * A JSON object is a {@link MatchStrength#WEAK} match; one whose first bytes hold
     * {@code "format":"jetsnap"} is a {@link MatchStrength#FULL} one.
     */
    @Override
    public MatchStrength probe(byte[] head, int length) {
        int i = 0;
        if (length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF) {
            i = 3;
        }
        i = skipWhitespace(head, i, length);
        if (i >= length || head[i] != '{') {
            return MatchStrength.NO_MATCH;
        }
        return declaresJetsnap(head, i + 1, length) ? MatchStrength.FULL : MatchStrength.WEAK;
    }

    @Override
    public ManifestWriter newWriter(OutputStream out) throws IOException {
        return new JsonManifestWriter(FACTORY.createGenerator(out));
    }

    @Override
    public ManifestReader newReader(InputStream in) throws IOException {
        // the parser reads in blocks of its own, so the stream need not be buffered
        JsonParser parser;
        try {
            parser = FACTORY.createParser(in);
        } catch (JsonProcessingException | CharConversionException e) {
            throw SnapshotException.corrupt("not a jetsnap snapshot: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return new JsonManifestReader(parser);
    }

    private static boolean declaresJetsnap(byte[] head, int from, int length) {
        for (int at = from; at < length; at++) {
            if (startsWith(head, at, length, FORMAT_NAME)) {
                int i = skipWhitespace(head, at + FORMAT_NAME.length, length);
                if (i < length && head[i] == ':'
                        && startsWith(head, skipWhitespace(head, i + 1, length), length, JETSNAP)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] head, int at, int length, byte[] wanted) {
        return at + wanted.length <= length && Arrays.equals(head, at, at + wanted.length, wanted, 0, wanted.length);
    }

    private static int skipWhitespace(byte[] head, int from, int length) {
        int i = from;
        while (i < length && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) {
            i++;
        }
        return i;
    }
}

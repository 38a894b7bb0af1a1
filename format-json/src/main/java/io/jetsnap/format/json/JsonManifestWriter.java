package io.jetsnap.format.json;

import static io.jetsnap.format.json.JsonFields.*;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.jetsnap.core.digest.MessageChecksum;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.Origin;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.model.StreamState;
import io.jetsnap.core.spi.ManifestWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** Streams one snapshot out as a JSON document; the generator buffers, so the target need not. */
final class JsonManifestWriter implements ManifestWriter {
    // pre-encoded names of the members written once per message
    private static final SerializableString SEQ_NAME = new SerializedString(SEQ);
    private static final SerializableString SUBJECT_NAME = new SerializedString(SUBJECT);
    private static final SerializableString TIME_NAME = new SerializedString(TIME);
    private static final SerializableString HEADERS_NAME = new SerializedString(HEADERS);
    private static final SerializableString HEADERS_BASE64_NAME = new SerializedString(HEADERS_BASE64);
    private static final SerializableString PAYLOAD_NAME = new SerializedString(PAYLOAD);
    private static final SerializableString CRC_NAME = new SerializedString(CRC);

    private enum State { HEADER, MESSAGES, DONE }

    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final JsonGenerator generator;
    private State state = State.HEADER;
    private byte[] base64 = new byte[4096];
    private final HeaderText headerText = new HeaderText();

    JsonManifestWriter(JsonGenerator generator) {
        this.generator = generator;
        generator.setPrettyPrinter(new LinePerMessagePrinter());
    }

    @Override
    public void writeHeader(SnapshotHeader header) throws IOException {
        expect(State.HEADER, "writeHeader");
        if (header.formatVersion() != SnapshotHeader.FORMAT_VERSION) {
            throw new IllegalArgumentException("this writer writes format version " + SnapshotHeader.FORMAT_VERSION
                    + " only, not " + header.formatVersion());
        }
        JsonGenerator g = generator;
        g.writeStartObject();
        g.writeStringField(FORMAT, header.format());
        g.writeNumberField(FORMAT_VERSION, header.formatVersion());
        g.writeStringField(TOOL_VERSION, header.toolVersion());
        g.writeStringField(CREATED, Rfc3339.format(header.created()));
        g.writeStringField(SERVER_VERSION, header.serverVersion());
        g.writeStringField(STREAM, header.stream());
        g.writeStringField(STREAM_CONFIG, header.streamConfigJson());

        StreamState s = header.state();
        g.writeObjectFieldStart(STREAM_STATE);
        g.writeNumberField(STATE_MESSAGES, s.messages());
        g.writeNumberField(STATE_BYTES, s.bytes());
        g.writeNumberField(FIRST_SEQ, s.firstSequence());
        g.writeNumberField(LAST_SEQ, s.lastSequence());
        writeTime(FIRST_TS, s.firstTime());
        writeTime(LAST_TS, s.lastTime());
        g.writeEndObject();

        Selection selection = header.selection();
        g.writeObjectFieldStart(SELECTION);
        g.writeFieldName(MAX_SEQ);
        if (selection.maxSequence() == null) {
            g.writeNull();
        } else {
            g.writeNumber(selection.maxSequence());
        }
        writeTime(BEFORE, selection.before());
        g.writeNumberField(UP_TO_SEQ, selection.upToSequence());
        g.writeEndObject();

        // optional: a snapshot without consumers reads exactly as before they were added
        if (!header.consumers().isEmpty()) {
            g.writeArrayFieldStart(CONSUMERS);
            for (ConsumerSnapshot c : header.consumers()) {
                g.writeStartObject();
                g.writeStringField(CONSUMER_NAME, c.name());
                g.writeStringField(CONSUMER_CONFIG, c.configJson());
                g.writeNumberField(DELIVERED_STREAM_SEQ, c.deliveredStreamSequence());
                g.writeNumberField(DELIVERED_CONSUMER_SEQ, c.deliveredConsumerSequence());
                g.writeNumberField(ACK_FLOOR_STREAM_SEQ, c.ackFloorStreamSequence());
                g.writeNumberField(ACK_FLOOR_CONSUMER_SEQ, c.ackFloorConsumerSequence());
                g.writeEndObject();
            }
            g.writeEndArray();
        }

        // optional, and not digested: where the snapshot was taken
        Origin origin = header.origin();
        if (origin != null) {
            g.writeFieldName(ORIGIN);
            g.writeStartObject();
            for (java.util.Map.Entry<String, String> m : origin.members().entrySet()) {
                g.writeStringField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
        }

        g.writeArrayFieldStart(MESSAGES);
        state = State.MESSAGES;
    }

    @Override
    public void writeMessage(SnapshotMessage message) throws IOException {
        expect(State.MESSAGES, "writeMessage");
        JsonGenerator g = generator;
        g.writeStartObject();
        g.writeFieldName(SEQ_NAME);
        g.writeNumber(message.sequence());
        g.writeFieldName(SUBJECT_NAME);
        g.writeString(message.subject());
        g.writeFieldName(TIME_NAME);
        g.writeString(Rfc3339.format(message.timestamp()));
        HeaderBlock headers = message.headers();
        if (headers.present()) {
            String text = headerText.text(headers.bytes());
            if (text != null) {
                g.writeFieldName(HEADERS_NAME);
                g.writeString(text);
            } else {
                g.writeFieldName(HEADERS_BASE64_NAME);
                writeBase64(headers.bytes());
            }
        }
        g.writeFieldName(PAYLOAD_NAME);
        writeBase64(message.payload());
        g.writeFieldName(CRC_NAME);
        g.writeString(MessageChecksum.hex(MessageChecksum.of(message)));
        g.writeEndObject();
    }

    @Override
    public void writeTrailer(SnapshotTrailer trailer) throws IOException {
        expect(State.MESSAGES, "writeTrailer");
        JsonGenerator g = generator;
        g.writeEndArray();
        g.writeObjectFieldStart(TRAILER);
        g.writeNumberField(TRAILER_MESSAGES, trailer.messageCount());
        g.writeNumberField(PAYLOAD_BYTES, trailer.payloadBytes());
        g.writeStringField(DIGEST, trailer.digest());
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
        state = State.DONE;
    }

    /** Flushes what was written; an unfinished document stays unfinished (and unreadable). */
    @Override
    public void close() throws IOException {
        generator.close();
    }

    /**
     * Writes {@code payload} as a base64 string: the JDK's encoder (vectorised by the JIT) into a
     * reused buffer (as large as the largest payload so far), written as it is, since base64 needs no escaping. Jackson's own
     * {@code writeBinary} encodes three bytes at a time and was the encoder thread's largest cost.
     */
    private void writeBase64(byte[] bytes) throws IOException {
        int length = 4 * ((bytes.length + 2) / 3);
        if (base64.length < length) {
            base64 = new byte[Math.max(length, 2 * base64.length)];
        }
        int written = BASE64.encode(bytes, base64);
        generator.writeRawUTF8String(base64, 0, written);
    }

    private void writeTime(String name, @Nullable Instant time) throws IOException {
        if (time == null) {
            generator.writeNullField(name);
        } else {
            generator.writeStringField(name, Rfc3339.format(time));
        }
    }

    private void expect(State expected, String call) {
        if (state != expected) {
            throw new IllegalStateException(call + " called out of order: header, messages, trailer");
        }
    }
}

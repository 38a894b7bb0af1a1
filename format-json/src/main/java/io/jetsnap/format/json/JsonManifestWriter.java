package io.jetsnap.format.json;

import static io.jetsnap.format.jackson.Fields.*;
import static io.jetsnap.format.json.JsonFields.*;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.jetsnap.core.digest.MessageChecksum;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.format.jackson.JacksonManifestWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Streams one snapshot out as a JSON document, the layout of {@link JacksonManifestWriter} with
 * messages and consumers as objects, times as RFC 3339 text and payloads as base64, one message a
 * line; the generator buffers, so the target need not.
 */
final class JsonManifestWriter extends JacksonManifestWriter {
    // pre-encoded names of the members written once per message
    private static final SerializableString SEQ_NAME = new SerializedString(SEQ);
    private static final SerializableString SUBJECT_NAME = new SerializedString(SUBJECT);
    private static final SerializableString TIME_NAME = new SerializedString(TIME);
    private static final SerializableString HEADERS_NAME = new SerializedString(HEADERS);
    private static final SerializableString HEADERS_BASE64_NAME = new SerializedString(HEADERS_BASE64);
    private static final SerializableString PAYLOAD_NAME = new SerializedString(PAYLOAD);
    private static final SerializableString CRC_NAME = new SerializedString(CRC);

    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private byte[] base64 = new byte[4096];
    private final HeaderText headerText = new HeaderText();

    JsonManifestWriter(JsonGenerator generator) {
        super(generator);
        generator.setPrettyPrinter(new LinePerMessagePrinter());
    }

    @Override
    protected void encodeMessage(SnapshotMessage message) throws IOException {
        JsonGenerator g = generator();
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
    protected void writeConsumer(ConsumerSnapshot c) throws IOException {
        JsonGenerator g = generator();
        g.writeStartObject();
        g.writeStringField(CONSUMER_NAME, c.name());
        g.writeStringField(CONSUMER_CONFIG, c.configJson());
        g.writeNumberField(DELIVERED_STREAM_SEQ, c.deliveredStreamSequence());
        g.writeNumberField(DELIVERED_CONSUMER_SEQ, c.deliveredConsumerSequence());
        g.writeNumberField(ACK_FLOOR_STREAM_SEQ, c.ackFloorStreamSequence());
        g.writeNumberField(ACK_FLOOR_CONSUMER_SEQ, c.ackFloorConsumerSequence());
        g.writeEndObject();
    }

    /** The document ends with a newline, so that it prints as text files do. */
    @Override
    protected void finish() throws IOException {
        JsonGenerator g = generator();
        g.writeRaw('\n');
        g.flush();
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
        generator().writeRawUTF8String(base64, 0, written);
    }

    @Override
    protected void writeTime(String name, @Nullable Instant time) throws IOException {
        if (time == null) {
            generator().writeNullField(name);
        } else {
            generator().writeStringField(name, Rfc3339.format(time));
        }
    }
}

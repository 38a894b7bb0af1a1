package io.jetsnap.format.cbor;

import static io.jetsnap.format.cbor.CborFields.*;

import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
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
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Streams one snapshot out as a CBOR data item inside one zstd frame. The generator buffers and
 * zstd compresses block by block, so memory stays flat however many messages pass through.
 */
final class CborManifestWriter implements ManifestWriter {
    private enum State { HEADER, MESSAGES, DONE }

    private final OutputStream target;
    private final ZstdOutputStreamNoFinalizer zstd;
    private final CBORGenerator generator;
    private State state = State.HEADER;

    /**
     * @param target the caller's stream, which already holds the format marker
     * @param zstd compresses into {@code target}
     * @param generator writes into {@code zstd}
     */
    CborManifestWriter(OutputStream target, ZstdOutputStreamNoFinalizer zstd, CBORGenerator generator) {
        this.target = target;
        this.zstd = zstd;
        this.generator = generator;
    }

    @Override
    public void writeHeader(SnapshotHeader header) throws IOException {
        expect(State.HEADER, "writeHeader");
        if (header.formatVersion() != SnapshotHeader.FORMAT_VERSION) {
            throw new IllegalArgumentException("this writer writes format version " + SnapshotHeader.FORMAT_VERSION
                    + " only, not " + header.formatVersion());
        }
        CBORGenerator g = generator;
        g.writeStartObject(); // indefinite length: the messages are not counted in advance
        g.writeStringField(FORMAT, header.format());
        g.writeNumberField(FORMAT_VERSION, header.formatVersion());
        g.writeStringField(TOOL_VERSION, header.toolVersion());
        writeTime(CREATED, header.created());
        g.writeStringField(SERVER_VERSION, header.serverVersion());
        g.writeStringField(STREAM, header.stream());
        g.writeStringField(STREAM_CONFIG, header.streamConfigJson());

        StreamState s = header.state();
        g.writeFieldName(STREAM_STATE);
        g.writeStartObject(s, 6);
        g.writeNumberField(STATE_MESSAGES, s.messages());
        g.writeNumberField(STATE_BYTES, s.bytes());
        g.writeNumberField(FIRST_SEQ, s.firstSequence());
        g.writeNumberField(LAST_SEQ, s.lastSequence());
        writeTime(FIRST_TS, s.firstTime());
        writeTime(LAST_TS, s.lastTime());
        g.writeEndObject();

        Selection selection = header.selection();
        g.writeFieldName(SELECTION);
        g.writeStartObject(selection, 3);
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
        List<ConsumerSnapshot> consumers = header.consumers();
        if (!consumers.isEmpty()) {
            g.writeFieldName(CONSUMERS);
            g.writeStartArray(consumers, consumers.size());
            for (ConsumerSnapshot c : consumers) {
                g.writeStartArray(c, CONSUMER_ELEMENTS);
                g.writeString(c.name());
                g.writeString(c.configJson());
                g.writeNumber(c.deliveredStreamSequence());
                g.writeNumber(c.deliveredConsumerSequence());
                g.writeNumber(c.ackFloorStreamSequence());
                g.writeNumber(c.ackFloorConsumerSequence());
                g.writeEndArray();
            }
            g.writeEndArray();
        }

        // optional, and not digested: where the snapshot was taken
        Origin origin = header.origin();
        if (origin != null) {
            g.writeFieldName(ORIGIN);
            g.writeStartObject(origin, origin.members().size());
            for (java.util.Map.Entry<String, String> m : origin.members().entrySet()) {
                g.writeStringField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
        }

        g.writeFieldName(MESSAGES);
        g.writeStartArray(); // indefinite length
        state = State.MESSAGES;
    }

    @Override
    public void writeMessage(SnapshotMessage message) throws IOException {
        expect(State.MESSAGES, "writeMessage");
        CBORGenerator g = generator;
        g.writeStartArray(message, MESSAGE_ELEMENTS);
        g.writeNumber(message.sequence());
        g.writeString(message.subject());
        g.writeNumber(message.timestamp().getEpochSecond());
        g.writeNumber(message.timestamp().getNano());
        HeaderBlock headers = message.headers();
        if (headers.present()) {
            g.writeBinary(headers.bytes());
        } else {
            g.writeNull();
        }
        g.writeBinary(message.payload());
        g.writeNumber(MessageChecksum.of(message));
        g.writeEndArray();
    }

    @Override
    public void writeTrailer(SnapshotTrailer trailer) throws IOException {
        expect(State.MESSAGES, "writeTrailer");
        CBORGenerator g = generator;
        g.writeEndArray();
        g.writeFieldName(TRAILER);
        g.writeStartObject(trailer, 3);
        g.writeNumberField(TRAILER_MESSAGES, trailer.messageCount());
        g.writeNumberField(PAYLOAD_BYTES, trailer.payloadBytes());
        g.writeStringField(DIGEST, trailer.digest());
        g.writeEndObject();
        g.writeEndObject();
        state = State.DONE;
        endFrame();
        target.flush();
    }

    /**
     * Ends the zstd frame and frees zstd's native memory. An unfinished snapshot stays unfinished:
     * its CBOR item is left open, so a reader reports it as truncated.
     */
    @Override
    public void close() throws IOException {
        state = State.DONE;
        endFrame();
    }

    /** Flushes the generator and ends the zstd frame; does nothing the second time. */
    private void endFrame() throws IOException {
        try {
            generator.close();
        } finally {
            zstd.closeWithoutClosingParentStream();
        }
    }

    /** Writes key {@code name} and {@code time} as {@code [seconds, nanos]}, or null. */
    private void writeTime(String name, @Nullable Instant time) throws IOException {
        generator.writeFieldName(name);
        if (time == null) {
            generator.writeNull();
            return;
        }
        generator.writeStartArray(time, 2);
        generator.writeNumber(time.getEpochSecond());
        generator.writeNumber(time.getNano());
        generator.writeEndArray();
    }

    private void expect(State expected, String call) {
        if (state != expected) {
            throw new IllegalStateException(call + " called out of order: header, messages, trailer");
        }
    }
}

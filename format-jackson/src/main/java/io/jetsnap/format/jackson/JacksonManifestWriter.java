package io.jetsnap.format.jackson;

import static io.jetsnap.format.jackson.Fields.*;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.Origin;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.model.StreamState;
import io.jetsnap.core.spi.ManifestWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Streams one snapshot out through a Jackson generator: the header's members, then each message as
 * it comes, then the trailer, in the order docs/format.md gives. Objects and arrays whose size is
 * known are started with it, which a binary format writes ahead (CBOR's definite lengths) and a text
 * format ignores; the top-level object and the messages are not counted in advance. A codec supplies
 * how its format lays out a message ({@link #encodeMessage}), a consumer ({@link #writeConsumer}) and
 * a time ({@link #writeTime}), and what ends the file ({@link #finish}).
 */
public abstract class JacksonManifestWriter implements ManifestWriter {
    private enum State { HEADER, MESSAGES, DONE }

    private final JsonGenerator generator;
    private State state = State.HEADER;

    /** @param generator writes the snapshot, configured as the codec's format needs */
    protected JacksonManifestWriter(JsonGenerator generator) {
        this.generator = generator;
    }

    // ---- what each codec supplies

    /** Writes one message, a value of the {@code messages} array. */
    protected abstract void encodeMessage(SnapshotMessage message) throws IOException;

    /** Writes one consumer, a value of the {@code consumers} array. */
    protected abstract void writeConsumer(ConsumerSnapshot consumer) throws IOException;

    /** Writes member {@code name} with {@code time}, or null. */
    protected abstract void writeTime(String name, @Nullable Instant time) throws IOException;

    /** Ends the file once the snapshot is complete, and flushes it to the caller's stream. */
    protected abstract void finish() throws IOException;

    /** The generator, for a codec's own writing. */
    protected final JsonGenerator generator() {
        return generator;
    }

    // ---- ManifestWriter

    @Override
    public final void writeHeader(SnapshotHeader header) throws IOException {
        expect(State.HEADER, "writeHeader");
        if (header.formatVersion() != SnapshotHeader.FORMAT_VERSION) {
            throw new IllegalArgumentException("this writer writes format version " + SnapshotHeader.FORMAT_VERSION
                    + " only, not " + header.formatVersion());
        }
        JsonGenerator g = generator;
        g.writeStartObject(); // not counted: the messages are not counted in advance
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
                writeConsumer(c);
            }
            g.writeEndArray();
        }

        // optional, and not digested: where the snapshot was taken
        Origin origin = header.origin();
        if (origin != null) {
            g.writeFieldName(ORIGIN);
            g.writeStartObject(origin, origin.members().size());
            for (Map.Entry<String, String> m : origin.members().entrySet()) {
                g.writeStringField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
        }

        g.writeFieldName(MESSAGES);
        g.writeStartArray(); // not counted
        state = State.MESSAGES;
    }

    @Override
    public final void writeMessage(SnapshotMessage message) throws IOException {
        expect(State.MESSAGES, "writeMessage");
        encodeMessage(message);
    }

    @Override
    public final void writeTrailer(SnapshotTrailer trailer) throws IOException {
        expect(State.MESSAGES, "writeTrailer");
        JsonGenerator g = generator;
        g.writeEndArray();
        g.writeFieldName(TRAILER);
        g.writeStartObject(trailer, 3);
        g.writeNumberField(TRAILER_MESSAGES, trailer.messageCount());
        g.writeNumberField(PAYLOAD_BYTES, trailer.payloadBytes());
        g.writeStringField(DIGEST, trailer.digest());
        g.writeEndObject();
        g.writeEndObject();
        state = State.DONE;
        finish();
    }

    /**
     * Closes the generator, which flushes what was written. An unfinished snapshot stays unfinished
     * (its top-level object left open), so a reader reports it as truncated; nothing more can be
     * written. A codec with more to close (a compressor) closes it after this.
     */
    @Override
    public void close() throws IOException {
        state = State.DONE;
        generator.close();
    }

    private void expect(State expected, String call) {
        if (state != expected) {
            throw new IllegalStateException(call + " called out of order: header, messages, trailer");
        }
    }
}

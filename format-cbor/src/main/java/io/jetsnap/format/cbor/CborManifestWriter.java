package io.jetsnap.format.cbor;

import static io.jetsnap.format.cbor.CborFields.*;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.jetsnap.core.digest.MessageChecksum;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.format.jackson.JacksonManifestWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Streams one snapshot out as a CBOR data item inside one zstd frame: the layout of
 * {@link JacksonManifestWriter}, with messages and consumers as arrays, times as
 * {@code [seconds, nanoseconds]} and payloads as byte strings. The generator buffers and zstd
 * compresses block by block, so memory stays flat however many messages pass through.
 */
final class CborManifestWriter extends JacksonManifestWriter {
    private final OutputStream target;
    private final ZstdOutputStreamNoFinalizer zstd;

    /**
     * @param target the caller's stream, which already holds the format marker
     * @param zstd compresses into {@code target}
     * @param generator writes into {@code zstd}
     */
    CborManifestWriter(OutputStream target, ZstdOutputStreamNoFinalizer zstd, CBORGenerator generator) {
        super(generator);
        this.target = target;
        this.zstd = zstd;
    }

    @Override
    protected void encodeMessage(SnapshotMessage message) throws IOException {
        JsonGenerator g = generator();
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
    protected void writeConsumer(ConsumerSnapshot c) throws IOException {
        JsonGenerator g = generator();
        g.writeStartArray(c, CONSUMER_ELEMENTS);
        g.writeString(c.name());
        g.writeString(c.configJson());
        g.writeNumber(c.deliveredStreamSequence());
        g.writeNumber(c.deliveredConsumerSequence());
        g.writeNumber(c.ackFloorStreamSequence());
        g.writeNumber(c.ackFloorConsumerSequence());
        g.writeEndArray();
    }

    /** Writes key {@code name} and {@code time} as {@code [seconds, nanos]}, or null. */
    @Override
    protected void writeTime(String name, @Nullable Instant time) throws IOException {
        JsonGenerator g = generator();
        g.writeFieldName(name);
        if (time == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray(time, 2);
        g.writeNumber(time.getEpochSecond());
        g.writeNumber(time.getNano());
        g.writeEndArray();
    }

    /** Ends the zstd frame and hands it to the caller's stream. */
    @Override
    protected void finish() throws IOException {
        close();
        target.flush();
    }

    /**
     * Ends the zstd frame and frees zstd's native memory. An unfinished snapshot stays unfinished:
     * its CBOR item is left open, so a reader reports it as truncated. Does nothing the second time.
     */
    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            zstd.closeWithoutClosingParentStream();
        }
    }
}

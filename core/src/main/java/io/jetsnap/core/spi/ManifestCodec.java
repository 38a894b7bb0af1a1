package io.jetsnap.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;

/**
 * A way of encoding a snapshot as bytes. Implementations are found with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/io.jetsnap.core.spi.ManifestCodec}.
 *
 * <p>Writers and readers stream: a header, then messages one at a time, then a trailer. A codec
 * never holds a whole snapshot in memory. Readers must refuse malformed input with a
 * {@link io.jetsnap.core.SnapshotException} of code {@code CORRUPT_SNAPSHOT} (never an
 * {@link OutOfMemoryError}: bound every declared length before allocating). Checking the trailer's
 * count and digest is the engine's job, not the codec's.
 */
public interface ManifestCodec {
    /** The codec's stable name, used by {@code --format}: lowercase, e.g. {@code json}. */
    String name();

    /** The file extension without the leading dot, e.g. {@code json} or {@code cbor.zst}. */
    String fileExtension();

    /**
     * Scores the first bytes of some input: {@code head[0..length)} holds at most the first
     * {@link #PROBE_BYTES} bytes, fewer when the input is shorter.
     */
    MatchStrength probe(byte[] head, int length);

    /** Starts writing a snapshot to {@code out}. Closing the writer does not close {@code out}. */
    ManifestWriter newWriter(OutputStream out) throws IOException;

    /**
     * The names of the options {@link #newWriter(OutputStream, Map)} knows, e.g. {@code zstd.level};
     * none by default. {@link io.jetsnap.core.Jetsnap} refuses any other name before it writes.
     */
    default Set<String> optionNames() {
        return Set.of();
    }

    /**
     * Starts writing with codec-specific options (e.g. {@code zstd.level=9}), whose names are among
     * {@link #optionNames()}; a known name with a bad value is a {@code BAD_INPUT} error.
     */
    default ManifestWriter newWriter(OutputStream out, Map<String, String> options) throws IOException {
        return newWriter(out);
    }

    /** Starts reading a snapshot from {@code in}. Closing the reader does not close {@code in}. */
    ManifestReader newReader(InputStream in) throws IOException;

    /** How many leading bytes a probe is shown at most. */
    int PROBE_BYTES = 512;
}

package io.jetsnap.format.cbor;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.jetsnap.core.spi.ManifestCodec;
import io.jetsnap.core.spi.ManifestReader;
import io.jetsnap.core.spi.ManifestWriter;
import io.jetsnap.core.spi.MatchStrength;
import io.jetsnap.format.jackson.Fields;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;

/**
 * The compact encoding of a snapshot: a {@code JETSNAP-CBOR} marker, then one zstd frame holding
 * one CBOR data item with the same content as the JSON encoding (payloads as byte strings, times as
 * integers). Both directions stream through Jackson's CBOR generator and parser and zstd-jni; the
 * layout is specified in {@code docs/format.md}.
 *
 * <p>Options: {@code zstd.level} (1 to 19, or negative for the fast levels; default 1: on order-event data it is both faster and smaller than 3) and
 * {@code zstd.workers} (threads compressing besides the writing one; default 0).
 */
public final class CborManifestCodec implements ManifestCodec {
    private static final CBORFactory FACTORY = CBORFactory.builder()
            .enable(CBORGenerator.Feature.WRITE_TYPE_HEADER)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Fields.MAX_PAYLOAD_BYTES)
                    .maxNestingDepth(32)
                    .maxNameLength(1024)
                    .build())
            .build();

    private final ZstdLibrary zstd;

    public CborManifestCodec() {
        this(ZstdLibrary.NATIVE);
    }

    CborManifestCodec(ZstdLibrary zstd) {
        this.zstd = zstd;
    }

    @Override
    public String name() {
        return "cbor";
    }

    @Override
    public String fileExtension() {
        return "cbor.zst";
    }

    /**
     * {@link MatchStrength#FULL} for the {@code JETSNAP-CBOR} marker, {@link MatchStrength#SOLID} for
     * a zstd frame without it. Looks at bytes only: probing never loads the native library.
     */
    @Override
    public MatchStrength probe(byte[] head, int length) {
        return FormatMarker.probe(head, length);
    }

    @Override
    public ManifestWriter newWriter(OutputStream out) throws IOException {
        return newWriter(out, Map.of());
    }

    @Override
    public Set<String> optionNames() {
        return Set.of(ZstdSettings.LEVEL, ZstdSettings.WORKERS);
    }

    /** Knows {@code zstd.level} and {@code zstd.workers}; see the class comment. */
    @Override
    public ManifestWriter newWriter(OutputStream out, Map<String, String> options) throws IOException {
        ZstdSettings settings = ZstdSettings.from(options);
        zstd.load();
        ZstdOutputStreamNoFinalizer compressed;
        try {
            compressed = new ZstdOutputStreamNoFinalizer(out, settings.level());
        } catch (LinkageError e) {
            throw ZstdLibrary.unavailable(e);
        }
        try {
            compressed.setChecksum(true);
            compressed.setWorkers(settings.workers());
            FormatMarker.write(out);
            return new CborManifestWriter(out, compressed, FACTORY.createGenerator(compressed));
        } catch (IOException | RuntimeException e) {
            compressed.closeWithoutClosingParentStream();
            throw e;
        }
    }

    @Override
    public ManifestReader newReader(InputStream in) throws IOException {
        SourceInput source = new SourceInput(in);
        FormatMarker.Start start = FormatMarker.read(source);
        zstd.load();
        ZstdInputStreamNoFinalizer decompressed;
        try {
            decompressed = new ZstdInputStreamNoFinalizer(start.zstdData());
        } catch (LinkageError e) {
            throw ZstdLibrary.unavailable(e);
        }
        return new CborManifestReader(source, start.marked(), decompressed, FACTORY);
    }
}

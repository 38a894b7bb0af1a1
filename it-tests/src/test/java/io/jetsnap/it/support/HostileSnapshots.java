package io.jetsnap.it.support;

import io.jetsnap.core.digest.ManifestDigest;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.read.CheckedReader;
import io.jetsnap.core.registry.Codecs;
import io.jetsnap.core.spi.ManifestCodec;
import io.jetsnap.core.spi.ManifestReader;
import io.jetsnap.core.spi.ManifestWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Snapshots no real stream gives, written with a codec directly: a real snapshot read back, changed,
 * and written again with a trailer (count, payload bytes, digest) that matches what it now holds.
 */
public final class HostileSnapshots {
    private HostileSnapshots() {
    }

    /** Rewrites {@code source} into {@code target} (json), its header and messages changed by the functions given. */
    public static void rewrite(Path source, Path target, UnaryOperator<SnapshotHeader> header,
                        UnaryOperator<List<SnapshotMessage>> messages) throws IOException {
        Codecs codecs = Codecs.load();
        SnapshotHeader h;
        List<SnapshotMessage> read = new ArrayList<>();
        try (InputStream in = Files.newInputStream(source)) {
            Codecs.Detected detected = codecs.detect(in);
            try (ManifestReader reader = detected.codec().newReader(detected.stream())) {
                CheckedReader checked = new CheckedReader(reader);
                h = checked.header();
                SnapshotMessage m;
                while ((m = checked.next()) != null) {
                    read.add(m);
                }
            }
        }
        write(target, codecs.byName("json"), header.apply(h), messages.apply(read));
    }

    public static void write(Path target, ManifestCodec codec, SnapshotHeader header, List<SnapshotMessage> messages)
            throws IOException {
        ManifestDigest digest = new ManifestDigest();
        digest.addHeader(header);
        long payload = 0;
        try (OutputStream out = Files.newOutputStream(target); ManifestWriter writer = codec.newWriter(out)) {
            writer.writeHeader(header);
            for (SnapshotMessage m : messages) {
                writer.writeMessage(m);
                digest.addMessage(m);
                payload += m.payload().length;
            }
            writer.writeTrailer(new SnapshotTrailer(messages.size(), payload, digest.finish()));
        }
    }

    /** {@code m} at another sequence. */
    public static SnapshotMessage at(SnapshotMessage m, long sequence) {
        return new SnapshotMessage(sequence, m.subject(), m.headers(), m.payload(), m.timestamp());
    }
}

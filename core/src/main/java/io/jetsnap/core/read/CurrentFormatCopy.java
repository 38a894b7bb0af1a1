package io.jetsnap.core.read;

import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.digest.ManifestDigest;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.spi.ManifestWriter;
import java.io.IOException;

/**
 * Copies a snapshot, checked as it is read, into a writer of the current format version: as it
 * is, or, when it is of an older version, with the header's {@code format_version} raised and the
 * trailer's digest computed by the current version's rule (the messages are the same; format 1
 * header lines have become header blocks as its reader made them).
 */
public final class CurrentFormatCopy {
    /**
     * What was copied.
     *
     * @param source the source's header and trailer, as checked
     * @param written the header and trailer written: {@code source} itself unless it was rewritten
     */
    public record Result(SnapshotSummary source, SnapshotSummary written) {
        /** Whether the source was of an older format version, and so has a new digest. */
        public boolean rewritten() {
            return source != written;
        }
    }

    private CurrentFormatCopy() {
    }

    /** Writes header, messages and trailer; throws as {@link CheckedReader} does if the source is not intact. */
    public static Result copy(CheckedReader checked, ManifestWriter writer, String phase, ProgressListener progress)
            throws IOException {
        SnapshotHeader header = checked.header();
        if (header.formatVersion() == SnapshotHeader.FORMAT_VERSION) {
            writer.writeHeader(header);
            SnapshotSummary source = checked.readAll(phase, writer::writeMessage, progress);
            writer.writeTrailer(source.trailer());
            return new Result(source, source);
        }
        SnapshotHeader current = header.inFormatVersion(SnapshotHeader.FORMAT_VERSION);
        ManifestDigest digest = new ManifestDigest();
        digest.addHeader(current);
        writer.writeHeader(current);
        SnapshotSummary source = checked.readAll(phase, m -> {
            writer.writeMessage(m);
            digest.addMessage(m);
        }, progress);
        SnapshotTrailer trailer = new SnapshotTrailer(source.trailer().messageCount(), source.trailer().payloadBytes(),
                digest.finish());
        writer.writeTrailer(trailer);
        return new Result(source, new SnapshotSummary(current, trailer));
    }
}

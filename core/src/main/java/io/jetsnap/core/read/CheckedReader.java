package io.jetsnap.core.read;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.digest.ManifestDigest;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.spi.ManifestReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a snapshot through any codec and trusts nothing: the header must be a jetsnap header this
 * version can read, sequences must rise and stay within the selection, and at the end the count,
 * payload bytes and digest must match the trailer. Codec and I/O failures become
 * {@link SnapshotException}s that say where reading stopped.
 */
public final class CheckedReader {
    private static final long PROGRESS_EVERY = 1000;
    private final ManifestReader reader;
    private final ManifestDigest digest = new ManifestDigest();
    private @Nullable SnapshotHeader header;
    private long count;
    private long payloadBytes;
    private long firstSequence;
    private long lastSequence;
    private boolean messagesEnded;

    public CheckedReader(ManifestReader reader) {
        this.reader = reader;
    }

    public SnapshotHeader header() {
        if (header != null) {
            return header;
        }
        SnapshotHeader h = io(reader::readHeader, "the header");
        if (!SnapshotHeader.FORMAT.equals(h.format())) {
            throw SnapshotException.corrupt("not a jetsnap snapshot: its format is '" + h.format() + "'");
        }
        if (h.formatVersion() > SnapshotHeader.FORMAT_VERSION || h.formatVersion() < 1) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "snapshot format version " + h.formatVersion()
                    + " is not supported by this jetsnap (it reads up to " + SnapshotHeader.FORMAT_VERSION + "); upgrade jetsnap");
        }
        digest.addHeader(h);
        header = h;
        return h;
    }

    /** The next message, checked, or null after the last one. */
    public @Nullable SnapshotMessage next() {
        SnapshotHeader h = header();
        if (messagesEnded) {
            return null;
        }
        SnapshotMessage m = io(reader::nextMessage, "message " + (count + 1));
        if (m == null) {
            messagesEnded = true;
            return null;
        }
        if (m.sequence() <= lastSequence) {
            throw SnapshotException.corrupt("snapshot is corrupt: message " + (count + 1) + " has sequence "
                    + m.sequence() + ", not above the previous " + lastSequence);
        }
        if (m.sequence() > h.selection().upToSequence()) {
            throw SnapshotException.corrupt("snapshot is corrupt: message " + (count + 1) + " has sequence "
                    + m.sequence() + ", beyond the snapshot's last sequence " + h.selection().upToSequence());
        }
        if (count == 0) {
            firstSequence = m.sequence();
        }
        lastSequence = m.sequence();
        count++;
        payloadBytes += m.payload().length;
        digest.addMessage(m);
        return m;
    }

    /** Reads to the end and checks the trailer against everything read. */
    public SnapshotSummary finish() {
        while (next() != null) {
            // drain: every message counts towards the digest
        }
        SnapshotTrailer t = io(reader::readTrailer, "the trailer");
        if (t.messageCount() != count) {
            throw SnapshotException.corrupt("snapshot is corrupt: its trailer says " + t.messageCount()
                    + " messages but it holds " + count);
        }
        if (t.payloadBytes() != payloadBytes) {
            throw SnapshotException.corrupt("snapshot is corrupt: its trailer says " + t.payloadBytes()
                    + " payload bytes but its messages hold " + payloadBytes);
        }
        ConsumerBounds.refuse(header());
        String actual = digest.finish();
        if (!actual.equals(t.digest())) {
            throw SnapshotException.corrupt("snapshot is corrupt: its content digest is " + actual
                    + " but its trailer says " + t.digest());
        }
        return new SnapshotSummary(header(), t);
    }

    /**
     * This reader as a {@link ManifestReader}, so that a {@link PrefetchingReader} checks ahead of
     * its caller, on the thread that decodes: the caller then only takes checked messages, and the
     * trailer once {@link #finish()} has checked it against everything read. Closing it closes the
     * codec's reader.
     */
    public ManifestReader asReader() {
        return new ManifestReader() {
            @Override
            public SnapshotHeader readHeader() {
                return header();
            }

            @Override
            public @Nullable SnapshotMessage nextMessage() {
                return next();
            }

            @Override
            public SnapshotTrailer readTrailer() {
                return finish().trailer();
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    /** What to do with each message of {@link #readAll}. */
    @FunctionalInterface
    public interface MessageSink {
        void accept(SnapshotMessage message) throws IOException;
    }

    /**
     * Reads every message into {@code sink}, reporting progress under {@code phase}, then checks
     * the trailer. Returns the checked header and trailer.
     */
    public SnapshotSummary readAll(String phase, MessageSink sink, ProgressListener progress) {
        long total = header().state().messages();
        SnapshotMessage m;
        while ((m = next()) != null) {
            try {
                sink.accept(m);
            } catch (IOException e) {
                throw new SnapshotException(ErrorCode.IO, "could not write message " + m.sequence() + ": " + e.getMessage(), e);
            }
            if (count % PROGRESS_EVERY == 0) {
                progress.progress(phase, count, payloadBytes, total);
            }
        }
        SnapshotSummary summary = finish();
        progress.progress(phase, count, payloadBytes, count);
        return summary;
    }

    public long count() {
        return count;
    }

    public long payloadBytes() {
        return payloadBytes;
    }

    /** The first message's sequence, or 0 before any message. */
    public long firstSequence() {
        return firstSequence;
    }

    public long lastSequence() {
        return lastSequence;
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private <T> T io(IoCall<T> call, String what) {
        try {
            return call.call();
        } catch (SnapshotException e) {
            throw e;
        } catch (UncheckedIOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read " + what + " of the snapshot: "
                    + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.IO, "could not read " + what + " of the snapshot: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw SnapshotException.corrupt("snapshot is corrupt: could not read " + what + ": " + e, e);
        }
    }
}

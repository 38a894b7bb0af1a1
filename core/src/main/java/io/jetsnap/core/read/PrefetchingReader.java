package io.jetsnap.core.read;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.spi.ManifestReader;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ManifestReader} that decodes on a thread of its own, ahead of its caller: the codec's
 * work (decompression, parsing, each message's checksum) and the caller's (the snapshot digest, a
 * restore's checks or publishing) then run on two cores. The caller sees exactly what the codec
 * gives, in order, and a codec failure at the message where it happened; see {@link MessageBatches}
 * for how much is held.
 */
public final class PrefetchingReader implements ManifestReader {
    private final ManifestReader codec;
    private final MessageBatches batches = new MessageBatches();
    private @Nullable Thread thread;
    private List<SnapshotMessage> batch = List.of();
    private int index;
    private boolean ended;
    private volatile @Nullable SnapshotTrailer trailer;
    private volatile @Nullable Throwable trailerFailure;

    public PrefetchingReader(ManifestReader codec) {
        this.codec = codec;
    }

    /** Reads the header on the caller's thread, then starts decoding the messages ahead. */
    @Override
    public SnapshotHeader readHeader() throws IOException {
        SnapshotHeader header = codec.readHeader();
        thread = MessageBatches.start("jetsnap-decoder", this::decode);
        return header;
    }

    @Override
    public @Nullable SnapshotMessage nextMessage() throws IOException {
        if (thread == null) {
            throw new IllegalStateException("nextMessage called before readHeader");
        }
        while (index == batch.size()) {
            if (ended) {
                return null;
            }
            List<SnapshotMessage> next = batches.take();
            if (next == null) {
                ended = true;
                return null;
            }
            batch = next;
            index = 0;
        }
        return batch.get(index++);
    }

    /** The trailer, which the decoding thread read after the last message. */
    @Override
    public SnapshotTrailer readTrailer() throws IOException {
        while (nextMessage() != null) {
            // messages not taken are skipped, as a codec's own readTrailer would
        }
        Thread t = thread;
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while reading the snapshot", e);
        }
        MessageBatches.rethrow(trailerFailure);
        return trailer;
    }

    /** Stops the decoding thread, then closes the codec's reader. */
    @Override
    public void close() throws IOException {
        if (thread != null) {
            MessageBatches.stop(thread);
        }
        codec.close();
    }

    private void decode() {
        try {
            SnapshotMessage m;
            while ((m = codec.nextMessage()) != null) {
                batches.add(m);
            }
            batches.end();
        } catch (SnapshotException e) {
            if (e.code() != ErrorCode.INTERRUPTED) {
                handOverThenFail(e);
            }
            return;
        } catch (Throwable t) {
            handOverThenFail(t);
            return;
        }
        try {
            trailer = codec.readTrailer();
        } catch (Throwable t) {
            trailerFailure = t;
        }
    }

    /** The messages decoded before a failure still reach the caller, then the failure does. */
    private void handOverThenFail(Throwable t) {
        try {
            batches.handOverFilling();
        } catch (IOException | RuntimeException ignored) {
            // the caller has gone (interrupted, or failed itself): it will not read on
        }
        batches.fail(t);
    }
}

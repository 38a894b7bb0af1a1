package io.jetsnap.core.engine;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.JetsnapVersion;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.digest.ManifestDigest;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.spi.ManifestWriter;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Copies a stream, as it is at one moment, into a {@link ManifestWriter}. It never changes the
 * source: Limits streams are read with an ordered consumer, WorkQueue and Interest streams (where a
 * consumer would change what the stream keeps) with message gets.
 */
public final class StreamSnapshotter {
    private static final long PROGRESS_EVERY = 1000;

    private final Connection connection;
    private final JsApi api;
    private final Duration idleLimit;

    public StreamSnapshotter(Connection connection, EngineOptions options) {
        this.connection = connection;
        this.api = new JsApi(connection, options.apiPrefix(), options.requestTimeout());
        this.idleLimit = options.idleLimit();
    }

    /** Writes the header, the selected messages and the trailer; the caller commits or discards. */
    public SnapshotSummary snapshot(SnapshotRequest request, ManifestWriter writer, ProgressListener progress)
            throws IOException {
        String infoText = api.streamInfoText(request.stream());
        if (infoText == null) {
            throw new SnapshotException(ErrorCode.NOT_FOUND, "stream " + request.stream() + " does not exist on the server");
        }
        SourceStream source = SourceStream.fromInfo(request.stream(), infoText);
        long upTo = source.state().lastSequence();
        if (request.maxSequence() != null) {
            upTo = Math.min(upTo, request.maxSequence());
        }
        SnapshotHeader header = new SnapshotHeader(SnapshotHeader.FORMAT, SnapshotHeader.FORMAT_VERSION,
                JetsnapVersion.get(), Instant.now(), connection.getServerInfo().getVersion(), request.stream(),
                source.configJson(), source.state(), new Selection(request.maxSequence(), request.before(), upTo),
                request.consumers() ? DurableConsumers.of(api, request.stream()) : List.of());
        ManifestDigest digest = new ManifestDigest();
        writer.writeHeader(header);
        digest.addHeader(header);

        long count = 0;
        long payloadBytes = 0;
        long expected = source.state().messages();
        if (source.state().messages() > 0 && upTo >= source.state().firstSequence()) {
            long last = upTo;
            try (MessageSource messages = ClusterPatience.call(idleLimit, () -> open(source, last))) {
                SnapshotMessage m;
                while ((m = messages.next()) != null) {
                    if (request.before() != null && !m.timestamp().isBefore(request.before())) {
                        continue;
                    }
                    writer.writeMessage(m);
                    digest.addMessage(m);
                    count++;
                    payloadBytes += m.payload().length;
                    if (count % PROGRESS_EVERY == 0) {
                        progress.progress("snapshot", count, payloadBytes, expected);
                    }
                }
            }
        }
        progress.progress("snapshot", count, payloadBytes, count);
        SnapshotTrailer trailer = new SnapshotTrailer(count, payloadBytes, digest.finish());
        writer.writeTrailer(trailer);
        return new SnapshotSummary(header, trailer);
    }

    private MessageSource open(SourceStream source, long upTo) {
        long first = source.state().firstSequence();
        if (source.retention().equals("limits")) {
            return new OrderedConsumerSource(connection, api.jetStreamOptions(), source.name(), first, upTo, idleLimit);
        }
        JetStreamManagement jsm;
        try {
            jsm = connection.jetStreamManagement(api.jetStreamOptions());
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.SERVER, "JetStream is not available: " + e.getMessage(), e);
        }
        return new MessageGetSource(jsm, source.name(), first, upTo);
    }
}

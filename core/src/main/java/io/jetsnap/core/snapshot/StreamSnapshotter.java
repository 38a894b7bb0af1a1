package io.jetsnap.core.snapshot;

import io.jetsnap.core.Cancellation;
import io.jetsnap.core.EngineOptions;
import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.JetsnapVersion;
import io.jetsnap.core.ProgressListener;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.SnapshotRequest;
import io.jetsnap.core.digest.ManifestDigest;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.Origins;
import io.jetsnap.core.jetstream.SourceStream;
import io.jetsnap.core.jetstream.wire.ExactHeadersConnection;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.Selection;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.jetsnap.core.model.SnapshotSummary;
import io.jetsnap.core.model.SnapshotTrailer;
import io.jetsnap.core.read.MessageBatches;
import io.jetsnap.core.spi.ManifestWriter;
import io.nats.client.Connection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Copies a stream, as it is at one moment, into a {@link ManifestWriter}. It never changes the
 * source: Limits streams are read with an ephemeral no-ack consumer checked like an ordered one
 * ({@code OrderedConsumerSource}), WorkQueue and Interest streams (where a consumer would change what
 * the stream keeps) with message gets ({@code MessageGetSource}).
 */
public final class StreamSnapshotter {
    private static final long PROGRESS_EVERY = 1000;

    private final Connection connection;
    private final JsApi api;
    private final Duration idleLimit;
    private final String apiPrefix;
    private final Duration requestTimeout;
    private final Cancellation cancellation;

    public StreamSnapshotter(Connection connection, EngineOptions options) {
        this(connection, options, Cancellation.create());
    }

    /** @param cancellation looked at before each message; see {@link Cancellation} */
    public StreamSnapshotter(Connection connection, EngineOptions options, Cancellation cancellation) {
        this.connection = connection;
        this.cancellation = cancellation;
        this.api = new JsApi(connection, options.apiPrefix(), options.requestTimeout());
        this.idleLimit = options.idleLimit();
        this.apiPrefix = options.apiPrefix();
        this.requestTimeout = options.requestTimeout();
    }

    /** Writes the header, the selected messages and the trailer; the caller commits or discards. */
    public SnapshotSummary snapshot(SnapshotRequest request, ManifestWriter writer, ProgressListener progress)
            throws IOException {
        String infoText = api.streamInfoText(request.stream());
        if (infoText == null) {
            throw new SnapshotException(ErrorCode.NOT_FOUND, "stream " + request.stream() + " does not exist on the server");
        }
        List<ConsumerSnapshot> consumers = List.of();
        if (request.consumers()) {
            // the consumers first, then the state: no consumer then is past the last sequence the header records
            consumers = DurableConsumers.of(api, request.stream());
            infoText = api.streamInfoText(request.stream());
            if (infoText == null) {
                throw new SnapshotException(ErrorCode.NOT_FOUND, "stream " + request.stream() + " was deleted while its "
                        + "snapshot began");
            }
        }
        SourceStream source = SourceStream.fromInfo(request.stream(), infoText);
        long upTo = source.state().lastSequence();
        if (request.maxSequence() != null) {
            upTo = Math.min(upTo, request.maxSequence());
        }
        SnapshotHeader header = new SnapshotHeader(SnapshotHeader.FORMAT, SnapshotHeader.FORMAT_VERSION,
                JetsnapVersion.get(), Instant.now(), connection.getServerInfo().getVersion(), request.stream(),
                source.configJson(), source.state(), new Selection(request.maxSequence(), request.before(), upTo),
                consumers, Origins.of(connection, apiPrefix));
        cancellation.check("the snapshot of stream " + request.stream());
        ManifestDigest digest = new ManifestDigest();
        writer.writeHeader(header);
        digest.addHeader(header);

        long count = 0;
        long payloadBytes = 0;
        long expected = SelectionSize.expected(source.state(), upTo, request.before());
        if (source.state().messages() > 0 && upTo >= source.state().firstSequence()) {
            try (ExactHeadersConnection exact = limits(source) ? ExactHeadersConnection.open(connection) : null;
                 MessageSource messages = open(source, upTo, exact);
                 EncodingThread encoding = new EncodingThread(writer, digest)) {
                SnapshotMessage m;
                while ((m = messages.next()) != null) {
                    if (cancellation.isCancelled()) {
                        cancellation.check("the snapshot of stream " + request.stream() + " (after " + count
                                + (expected == SelectionSize.UNKNOWN ? "" : " of " + expected) + " messages)");
                    }
                    if (request.before() != null && !m.timestamp().isBefore(request.before())) {
                        continue;
                    }
                    encoding.add(m);
                    count++;
                    payloadBytes += m.payload().length;
                    if (count % PROGRESS_EVERY == 0) {
                        progress.progress("snapshot", count, payloadBytes, expected);
                    }
                }
                encoding.finish();
            }
        }
        progress.progress("snapshot", count, payloadBytes, count);
        SnapshotTrailer trailer = new SnapshotTrailer(count, payloadBytes, digest.finish());
        writer.writeTrailer(trailer);
        return new SnapshotSummary(header, trailer);
    }

    /**
     * A Limits stream is read through a consumer, whose deliveries carry their header blocks in the
     * protocol: on a connection of jetsnap's own that keeps them exact ({@code exact}). Message gets
     * answer in JSON, which holds the exact block already.
     */
    private MessageSource open(SourceStream source, long upTo, @Nullable ExactHeadersConnection exact) {
        long first = source.state().firstSequence();
        if (exact != null) {
            return new OrderedConsumerSource(exact.connection(), apiPrefix, requestTimeout, source.name(), first, upTo, idleLimit);
        }
        return new MessageGetSource(connection, apiPrefix, source, first, upTo, requestTimeout);
    }

    private static boolean limits(SourceStream source) {
        return source.retention().equals("limits");
    }

    /**
     * Encodes and digests messages on a thread of its own while this one reads the next ones from
     * the server, so the two share the work (on two cores the read and the encoding each take about
     * one); see {@link MessageBatches} for how much is held.
     */
    private static final class EncodingThread implements AutoCloseable {
        private final MessageBatches batches = new MessageBatches();
        private final Thread thread;

        EncodingThread(ManifestWriter writer, ManifestDigest digest) {
            thread = MessageBatches.start("jetsnap-snapshot-encoder", () -> run(writer, digest));
        }

        void add(SnapshotMessage m) throws IOException {
            batches.add(m);
        }

        /** Hands over the last messages and waits until every message is written and digested. */
        void finish() throws IOException {
            batches.end();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while writing the snapshot", e);
            }
            batches.rethrowFailure();
        }

        @Override
        public void close() {
            MessageBatches.stop(thread);
        }

        private void run(ManifestWriter writer, ManifestDigest digest) {
            try {
                List<SnapshotMessage> messages;
                while ((messages = batches.take()) != null) {
                    for (SnapshotMessage m : messages) {
                        writer.writeMessage(m);
                        digest.addMessage(m);
                    }
                }
            } catch (SnapshotException e) {
                if (e.code() != ErrorCode.INTERRUPTED) {
                    batches.fail(e);
                }
            } catch (Throwable t) {
                batches.fail(t);
            }
        }
    }
}

package io.jetsnap.core.jetstream.wire;

import io.jetsnap.core.SnapshotException;
import io.nats.client.Options;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What jnats' reader thread of each connection with exact header blocks did, found by the
 * connection's options (jnats builds a new data port with the same options object at every
 * reconnect): the latest {@link ExactHeaderStreams}, and a message refused there because this heap
 * could not hold it. A reader of messages, which sees only that none arrive, can so tell a server
 * that sends nothing from a client that no longer reads, or that refused what came.
 */
final class ReaderWatch {
    /** Options do not override equals: identity, weakly held, so a closed connection's entry goes with it. */
    private static final Map<Options, ReaderWatch> WATCHES = Collections.synchronizedMap(new WeakHashMap<>());

    private volatile @Nullable ExactHeaderStreams latest;
    private volatile @Nullable SnapshotException refusal;

    private ReaderWatch() {
    }

    /** The watch of connections with {@code options}, made on first use. */
    static ReaderWatch of(Options options) {
        return WATCHES.computeIfAbsent(options, o -> new ReaderWatch());
    }

    /** The watch of connections with {@code options}, if one was ever made. */
    static @Nullable ReaderWatch find(Options options) {
        return WATCHES.get(options);
    }

    void reading(ExactHeaderStreams streams) {
        latest = streams;
    }

    /** Keeps a refusal made on the reader thread, whose failure the reader of messages never sees. */
    void refused(SnapshotException e) {
        refusal = e;
    }

    @Nullable SnapshotException refusal() {
        return refusal;
    }

    /** How long the latest reader has been away from its socket; -1 if there is none. */
    long nanosAway() {
        ExactHeaderStreams streams = latest;
        return streams == null ? -1 : streams.nanosAwayFromSocket();
    }
}

package io.jetsnap.core.jetstream.wire;

import io.nats.client.Options;
import java.io.IOException;

/**
 * The two rewritten directions of one connection (see {@link ExactHeadersPort}): what the server
 * sends, before jnats reads it, and what jnats writes, before the server gets it. Reads and writes
 * come from jnats' reader and writer threads; each direction keeps its own state.
 */
final class ExactHeaderStreams {
    /** A read from the socket, as jnats' own data port does it. */
    interface SocketRead {
        int read(byte[] dst, int off, int len) throws IOException;
    }

    /** A write to the socket, as jnats' own data port does it. */
    interface SocketWrite {
        void write(byte[] src, int length) throws IOException;
    }

    /** The NATS maximum for max_payload; a header block larger than this passes unchanged. */
    private static final int MAX_HEADER = 64 << 20;
    private static final int MIN_LINE = 64 << 10;
    /** The most of jnats' write rewritten and written at once. */
    private static final int WRITE_PIECE = 64 << 10;

    private final FrameRewriter inbound;
    private final FrameRewriter outbound;
    private final ByteSink fromServer = new ByteSink();
    private final ByteSink toServer = new ByteSink();
    private final byte[] readBuffer;
    /** How much of {@link #fromServer} was handed to jnats already. */
    private int delivered;
    /** Whether jnats' reader thread is in {@link #read} now (waiting on the socket, most of the time). */
    private volatile boolean reading;
    /** When the reader last returned from {@link #read}. */
    private volatile long returnedAt = System.nanoTime();

    ExactHeaderStreams(Options options) {
        int maxLine = Math.max(MIN_LINE, options.getMaxControlLine());
        inbound = new FrameRewriter("MSG", "HMSG", 4, maxLine, MAX_HEADER, HeaderCarrier::wrap);
        ReaderWatch watch = ReaderWatch.of(options);
        // a message this heap cannot hold is refused before jnats allocates it on its reader thread
        inbound.checkEachFrame(size -> {
            try {
                io.jetsnap.core.HeapNeed.meet(size);
            } catch (io.jetsnap.core.SnapshotException e) {
                watch.refused(e);
                throw e;
            }
        });
        outbound = new FrameRewriter("PUB", "HPUB", 3, maxLine, MAX_HEADER, HeaderCarrier::unwrap);
        readBuffer = new byte[Math.max(1 << 10, options.getBufferSize())];
        watch.reading(this);
    }

    /**
     * Hands jnats what the rewriting made of one read from the socket, over as many calls as it
     * takes; never more than one socket read's worth at a time, so that the first read (the server's
     * INFO) ends where the server's INFO ends, as jnats requires.
     */
    int read(byte[] dst, int off, int len, SocketRead socket) throws IOException {
        reading = true;
        try {
            return readRewritten(dst, off, len, socket);
        } finally {
            returnedAt = System.nanoTime();
            reading = false;
        }
    }

    /**
     * How long jnats' reader thread has been away from the socket: zero while it waits in
     * {@link #read}. jnats comes back within microseconds of handing a message on, unless its reader
     * thread died (an {@link OutOfMemoryError} ends it silently, and the connection still says
     * connected while nothing reads it any more).
     */
    long nanosAwayFromSocket() {
        return reading ? 0 : System.nanoTime() - returnedAt;
    }

    private int readRewritten(byte[] dst, int off, int len, SocketRead socket) throws IOException {
        while (delivered == fromServer.size()) {
            fromServer.clear();
            delivered = 0;
            int n = socket.read(readBuffer, 0, Math.min(readBuffer.length, Math.max(1, len)));
            if (n <= 0) {
                return n;
            }
            inbound.feed(readBuffer, 0, n, fromServer);
        }
        int n = Math.min(len, fromServer.size() - delivered);
        System.arraycopy(fromServer.array(), delivered, dst, off, n);
        delivered += n;
        return n;
    }

    /** Writes what the rewriting makes of {@code src[0..length)} (a frame not yet complete is held back). */
    void write(byte[] src, int length, SocketWrite socket) throws IOException {
        // in pieces, so that a large message (jnats writes it whole) is not copied whole here too
        for (int offset = 0; offset < length; offset += WRITE_PIECE) {
            outbound.feed(src, offset, Math.min(WRITE_PIECE, length - offset), toServer);
            try {
                if (toServer.size() > 0) {
                    socket.write(toServer.array(), toServer.size());
                }
            } finally {
                toServer.clear();
            }
        }
    }
}

package io.jetsnap.core.engine.wire;

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

    private final FrameRewriter inbound;
    private final FrameRewriter outbound;
    private final ByteSink fromServer = new ByteSink();
    private final ByteSink toServer = new ByteSink();
    private final byte[] readBuffer;
    /** How much of {@link #fromServer} was handed to jnats already. */
    private int delivered;

    ExactHeaderStreams(Options options) {
        int maxLine = Math.max(MIN_LINE, options.getMaxControlLine());
        inbound = new FrameRewriter("MSG", "HMSG", 4, maxLine, MAX_HEADER, HeaderCarrier::wrap);
        // a message this heap cannot hold is refused before jnats allocates it on its reader thread
        inbound.checkEachFrame(io.jetsnap.core.HeapNeed::meetOnAnotherThread);
        outbound = new FrameRewriter("PUB", "HPUB", 3, maxLine, MAX_HEADER, HeaderCarrier::unwrap);
        readBuffer = new byte[Math.max(1 << 10, options.getBufferSize())];
    }

    /**
     * Hands jnats what the rewriting made of one read from the socket, over as many calls as it
     * takes; never more than one socket read's worth at a time, so that the first read (the server's
     * INFO) ends where the server's INFO ends, as jnats requires.
     */
    int read(byte[] dst, int off, int len, SocketRead socket) throws IOException {
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
        outbound.feed(src, 0, length, toServer);
        try {
            if (toServer.size() > 0) {
                socket.write(toServer.array(), toServer.size());
            }
        } finally {
            toServer.clear();
        }
    }
}

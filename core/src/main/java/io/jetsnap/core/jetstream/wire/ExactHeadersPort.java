package io.jetsnap.core.jetstream.wire;

import io.nats.client.Options;
import io.nats.client.impl.SocketDataPortWithWriteTimeout;
import java.io.IOException;
import org.jspecify.annotations.NonNull;

/**
 * A jnats data port that lets header blocks through byte for byte, both ways. jnats parses every
 * header block it receives (and stops reading the connection for good at a value with a UTF-8
 * byte) and writes only blocks it built itself; on a connection with this port jnats never sees a
 * real block. From the server, every message's header block (status lines excepted) reaches jnats
 * as one {@link HeaderCarrier} header holding its exact bytes; to the server, a carrier jnats
 * publishes becomes exactly the block it holds, and the frame's sizes are set to match (see
 * {@link FrameRewriter} for what is rewritten and what passes untouched).
 *
 * <p>Socket, TLS, websocket and write timeout stay jnats' own: this is jnats' default data port
 * (the one it builds when the options have a socket write timeout, their default) with the
 * rewriting added; {@link ExactHeadersPortWithoutWriteTimeout} is the other. jnats instantiates it by
 * reflection from {@code Options.Builder.dataPortType}; {@link ExactHeadersConnection} does that.
 */
public final class ExactHeadersPort extends SocketDataPortWithWriteTimeout {
    private ExactHeaderStreams streams;
    private ExactHeaderStreams.SocketRead socketRead;
    private ExactHeaderStreams.SocketWrite socketWrite;

    public ExactHeadersPort() {
        // jnats calls afterConstruct next
    }

    @Override
    public void afterConstruct(@NonNull Options options) {
        super.afterConstruct(options);
        streams = new ExactHeaderStreams(options);
        socketRead = super::read;
        socketWrite = super::write;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        return streams.read(dst, off, len, socketRead);
    }

    @Override
    public void write(byte[] src, int toWrite) throws IOException {
        streams.write(src, toWrite, socketWrite);
    }
}

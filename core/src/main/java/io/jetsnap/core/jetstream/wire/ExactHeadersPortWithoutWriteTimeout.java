package io.jetsnap.core.jetstream.wire;

import io.nats.client.Options;
import io.nats.client.impl.SocketDataPort;
import java.io.IOException;
import org.jspecify.annotations.NonNull;

/**
 * {@link ExactHeadersPort} for options without a socket write timeout: jnats' plain socket data
 * port, with the same rewriting.
 */
public final class ExactHeadersPortWithoutWriteTimeout extends SocketDataPort {
    private ExactHeaderStreams streams;
    private ExactHeaderStreams.SocketRead socketRead;
    private ExactHeaderStreams.SocketWrite socketWrite;

    public ExactHeadersPortWithoutWriteTimeout() {
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

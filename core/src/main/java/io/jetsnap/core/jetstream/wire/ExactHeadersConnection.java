package io.jetsnap.core.jetstream.wire;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;

/**
 * A connection on which header blocks travel exactly ({@link ExactHeadersPort}), for the reads and
 * publishes that carry messages. It is opened with the options of the caller's connection (servers,
 * credentials and auth handler, TLS context, inbox prefix, listeners, timeouts) and jetsnap's data
 * port; jnats' own size checks are left to the caller ({@code clientSideLimitChecks} off), since
 * jnats would count the carrier's base64 instead of the block it stands for. A caller whose
 * connection already has the port (and no client-side limit checks) is used as it is. Closing this closes only a connection it opened.
 */
public final class ExactHeadersConnection implements AutoCloseable {
    private final Connection connection;
    private final boolean opened;

    private ExactHeadersConnection(Connection connection, boolean opened) {
        this.connection = connection;
        this.opened = opened;
    }

    /** A connection like {@code caller}'s, with exact header blocks. */
    public static ExactHeadersConnection open(Connection caller) {
        Options options = caller.getOptions();
        if (carriesExactHeaders(options)) {
            return new ExactHeadersConnection(caller, false);
        }
        String port = options.getDataPortType();
        if (!isExactHeadersPort(port) && !port.equals(Options.DEFAULT_DATA_PORT_TYPE)) {
            throw new SnapshotException(ErrorCode.UNSUPPORTED, "the connection uses a data port of its own (" + port
                    + "); jetsnap moves header bytes exactly through a data port that wraps jnats' default one, and cannot "
                    + "wrap another; nothing was changed (connect with jnats' default data port)");
        }
        Options exact = new Options.Builder(options)
                .dataPortType(portFor(options).getName())
                .clientSideLimitChecks(false)
                .build();
        try {
            return new ExactHeadersConnection(Nats.connect(exact), true);
        } catch (IOException e) {
            throw new SnapshotException(ErrorCode.SERVER, "could not open jetsnap's connection for exact header bytes to "
                    + caller.getConnectedUrl() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted while connecting to " + caller.getConnectedUrl(), e);
        }
    }

    /** Whether connections made with {@code options} read and write header blocks exactly (and leave size checks to jetsnap). */
    public static boolean carriesExactHeaders(Options options) {
        return !options.clientSideLimitChecks() && isExactHeadersPort(options.getDataPortType());
    }

    private static boolean isExactHeadersPort(String type) {
        return type.equals(ExactHeadersPort.class.getName()) || type.equals(ExactHeadersPortWithoutWriteTimeout.class.getName());
    }

    /** The data port class to name in options like {@code options}: the one that wraps what jnats would build. */
    public static Class<?> portFor(Options options) {
        return options.getSocketWriteTimeout() == null ? ExactHeadersPortWithoutWriteTimeout.class : ExactHeadersPort.class;
    }

    /**
     * Why jnats no longer hands over messages on {@code connection} (one with exact header blocks),
     * or null: a message its reader refused because this heap could not hold it, or its reader
     * thread away from the socket for longer than {@code limit} while the connection says connected
     * (an {@link OutOfMemoryError} ends that thread silently).
     */
    public static @org.jspecify.annotations.Nullable SnapshotException readerFailure(Connection connection,
                                                                                     java.time.Duration limit) {
        ReaderWatch watch = ReaderWatch.find(connection.getOptions());
        if (watch == null) {
            return null;
        }
        SnapshotException refusal = watch.refusal();
        if (refusal != null) {
            return new SnapshotException(refusal.code(), refusal.getMessage(), refusal);
        }
        if (connection.getStatus() == Connection.Status.CONNECTED && watch.nanosAway() > limit.toNanos()) {
            return io.jetsnap.core.HeapNeed.readerStopped();
        }
        return null;
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        if (!opened) {
            return;
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

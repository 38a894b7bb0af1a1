package io.jetsnap.cli;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Listens for the server's permission violations. jetsnap needs every subject it uses, so the
 * first violation is fatal: the connection is closed at once (rather than waiting for a request to
 * time out) and the violation becomes the error message. Everything else stays quiet.
 */
final class PermissionDenials implements ErrorListener {
    private final AtomicReference<String> first = new AtomicReference<>();

    @Override
    public void errorOccurred(Connection conn, String error) {
        if (error != null && error.toLowerCase(java.util.Locale.ROOT).contains("permissions violation")
                && first.compareAndSet(null, error.strip())) {
            // close from another thread: this is one of the connection's own threads
            Thread closer = new Thread(() -> {
                try {
                    conn.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "jetsnap-permission-denied");
            closer.setDaemon(true);
            closer.start();
        }
    }

    /** The first permission violation the server reported, e.g. {@code Permissions Violation for Publish to "x"}. */
    @Nullable String first() {
        return first.get();
    }
}

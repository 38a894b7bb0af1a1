package io.jetsnap.cli;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Listens to the connection, quietly. jetsnap needs every subject it uses, so the server's first
 * permission violation is fatal: the connection is closed at once (rather than waiting for a
 * request to time out) and the violation becomes the error message. The first server error and
 * the first exception explain a failed connect (a refused login, a refused TLS handshake).
 */
final class ConnectionWatch implements ErrorListener {
    private final AtomicReference<String> permissionViolation = new AtomicReference<>();
    private final AtomicReference<String> firstServerError = new AtomicReference<>();
    private final AtomicReference<Exception> firstException = new AtomicReference<>();

    @Override
    public void errorOccurred(Connection conn, String error) {
        if (error == null) {
            return;
        }
        firstServerError.compareAndSet(null, error.strip());
        if (error.toLowerCase(Locale.ROOT).contains("permissions violation") && permissionViolation.compareAndSet(null, error.strip())) {
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

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        firstException.compareAndSet(null, exp);
    }

    /** The first permission violation the server reported, e.g. {@code Permissions Violation for Publish to "x"}. */
    @Nullable String permissionViolation() {
        return permissionViolation.get();
    }

    /** The first error the server sent ({@code -ERR}), e.g. {@code Authorization Violation}. */
    @Nullable String firstServerError() {
        return firstServerError.get();
    }

    /** Why connecting failed, as far as the connection saw: the first exception's message and its root cause's. */
    @Nullable String firstExceptionMessage() {
        Exception e = firstException.get();
        if (e == null) {
            return null;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return root == e || root.getMessage() == null || message.contains(root.getMessage()) ? message
                : message + ": " + root.getMessage();
    }
}

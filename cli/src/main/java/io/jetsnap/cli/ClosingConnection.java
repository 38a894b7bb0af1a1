package io.jetsnap.cli;

import java.util.function.IntSupplier;

/**
 * Runs a command's work on its connection, then closes the connection, keeping the work's exit
 * code: jnats' close waits for the connection's threads and throws if that wait is interrupted,
 * and a run that some streams failed, or a dry run that would be refused, must not become a
 * success then. The interrupt is kept for whoever runs the command.
 */
final class ClosingConnection {
    /** How the connection closes ({@code Connection::close}). */
    @FunctionalInterface
    interface Close {
        void close() throws InterruptedException;
    }

    private ClosingConnection() {
    }

    /** The work's exit code, or its exception, once the connection is closed. */
    static int afterWork(Close close, IntSupplier work) {
        try {
            return work.getAsInt();
        } finally {
            try {
                close.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

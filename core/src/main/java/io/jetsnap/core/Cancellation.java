package io.jetsnap.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request, from any thread, that a snapshot or restore stop early. The engine looks at it
 * between messages and then stops the way it stops on a failure, running the same cleanup: a
 * snapshot discards what it wrote and deletes its consumer, a restore stops publishing and says
 * what the target holds. The work then ends with a {@link SnapshotException} whose code is
 * {@link ErrorCode#INTERRUPTED}. The last steps of a restore, once every message is in, are not
 * stopped: they take a few requests and leave the stream whole.
 *
 * <pre>{@code
 * Cancellation stop = Cancellation.create();
 * Jetsnap jetsnap = Jetsnap.builder().cancellation(stop).build();
 * // on another thread, e.g. a shutdown hook:
 * stop.cancel("the application is shutting down");
 * }</pre>
 */
public final class Cancellation {
    private volatile @Nullable String reason;

    private Cancellation() {
    }

    /** A cancellation nobody has asked for yet. */
    public static Cancellation create() {
        return new Cancellation();
    }

    /**
     * Asks the work to stop; the first reason given is the one its error names. Calling it again,
     * or after the work ended, does nothing.
     *
     * @param why what asked for it, in a few words (e.g. {@code "SIGTERM"})
     */
    public void cancel(String why) {
        synchronized (this) {
            if (reason == null) {
                reason = why;
            }
        }
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why the work was asked to stop; empty while it was not. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /**
     * Throws if the work was asked to stop.
     *
     * @param what what is stopped, for the message (e.g. {@code "the restore"})
     * @throws SnapshotException {@link ErrorCode#INTERRUPTED}: "{@code WHAT} was stopped (REASON)"
     */
    public void check(String what) {
        check(what, "");
    }

    /**
     * As {@link #check(String)}, with {@code rest} after the reason (e.g. {@code "; nothing was changed"}).
     */
    public void check(String what, String rest) {
        String why = reason;
        if (why != null) {
            throw new SnapshotException(ErrorCode.INTERRUPTED, what + " was stopped (" + why + ")" + rest);
        }
    }
}

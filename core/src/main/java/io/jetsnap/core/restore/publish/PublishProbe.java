package io.jetsnap.core.restore.publish;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.restore.verify.Verified;
import io.jetsnap.core.restore.plan.RestorePlan;
import io.jetsnap.core.restore.verify.PlaceholderBound;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Asks the server, before anything changes, whether the restore's user may publish where the
 * publishing restore publishes: one empty message on the first message's private subject and one
 * on the gap subject. Under a private prefix (nats-server 2.10+) nothing listens there yet, so the
 * probe has no effect; a subject the user may not publish on comes back as the server's
 * "Permissions Violation for Publish to ..." before the ping that follows. Without a private
 * prefix (nats-server 2.9) the messages go out on the stream's own subjects, where a probe would
 * reach the applications, so nothing is probed there ({@link #UNPROBED} says so).
 */
public final class PublishProbe {
    public static final String UNPROBED = "whether the user may publish on the stream's subjects: nats-server 2.9 takes the "
            + "restored messages on their own subjects, where a probe would reach the applications";

    private PublishProbe() {
    }

    /** The subjects a publishing restore of {@code verified} publishes on, as probed; empty where none can be. */
    static List<String> subjects(RestorePlan plan, Verified verified) {
        List<String> subjects = new ArrayList<>();
        if (!plan.loadsUnderPrivateSubjects() || verified.firstSubject() == null) {
            return subjects;
        }
        subjects.add(plan.publishSubject(verified.firstSubject()));
        if (PlaceholderBound.needed(verified.loadFrom(), verified.target(), verified.summary().trailer().messageCount()) > 0) {
            subjects.add(plan.gapSubject());
        }
        return subjects;
    }

    /** Refuses, nothing changed, when the server denies the user a subject the restore publishes on. */
    public static void refuseDenied(Connection connection, RestorePlan plan, Verified verified, Duration timeout) {
        List<String> subjects = subjects(plan, verified);
        if (subjects.isEmpty()) {
            return;
        }
        connection.clearLastError();
        for (String subject : subjects) {
            connection.publish(subject, new byte[0]);
        }
        try {
            connection.flush(timeout);
        } catch (TimeoutException e) {
            throw new SnapshotException(ErrorCode.SERVER, "the server did not answer a ping within " + timeout.toSeconds()
                    + "s; nothing was changed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorCode.INTERRUPTED, "interrupted; nothing was changed", e);
        }
        String denied = denied(connection.getLastError(), subjects);
        if (denied != null) {
            throw new SnapshotException(ErrorCode.SERVER, "the server denied a subject jetsnap needs: " + denied
                    + " (the restore publishes the messages there; see docs/permissions.md); nothing was changed");
        }
    }

    /** The server's permission violation for one of {@code subjects}, or null. */
    static @Nullable String denied(@Nullable String lastError, List<String> subjects) {
        if (lastError == null || !lastError.toLowerCase(java.util.Locale.ROOT).contains("permissions violation")) {
            return null;
        }
        for (String subject : subjects) {
            if (lastError.contains("\"" + subject + "\"")) {
                return lastError.strip().replaceAll("^'|'$", "");
            }
        }
        return null;
    }
}

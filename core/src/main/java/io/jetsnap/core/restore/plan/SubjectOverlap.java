package io.jetsnap.core.restore.plan;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;

/**
 * The server refuses a stream whose subjects overlap another stream's, when it is created and when
 * it is updated. The publishing restore loads under private subjects and takes the snapshot's only
 * at the end, so the refusal would come after the load: it is asked for before anything changes,
 * by the restore and by its dry run alike.
 */
public final class SubjectOverlap {
    private SubjectOverlap() {
    }

    public static void refuse(JsApi api, String target, RestorePlan plan) {
        for (String subject : plan.finalSubjects()) {
            for (String other : api.streamNamesOverlapping(subject)) {
                if (!other.equals(target)) {
                    throw new SnapshotException(ErrorCode.SERVER, "subject " + subject + " overlaps stream "
                            + other + "'s subjects, so the server would refuse stream " + target + "; nothing was "
                            + "changed (to clone a stream beside its original, give the clone other subjects with --subjects)");
                }
            }
        }
    }
}

package io.jetsnap.core.engine;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.nats.client.support.JsonValue;

/**
 * The server refuses to create a stream whose subjects overlap another stream's. A restore that
 * creates its target learns it only then, which costs nothing for a new target, but under force a
 * target with messages is deleted first: so the restore asks beforehand in that case, and the dry
 * run always ({@code STREAM.NAMES} with a subject filter; the target itself does not count).
 */
final class SubjectOverlap {
    private final JsApi api;

    SubjectOverlap(JsApi api) {
        this.api = api;
    }

    /** @throws SnapshotException naming the other stream, when one takes a subject of the final configuration */
    void refuse(String target, RestorePlan plan) {
        JsonValue subjects = JsApi.parse(plan.finalConfigJson()).map.get("subjects");
        if (subjects == null || subjects.array == null) {
            return;
        }
        for (JsonValue subject : subjects.array) {
            for (String other : api.streamNamesOverlapping(subject.string)) {
                if (!other.equals(target)) {
                    throw new SnapshotException(ErrorCode.SERVER, "subject " + subject.string + " overlaps stream "
                            + other + "'s subjects, so the server would refuse to create stream " + target + "; nothing was "
                            + "changed (to clone a stream beside its original, give the clone other subjects with --subjects)");
                }
            }
        }
    }
}

package io.jetsnap.core.restore.consumers;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.ConsumerSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The consumers an existing, empty target stream already has (an application created its stream
 * and consumers at start-up, and the snapshot is restored into it): those the snapshot also has
 * are replaced by the snapshot's, at their positions (none can be moved there in place: a
 * consumer's deliver policy and start cannot be updated, and before 2.14 nothing moves one); the
 * others are kept as they are. Decided before the target is touched.
 *
 * @param replaced the target's consumers to delete before the snapshot's are created
 * @param notes what the restore says about them
 */
public record TargetConsumers(List<String> replaced, List<String> notes) {
    public TargetConsumers {
        replaced = List.copyOf(replaced);
        notes = List.copyOf(notes);
    }

    public static TargetConsumers none() {
        return new TargetConsumers(List.of(), List.of());
    }

    /**
     * @param retention the snapshot stream's retention policy
     * @param existing the names of the target's consumers
     * @param restored the consumers the restore creates
     */
    public static TargetConsumers of(String stream, String retention, List<String> existing, List<ConsumerSnapshot> restored) {
        Set<String> names = restored.stream().map(ConsumerSnapshot::name).collect(Collectors.toSet());
        List<String> replaced = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String name : existing) {
            (names.contains(name) ? replaced : kept).add(name);
        }
        if (retention.equals("workqueue") && !kept.isEmpty() && !restored.isEmpty()) {
            throw new SnapshotException(ErrorCode.TARGET_NOT_EMPTY, "stream " + stream + " is a work queue with consumers "
                    + "the snapshot does not have (" + String.join(", ", kept) + "), which would compete with the restored "
                    + "ones for its messages; nothing was changed (delete them, or restore with --force to recreate the "
                    + "stream)");
        }
        List<String> notes = new ArrayList<>();
        for (String name : replaced) {
            notes.add("consumer " + name + " of stream " + stream + " is replaced by the snapshot's, at its position");
        }
        for (String name : kept) {
            notes.add("consumer " + name + " of stream " + stream + " is not in the snapshot and is kept as it is: it "
                    + "delivers the restored messages as its own deliver policy says");
        }
        return new TargetConsumers(replaced, notes);
    }
}

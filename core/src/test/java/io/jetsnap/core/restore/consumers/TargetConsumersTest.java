package io.jetsnap.core.restore.consumers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.model.ConsumerSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What becomes of the consumers an empty target stream already has when a snapshot is restored into it. */
class TargetConsumersTest {
    private static final List<ConsumerSnapshot> SNAPSHOTS = List.of(consumer("billing"), consumer("mailer"));

    private static ConsumerSnapshot consumer(String name) {
        return new ConsumerSnapshot(name, "{\"durable_name\":\"" + name + "\"}", 0, 0, 0, 0);
    }

    @Test
    void thoseTheSnapshotAlsoHasAreReplacedAndTheOthersKept() {
        TargetConsumers t = TargetConsumers.of("orders", "limits", List.of("audit", "billing", "mailer"), SNAPSHOTS);

        assertEquals(List.of("billing", "mailer"), t.replaced());
        assertEquals(List.of(
                "consumer billing of stream orders is replaced by the snapshot's, at its position",
                "consumer mailer of stream orders is replaced by the snapshot's, at its position",
                "consumer audit of stream orders is not in the snapshot and is kept as it is: it delivers the restored "
                        + "messages as its own deliver policy says"), t.notes());
    }

    @Test
    void aTargetWithoutConsumersHasNothingToSay() {
        assertEquals(TargetConsumers.none(), TargetConsumers.of("orders", "limits", List.of(), SNAPSHOTS));
        assertEquals(TargetConsumers.none(), TargetConsumers.of("orders", "workqueue", List.of(), SNAPSHOTS));
    }

    @Test
    void withoutConsumersToRestoreEveryTargetConsumerIsKept() {
        TargetConsumers t = TargetConsumers.of("jobs", "workqueue", List.of("worker"), List.of());

        assertEquals(List.of(), t.replaced());
        assertEquals(1, t.notes().size(), t::toString);
        assertEquals("consumer worker of stream jobs is not in the snapshot and is kept as it is: it delivers the restored "
                + "messages as its own deliver policy says", t.notes().get(0));
    }

    @Test
    void aWorkQueueRefusesConsumersThatWouldCompeteWithTheRestoredOnes() {
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> TargetConsumers.of("jobs", "workqueue", List.of("billing", "rogue", "other"), SNAPSHOTS));

        assertEquals(ErrorCode.TARGET_NOT_EMPTY, e.code());
        assertEquals("stream jobs is a work queue with consumers the snapshot does not have (rogue, other), which would "
                + "compete with the restored ones for its messages; nothing was changed (delete them, or restore with "
                + "--force to recreate the stream)", e.getMessage());
    }

    @Test
    void aWorkQueueWhoseConsumersAreAllReplacedIsRestoredInto() {
        TargetConsumers t = TargetConsumers.of("jobs", "workqueue", List.of("mailer"), SNAPSHOTS);

        assertEquals(List.of("mailer"), t.replaced());
        assertEquals(List.of("consumer mailer of stream jobs is replaced by the snapshot's, at its position"), t.notes());
    }

    @Test
    void theListsAreCopies() {
        java.util.ArrayList<String> replaced = new java.util.ArrayList<>(List.of("a"));
        TargetConsumers t = new TargetConsumers(replaced, List.of());
        replaced.add("b");

        assertEquals(List.of("a"), t.replaced());
    }
}

package io.jetsnap.core.restore.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.RestoreRequest;
import io.jetsnap.core.SnapshotException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;




/** A placement asked of a restore against what the server's answer to the probe's create says it did. */
class PlacementCheckTest {
    /** A server in no cluster answers a create without a cluster name (2.9 to 2.15). */
    private static final String ALONE = "{\"config\":{\"name\":\"p\",\"placement\":{\"cluster\":\"x\"}},\"state\":{}}";
    private static final String IN_C1 = "{\"config\":{\"name\":\"p\"},\"cluster\":{\"name\":\"c1\",\"leader\":\"n1\"}}";

    private static RestoreRequest.Placement placement(String cluster, String... tags) {
        return new RestoreRequest.Placement(cluster, List.of(tags));
    }

    @Test
    void aClusterAskedOfAServerInNoClusterIsRefused() {
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> PlacementCheck.check("orders", placement("x"), ALONE));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().startsWith("stream orders cannot be placed in cluster x: the server is in no cluster"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("nothing was changed"), e.getMessage());
    }

    @Test
    void theClusterThatTookTheStreamIsTheOneAskedFor() {
        assertEquals(Optional.empty(), PlacementCheck.check("orders", placement("c1", "az:1"), IN_C1));
        assertThrows(SnapshotException.class, () -> PlacementCheck.check("orders", placement("c2"), IN_C1));
    }

    @Test
    void tagsOnAServerInNoClusterAreKeptWithANote() {
        Optional<String> note = PlacementCheck.check("orders", placement(null, "az:1", "ssd"), ALONE);
        assertTrue(note.isPresent() && note.get().contains("tags (az:1, ssd) are kept"), note::toString);
        assertEquals(Optional.empty(), PlacementCheck.check("orders", null, ALONE), "nothing asked: the snapshot's placement stays");
    }

    @Test
    void aPlacementNamesSomethingAndNothingEmpty() {
        assertEquals("{\"cluster\":\"c1\",\"tags\":[\"az:1\"]}", placement("c1", "az:1").toJson());
        assertEquals("{\"tags\":[\"a\",\"b\"]}", placement(null, "a", "b").toJson());
        for (Runnable bad : List.<Runnable>of(() -> placement(null), () -> placement(""), () -> placement(null, " "))) {
            assertEquals(ErrorCode.BAD_INPUT, assertThrows(SnapshotException.class, bad::run).code());
        }
        RestoreRequest r = RestoreRequest.of("a").withPlacement(placement("c1")).withForce(true).withReplicas(3).withStream("b");
        assertEquals(placement("c1"), r.placement(), "every wither keeps the placement");
        assertEquals("b", r.stream());
    }
}

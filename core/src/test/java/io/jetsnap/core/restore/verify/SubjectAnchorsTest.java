package io.jetsnap.core.restore.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which placeholders go on a real subject: those at sequences that a kept message's
 * {@code Nats-Expected-Last-Subject-Sequence} points at and that the snapshot does not hold.
 */
class SubjectAnchorsTest {
    @Test
    void aMissingExpectedSequenceGetsItsSubjectAndIsDeletedLater() {
        SubjectAnchors anchors = new SubjectAnchors();
        anchors.expect(4, "$KV.cfg.a");
        anchors.expect(7, "$KV.cfg.b");

        assertNull(anchors.placeholderSubject(3), "not expected: the private gap subject");
        assertEquals("$KV.cfg.a", anchors.placeholderSubject(4));
        assertNull(anchors.placeholderSubject(4), "one placeholder per sequence");
        assertEquals("$KV.cfg.b", anchors.placeholderSubject(7));
        assertEquals(List.of(4L, 7L), anchors.publishedPlaceholders());
    }

    @Test
    void aSequenceTheSnapshotHoldsNeedsNoPlaceholder() {
        SubjectAnchors anchors = new SubjectAnchors();
        anchors.expect(5, "orders.eu");
        anchors.present(5);

        assertNull(anchors.placeholderSubject(5));
        assertEquals(List.of(), anchors.publishedPlaceholders());
    }

    @Test
    void noSequenceOrANegativeOneIsNoAnchor() {
        SubjectAnchors anchors = new SubjectAnchors();
        anchors.expect(0, "first.write");
        anchors.expect(-1, "odd");

        assertNull(anchors.placeholderSubject(0));
        assertEquals(Long.MAX_VALUE, anchors.lowestBelow(Long.MAX_VALUE));
    }

    @Test
    void theLatestExpectationOfASequenceWins() {
        SubjectAnchors anchors = new SubjectAnchors();
        anchors.expect(9, "a");
        anchors.expect(9, "b");

        assertEquals("b", anchors.placeholderSubject(9));
    }

    @Test
    void theLowestExpectedSequenceBelowTheFirstIsFound() {
        SubjectAnchors anchors = new SubjectAnchors();
        assertEquals(Long.MAX_VALUE, anchors.lowestBelow(10), "none expected");
        anchors.expect(8, "a");
        anchors.expect(3, "b");
        anchors.expect(12, "c");

        assertEquals(3, anchors.lowestBelow(10));
        assertEquals(Long.MAX_VALUE, anchors.lowestBelow(3), "strictly below");
        anchors.present(3);
        assertEquals(8, anchors.lowestBelow(10));
        anchors.placeholderSubject(8);
        assertEquals(Long.MAX_VALUE, anchors.lowestBelow(10), "a published one is no longer expected");
    }

    @Test
    void moreAnchorsThanTheCapAreRefusedBeforeAnythingChanges() {
        SubjectAnchors anchors = new SubjectAnchors();
        for (long s = 1; s <= SubjectAnchors.MAX_ANCHORS; s++) {
            anchors.expect(s, "k");
        }
        anchors.expect(1, "again"); // the same sequence again takes no room

        SnapshotException e = assertThrows(SnapshotException.class, () -> anchors.expect(SubjectAnchors.MAX_ANCHORS + 1L, "k"));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().startsWith("more than 500000 messages carry Nats-Expected-Last-Subject-Sequence")
                && e.getMessage().endsWith("nothing was changed"), e::getMessage);
    }
}

package io.jetsnap.core.restore.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.OutOfStorage;
import java.util.List;
import org.junit.jupiter.api.Test;




/** Which server errors deny a subject the restore publishes on, and when the server ran out of room. */
class PublishProbeTest {
    private static final List<String> PROBED = List.of("_jetsnap.clone.abc.orders.new", "_jetsnap.gap.abc");

    @Test
    void aViolationForAProbedSubjectIsADenial() {
        assertEquals("Permissions Violation for Publish to \"_jetsnap.gap.abc\"",
                PublishProbe.denied("'Permissions Violation for Publish to \"_jetsnap.gap.abc\"'", PROBED));
    }

    @Test
    void otherErrorsAndOtherSubjectsAreNot() {
        assertNull(PublishProbe.denied(null, PROBED));
        assertNull(PublishProbe.denied("", PROBED));
        assertNull(PublishProbe.denied("'Permissions Violation for Publish to \"elsewhere\"'", PROBED));
        assertNull(PublishProbe.denied("'Maximum Payload Violation'", PROBED));
        // a subject that only begins like a probed one
        assertNull(PublishProbe.denied("'Permissions Violation for Publish to \"_jetsnap.gap.abcd\"'", PROBED));
    }

    @Test
    void outOfStorageIsToldByTheServersCodesAndTheAdviceSaysHowMuchRoom() {
        for (int code : new int[] {10002, 10023, 10047, 10028}) {
            assertTrue(OutOfStorage.is(new SnapshotException(io.jetsnap.core.ErrorCode.SERVER, "x", null, code)), "" + code);
        }
        assertTrue(!OutOfStorage.is(new SnapshotException(io.jetsnap.core.ErrorCode.SERVER, "x", null, 10071)));
        String advice = OutOfStorage.advice(123456, 3);
        assertTrue(advice.contains("needs 123456 bytes on each of 3 replicas"), advice);
        assertTrue(advice.contains("--force, which deletes this partial stream first"), advice);
    }
}

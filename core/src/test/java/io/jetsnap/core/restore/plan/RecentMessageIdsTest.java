package io.jetsnap.core.restore.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which message ids must wait before they are published again: those published within the horizon. */
class RecentMessageIdsTest {
    private static final long MS = 1_000_000L;
    private static final long H = RecentMessageIds.HORIZON_NANOS;

    @Test
    void anIdIsRecentUpToTheHorizonAndForgottenAfter() {
        RecentMessageIds ids = new RecentMessageIds();
        ids.published("a", 1_000 * MS);

        assertTrue(ids.seenRecently("a", 1_000 * MS));
        assertTrue(ids.seenRecently("a", 1_000 * MS + H), "at the horizon itself");
        assertFalse(ids.seenRecently("a", 1_000 * MS + H + 1));
        assertFalse(ids.seenRecently("a", 1_000 * MS), "forgotten for good");
    }

    @Test
    void anIdNeverPublishedIsNotRecent() {
        RecentMessageIds ids = new RecentMessageIds();
        ids.published("a", 0);

        assertFalse(ids.seenRecently("b", 0));
    }

    @Test
    void publishingAnIdAgainRestartsItsHorizonAndOlderOnesAreStillForgotten() {
        RecentMessageIds ids = new RecentMessageIds();
        ids.published("a", 0);
        ids.published("b", 100 * MS);
        ids.published("a", 200 * MS);

        long now = 150 * MS + H; // b is past the horizon, a (again) is not
        assertTrue(ids.seenRecently("a", now));
        assertFalse(ids.seenRecently("b", now), "an id published again must not keep an older one remembered");
    }
}

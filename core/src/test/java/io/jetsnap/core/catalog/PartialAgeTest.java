package io.jetsnap.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jetsnap.core.spi.StoredSnapshot;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;




/** Which leftovers of snapshots that never finished a prune removes: those last written at least the age ago. */
class PartialAgeTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @ParameterizedTest(name = "written {0} ago, age {1}: stale {2}")
    @CsvSource({
            "PT25H, P1D, true",
            "PT24H, P1D, true",
            "PT23H59M, P1D, false",
            "PT0S, P1D, false",
            "PT0S, PT0S, true",
            "-PT1H, PT0S, true",   // a clock ahead: zero still means all
            "-PT1H, P1D, false",
            "PT2H, PT1H, true",
            "PT2H, PT2562047788015215H, false", // longer than now is from the first instant there is
    })
    void aPartialIsStaleOnceOlderThanTheAge(Duration writtenAgo, Duration age, boolean stale) {
        StoredSnapshot partial = new StoredSnapshot("/x/.a.json.1f.partial", 10, NOW.minus(writtenAgo));
        assertEquals(stale, Pruner.stalePartial(partial, age, NOW));
    }
}

package io.jetsnap.core.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;




class ServerTimeTest {
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29T08:18:49.781311343Z", "2026-11-29T08:18:49.78131Z", "2026-11-29T08:18:49.7Z",
            "2026-11-29T08:18:49Z", "2024-02-29T23:59:59.000000001Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
            "2026-11-29T08:18:49.781311343+02:00"})
    void readsWhatTheServerWritesAsJavaTimeDoes(String text) {
        assertEquals(Instant.parse(text), ServerTime.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-29T08:60:00Z", "yesterday"})
    void refusesWhatIsNoTime(String text) {
        assertThrows(DateTimeException.class, () -> ServerTime.parse(text));
    }
}

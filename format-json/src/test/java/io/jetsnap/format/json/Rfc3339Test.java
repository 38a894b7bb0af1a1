package io.jetsnap.format.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
    private static final DateTimeFormatter NINE_DIGITS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesUtcWithExactlyNineFractionDigits() {
        assertEquals("2026-11-29T03:00:00.000000000Z", Rfc3339.format(Instant.parse("2026-11-29T03:00:00Z")));
        assertEquals("1970-01-01T00:00:00.000000001Z", Rfc3339.format(Instant.ofEpochSecond(0, 1)));
        assertEquals("1969-12-31T23:59:59.999999999Z", Rfc3339.format(Instant.ofEpochSecond(-1, 999_999_999)));
        assertEquals("0001-01-01T00:00:00.000000000Z", Rfc3339.format(Instant.parse("0001-01-01T00:00:00Z")));
        assertEquals("9999-12-31T23:59:59.999999999Z", Rfc3339.format(Instant.parse("9999-12-31T23:59:59.999999999Z")));
    }

    @Test
    void handWrittenFormAgreesWithJavaTime() {
        Random random = new Random(42);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(min + Math.floorMod(random.nextLong(), max - min), random.nextInt(1_000_000_000));
            String text = Rfc3339.format(t);
            assertEquals(NINE_DIGITS.format(t), text);
            assertEquals(t, Rfc3339.parse(text), text);
        }
    }

    @Test
    void readsAnyOffsetAndPrecision() {
        Instant expected = Instant.parse("2026-11-29T03:00:00.5Z");
        assertEquals(expected, Rfc3339.parse("2026-11-29T03:00:00.5Z"));
        assertEquals(expected, Rfc3339.parse("2026-11-29T04:00:00.500+01:00"));
        assertEquals(expected, Rfc3339.parse("2026-11-28T22:00:00.500000000-05:00"));
        assertEquals(Instant.parse("2026-11-29T03:00:00Z"), Rfc3339.parse("2026-11-29T03:00:00Z"));
    }

    @Test
    void refusesLowerCaseLettersWhichOnlyDamageWouldWrite() {
        // RFC 3339 allows them, but writers write upper case: a 't' or 'z' is a flipped bit (0x54 ^ 0x20 = 0x74)
        assertThrows(DateTimeException.class, () -> Rfc3339.parse("2026-11-29t03:00:00.5Z"));
        assertThrows(DateTimeException.class, () -> Rfc3339.parse("2026-11-29T03:00:00.500000000z"));
    }

    @Test
    void refusesWhatIsNotAnRfc3339Time() {
        for (String bad : new String[] {"", "yesterday", "2026-11-29", "2026-11-29T03:00:00", "2026-02-30T00:00:00.000000000Z",
            "2026-11-29T24:00:00.000000000Z", "2026-11-29T23:60:00.000000000Z", "2026-11-29T03:00:00.0000000000Z",
            "2026-11-29T03:00:00.00000000xZ", "1700000000"}) {
            assertThrows(DateTimeException.class, () -> Rfc3339.parse(bad), bad);
        }
    }
}

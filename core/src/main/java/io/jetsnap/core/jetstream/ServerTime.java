package io.jetsnap.core.jetstream;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A time as nats-server writes it in API answers and headers: Go's RFC 3339 with nanoseconds in
 * UTC, trailing zeros of the fraction dropped ({@code 2026-11-29T08:18:49.78131Z}). Read by hand:
 * java.time's parsers cost more than the rest of a message get's answer. Any other form goes
 * through {@link Instant#parse}, which takes offsets too. Anything that is no time is refused
 * ({@code DateTimeException}); jnats' own parser would turn it into the year 1 without a word.
 */
final class ServerTime {
    private static final int FRACTION_AT = 20;

    private ServerTime() {
    }

    static Instant parse(String text) {
        int length = text.length();
        if (length >= FRACTION_AT && length <= FRACTION_AT + 10 && text.charAt(length - 1) == 'Z'
                && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':'
                && (length == FRACTION_AT || text.charAt(19) == '.' && length > FRACTION_AT + 1)) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            int fraction = length == FRACTION_AT ? 0 : digits(text, FRACTION_AT, length - 1 - FRACTION_AT);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24
                    && minute >= 0 && minute < 60 && second >= 0 && second < 60 && fraction >= 0) {
                for (int i = length - 1 - FRACTION_AT; i < 9; i++) {
                    fraction *= 10;
                }
                long days = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, fraction);
            }
        }
        return Instant.parse(text);
    }

    /** The number in {@code count} decimal digits at {@code at}, or -1 if any is not a digit. */
    private static int digits(String text, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

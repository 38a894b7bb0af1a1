package io.jetsnap.format.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as RFC 3339 text: written in UTC with exactly nine fraction digits, read with any offset
 * and precision (upper-case {@code T} and {@code Z} only). The written form, {@code 2026-11-29T03:00:00.123456789Z}, is formatted and parsed
 * by hand because java.time's formatters cost as much as the rest of a message; anything else
 * goes through {@link DateTimeFormatter}.
 */
final class Rfc3339 {
    private static final DateTimeFormatter WRITE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** The length of the written form. */
    private static final int LENGTH = 30;
    private static final String SHAPE = "0000-00-00T00:00:00.000000000Z";

    private Rfc3339() {
    }

    static String format(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        if (d.getYear() < 0 || d.getYear() > 9999) {
            return WRITE.format(t);
        }
        char[] c = SHAPE.toCharArray();
        digits(c, 0, 4, d.getYear());
        digits(c, 5, 2, d.getMonthValue());
        digits(c, 8, 2, d.getDayOfMonth());
        digits(c, 11, 2, d.getHour());
        digits(c, 14, 2, d.getMinute());
        digits(c, 17, 2, d.getSecond());
        digits(c, 20, 9, d.getNano());
        return new String(c);
    }

    /** Parses an RFC 3339 time; throws {@link DateTimeException} for anything else. */
    static Instant parse(String text) {
        if (text.length() == LENGTH && hasWrittenShape(text)) {
            int hour = number(text, 11, 2);
            int minute = number(text, 14, 2);
            int second = number(text, 17, 2);
            if (hour < 24 && minute < 60 && second < 60) {
                LocalDate date = LocalDate.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2));
                return Instant.ofEpochSecond(date.toEpochDay() * 86_400 + hour * 3600 + minute * 60 + second,
                        number(text, 20, 9));
            }
        }
        if (text.indexOf('t') >= 0 || text.indexOf('z') >= 0) {
            // RFC 3339 allows lower case, but a snapshot is written in upper case: a lower-case
            // letter here is damage (a flipped bit), not another way of writing the same time
            throw new DateTimeException("not an upper-case RFC 3339 time: " + text);
        }
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    }

    private static boolean hasWrittenShape(String text) {
        for (int i = 0; i < LENGTH; i++) {
            char expected = SHAPE.charAt(i);
            char c = text.charAt(i);
            if (expected == '0' ? c < '0' || c > '9' : c != expected) {
                return false;
            }
        }
        return true;
    }

    private static void digits(char[] into, int at, int count, int value) {
        for (int i = at + count - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int number(String text, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            value = value * 10 + text.charAt(i) - '0';
        }
        return value;
    }
}

package io.jetsnap.core;

import java.util.Locale;

/** A count with its noun, singular or plural as the count needs, for messages people read: "1 message", "2 messages". */
public final class Counted {
    private Counted() {
    }

    /** {@code n} and {@code noun}, with an "s" unless {@code n} is 1 ("1 durable consumer", "0 snapshots"). */
    public static String of(long n, String noun) {
        return of(n, noun, noun + "s");
    }

    /** {@code n} and {@code singular} when it is 1, else {@code plural} ("1 index", "2 indexes"). */
    public static String of(long n, String singular, String plural) {
        return String.format(Locale.ROOT, "%d %s", n, n == 1 ? singular : plural);
    }
}
